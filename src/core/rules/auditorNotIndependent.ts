import { listField } from '../model/model';
import { recordName } from '../model/records';
import type { Rule } from './rule';

function person(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : undefined;
}

export const auditorNotIndependent: Rule = {
  code: 'auditor-not-independent',
  defaultSeverity: 'warning',
  description: 'An internal audit is done by the owner of a control it audits (clause 9.2.2 c: objectivity and impartiality).',
  kinds: ['Audit'],
  crossFile: true,
  check(record, { repository, report }) {
    if (record.value.type !== 'internal') return;
    const auditor = person(record.value.auditor);
    if (!auditor) return;
    listField(record.value, 'controls').forEach((id, i) => {
      if (typeof id !== 'string') return;
      const owned = repository.recordsWithId(id).find((r) => r.kind === 'Control' && person(r.value.owner) === auditor);
      if (!owned) return;
      report({ record, path: ['controls', i], message: `Internal audit ${recordName(record)} is done by ${String(record.value.auditor).trim()}, who owns control ${id}; an auditor must not audit their own work (clause 9.2.2 c)` });
    });
  },
};
