// What the schemas say about a field, for hovers and completion in the editor: its
// description, allowed values and the fields a mapping may hold.
import generated from './generated/fieldCatalog.json';
import type { NodePath, RecordKind } from '../model/model';
import { yamlScalar } from '../edits/textEdit';

interface JsonSchema {
  $ref?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  definitions?: Record<string, JsonSchema>;
}

/**
 * The record schemas, reduced at build time to what this module reads, with the definitions
 * several kinds share alike (the Action) kept once under `shared` (scripts/build.mjs).
 */
const catalog = generated as unknown as { shared: Record<string, JsonSchema>; kinds: Record<string, JsonSchema> };
const schemas = catalog.kinds;
const SCHEMAS: Record<RecordKind, JsonSchema> = {
  Nonconformity: schemas.nonconformity,
  Control: schemas.control,
  RootCauseAnalysis: schemas['root-cause-analysis'],
  ManagementReview: schemas['management-review'],
  Audit: schemas.audit,
  Objective: schemas.objective,
  Risk: schemas.risk,
  ImprovementPlan: schemas['improvement-plan'],
  AuditProgramme: schemas['audit-programme'],
};

export interface FieldInfo {
  description?: string;
  values: string[];
  /** Each value as written in YAML (parallel to `values`): the string "4" is `"4"`, a plain 4 would be a number. */
  texts: string[];
  fields: Array<{ name: string; description?: string; required: boolean }>;
  /** Fields of which at least one is required (an `anyOf` of `required`). */
  anyOfRequired: string[];
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 10; hops++) {
    const name = current.$ref.replace('#/definitions/', '');
    current = root.definitions?.[name] ?? catalog.shared[name] ?? {};
  }
  return current;
}

/** The schema of the field at `path` in a record of `kind` (list indexes are any item). */
export function fieldInfo(kind: RecordKind, path: NodePath): FieldInfo | undefined {
  const root = SCHEMAS[kind];
  let schema: JsonSchema | undefined = root;
  for (const segment of path) {
    schema = resolve(schema, root);
    if (typeof segment === 'number') {
      schema = schema.items;
    } else {
      schema = schema.properties?.[segment] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    }
    if (!schema) return undefined;
  }
  schema = resolve(schema, root);
  // An anyOf of keywords and other shapes (AuditProgramme `controls: applicable | [...]`) offers its keywords.
  const keywords = (schema.anyOf ?? []).flatMap((branch) => branch.enum ?? (branch.const !== undefined ? [branch.const] : []));
  const raw = [...(schema.enum ?? (schema.const !== undefined ? [schema.const] : [])), ...keywords];
  if (schema.type === 'boolean') raw.push(true, false);
  const values = raw.map(String);
  const texts = raw.map((v) => (typeof v === 'string' ? yamlScalar(v) : String(v)));
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, description: resolve(s, root).description ?? s.description, required: required.has(name) }));
  const anyOfRequired = (schema.anyOf ?? []).flatMap((branch) => branch.required ?? []);
  return { description: schema.description, values, texts, fields, anyOfRequired };
}
