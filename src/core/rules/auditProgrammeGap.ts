import { ANNEX_A_CONTROLS } from '../catalog';
import { parseDate } from '../model/dates';
import { periodContains, periodOf } from '../model/loop';
import { ISMS_CLAUSES, listField } from '../model/model';
import { recordName, type IsmsRecord } from '../model/records';
import type { RepositoryView, Rule } from './rule';

const CLAUSE_TITLES: Record<string, string> = {
  '4': 'context of the organization', '5': 'leadership', '6': 'planning', '7': 'support',
  '8': 'operation', '9': 'performance evaluation', '10': 'improvement',
};

const CATALOG_ORDER = new Map(ANNEX_A_CONTROLS.map((c, i) => [c.id, i]));

/** Annex A ids in catalog order, then own ids in string order. */
function compareControls(a: string, b: string): number {
  const ia = CATALOG_ORDER.get(a);
  const ib = CATALOG_ORDER.get(b);
  if (ia !== undefined || ib !== undefined) return (ia ?? Infinity) - (ib ?? Infinity);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The ids of every Control record with `applicable: true`. */
function applicableControls(repository: RepositoryView): readonly string[] {
  return repository.memo('applicable-controls', () => [
    ...new Set(repository.recordsOfKind('Control').filter((c) => c.value.applicable === true && c.id).map((c) => c.id as string)),
  ]);
}

/** The internal audits of a programme: naming it in `programme`, or without `programme` dated in its period. */
function auditsOf(programme: IsmsRecord, repository: RepositoryView, period: { start: number; end: number }): IsmsRecord[] {
  return repository.recordsOfKind('Audit').filter((audit) => {
    if (audit.value.type !== 'internal') return false;
    const named = audit.value.programme;
    if (named !== undefined) return named === programme.id;
    const date = parseDate(audit.value.date);
    return date !== undefined && periodContains(period, date);
  });
}

export const auditProgrammeGap: Rule = {
  code: 'audit-programme-gap',
  defaultSeverity: 'warning',
  description: "A clause or control in an audit programme's scope is covered by none of the programme's internal audits (clause 9.2.2).",
  kinds: ['AuditProgramme'],
  crossFile: true,
  dependsOnKinds: ['Audit', 'Control'],
  check(record, { repository, report }) {
    const value = record.value;
    const period = periodOf(value);
    // Without a readable period the programme's audits are unknown; the period itself is reported.
    if (!period) return;
    const audits = auditsOf(record, repository, period);
    const name = recordName(record);

    const clauses = value.clauses === undefined ? [...ISMS_CLAUSES] : listField(value, 'clauses').filter((c): c is string => (ISMS_CLAUSES as readonly unknown[]).includes(c));
    const audited = audits.flatMap((a) => listField(a.value, 'clauses')).filter((c): c is string => typeof c === 'string').map((c) => c.trim());
    for (const clause of new Set(clauses)) {
      if (audited.some((c) => c === clause || c.startsWith(`${clause}.`))) continue;
      report({ record, message: `Audit programme ${name}: no internal audit of the programme covers clause ${clause} (${CLAUSE_TITLES[clause]}) (clause 9.2.2)` });
    }

    const scope = value.controls === undefined || value.controls === 'applicable'
      ? applicableControls(repository)
      : Array.isArray(value.controls) ? [...new Set(value.controls.filter((c): c is string => typeof c === 'string'))] : [];
    if (scope.length === 0) return;
    const covered = new Set(audits.flatMap((a) => listField(a.value, 'controls')).filter((c): c is string => typeof c === 'string'));
    const uncovered = scope.filter((c) => !covered.has(c)).sort(compareControls);
    if (uncovered.length === 0) return;
    const shown = uncovered.slice(0, 10).join(', ');
    const more = uncovered.length > 10 ? ` and ${uncovered.length - 10} more` : '';
    const n = uncovered.length;
    report({ record, message: `Audit programme ${name}: ${n} control${n === 1 ? ' is' : 's are'} in its scope but in no internal audit of the programme: ${shown}${more} (clause 9.2.2)` });
  },
};
