// Record validation with the validators compiled from schemas/ at build time, and the mapping of
// ajv's errors to messages a person understands, at the YAML node they are about.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type * as Validators from './generated/validators';
import { RECORD_KINDS, valueAt, type NodePath, type RecordKind, type SuggestedFix, type YamlMapping } from '../model/model';
import { closest } from '../model/nearest';
import { fieldInfo } from './fieldCatalog';
import { show } from '../model/show';

let loaded: Record<RecordKind, ValidateFunction> | undefined;
/**
 * The compiled validators, loaded on first use: the extension bundles them separately
 * (dist/validators.js, scripts/bundleOptions.mjs) so activation does not load them.
 */
function validatorsByKind(): Record<RecordKind, ValidateFunction> {
  if (loaded) return loaded;
  const validators = require('./generated/validators') as typeof Validators;
  loaded = {
    Nonconformity: validators.nonconformity,
    Control: validators.control,
    RootCauseAnalysis: validators.rootCauseAnalysis,
    ManagementReview: validators.managementReview,
    Audit: validators.audit,
    Objective: validators.objective,
    Risk: validators.risk,
    ImprovementPlan: validators.improvementPlan,
    AuditProgramme: validators.auditProgramme,
  };
  return loaded;
}

export type SchemaProblemTarget = 'value' | 'key' | 'mapping';

export interface SchemaProblem {
  path: NodePath;
  /** What the range covers: the offending value, an unknown field's key, or the mapping lacking a field. */
  target: SchemaProblemTarget;
  message: string;
  /** For quick fixes: the nearest valid value, the missing field or the intended field name. */
  fix?: SuggestedFix;
}

export function isRecordKind(kind: unknown): kind is RecordKind {
  return typeof kind === 'string' && (RECORD_KINDS as readonly string[]).includes(kind);
}

export function validateRecord(record: YamlMapping): SchemaProblem[] {
  const kind = record.kind;
  if (kind === undefined) {
    return [{ path: [], target: 'mapping', message: `missing required field 'kind' (one of ${RECORD_KINDS.join(', ')})`, fix: { kind: 'add-field', field: 'kind' } }];
  }
  if (!isRecordKind(kind)) {
    const guess = typeof kind === 'string' ? closest(kind, RECORD_KINDS) : undefined;
    return [{
      path: ['kind'], target: 'value',
      message: `kind: must be one of ${RECORD_KINDS.join(', ')} (got ${show(kind)}${guess ? `; did you mean '${guess}'?` : ''})`,
      fix: guess ? { kind: 'replace-value', value: guess } : undefined,
    }];
  }
  const validate = validatorsByKind()[kind];
  if (validate(record)) return [];
  return describeErrors(kind, validate.errors ?? [], record);
}

function describeErrors(kind: RecordKind, errors: ErrorObject[], record: YamlMapping): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // `if` only says a `then` failed (reported on its own); anyOf branches are summed up by anyOf.
    if (error.keyword === 'if' || error.schemaPath.includes('/anyOf/')) continue;
    const problem = describeError(kind, error, record);
    const key = `${problem.path.join('/')}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function describeError(kind: RecordKind, error: ErrorObject, record: YamlMapping): SchemaProblem {
  const path = pointerToPath(error.instancePath);
  const value = valueAt(record, path);
  const field = displayPath(path);
  const prefix = field ? `${field}: ` : '';
  switch (error.keyword) {
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return { path, target: 'mapping', message: `${prefix}missing required field '${missing}'`, fix: { kind: 'add-field', field: missing } };
    }
    case 'additionalProperties': {
      const unknown = String((error.params as { additionalProperty: string }).additionalProperty);
      // The schema's own field list (fieldInfo), not ajv's verbose errors: those would triple the bundle.
      const known = fieldInfo(kind, path)?.fields.map((f) => f.name) ?? [];
      const guess = closest(unknown, known);
      return {
        path: [...path, unknown], target: 'key',
        message: `${field ? `${field}.` : ''}${unknown}: unknown field${guess ? ` (did you mean '${guess}'?)` : ''}; extension fields must start with 'x-'`,
        fix: guess ? { kind: 'rename-key', field: guess } : undefined,
      };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
      return {
        path, target: 'value',
        message: `${prefix}must be one of ${allowed.join(', ')} (got ${show(value)}${guess ? `; did you mean '${guess}'?` : ''})`,
        fix: guess ? { kind: 'replace-value', value: guess } : undefined,
      };
    }
    case 'const':
      return { path, target: 'value', message: `${prefix}must be ${show((error.params as { allowedValue: unknown }).allowedValue)} (got ${show(value)})` };
    case 'type':
      return { path, target: 'value', message: `${prefix}expected ${typeName(String((error.params as { type: string }).type))} (got ${show(value)})` };
    case 'pattern':
      return { path, target: 'value', message: `${prefix}${patternHint(path)} (got ${show(value)})` };
    case 'minItems':
      return { path, target: 'value', message: `${prefix}must list at least ${(error.params as { limit: number }).limit} item(s)` };
    case 'maxLength':
      return { path, target: 'value', message: `${prefix}must be at most ${(error.params as { limit: number }).limit} characters long` };
    case 'minLength':
      return { path, target: 'value', message: `${prefix}must not be empty` };
    case 'anyOf':
      return { path, target: 'mapping', message: `${prefix}${anyOfHint(kind, path)}` };
    default:
      return { path, target: 'value', message: `${prefix}does not satisfy the schema's '${error.keyword}' rule` };
  }
}

/** The alternatives of an anyOf (e.g. evidence needs `path` or `url`), read from the schema. */
function anyOfHint(kind: RecordKind, path: NodePath): string {
  if (kind === 'AuditProgramme' && path.length === 1 && path[0] === 'controls') return "must be 'applicable' or a list of control ids";
  const required = fieldInfo(kind, path)?.anyOfRequired ?? [];
  return required.length > 0 ? `needs ${required.map((r) => `'${r}'`).join(' or ')}` : 'does not match any allowed shape';
}

function patternHint(path: NodePath): string {
  const last = path[path.length - 1];
  if (last === 'id' || typeof last === 'number') return "must be an id: a letter or digit, then letters, digits, '.', '_' or '-'";
  if (last === 'review_interval') return 'must be a duration like P12M, P6M, P1Y, P90D or P2W';
  return 'has the wrong format';
}

function typeName(type: string): string {
  return type.split(',').map((t) => ({ string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', array: 'a list', object: 'a mapping', null: 'nothing' }[t] ?? t)).join(' or ');
}


export function displayPath(path: NodePath): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out ? `.${segment}` : segment;
  return out;
}

function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((raw) => {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(segment) ? Number(segment) : segment;
  });
}

