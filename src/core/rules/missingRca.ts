import type { Rule } from './rule';

export const missingRca: Rule = {
  code: 'missing-rca',
  defaultSeverity: 'warning',
  description: 'A major nonconformity (not rejected) has no root cause analysis (clause 10.2 b).',
  kinds: ['Nonconformity'],
  crossFile: true,
  check(record, { repository, report }) {
    const { severity, status, rca } = record.value;
    if (severity !== 'major' || status === 'rejected' || !record.id) return;
    if (typeof rca === 'string' && rca.trim() !== '') return;
    if (repository.rcasFor(record.id).length > 0) return;
    report({ record, path: ['id'], message: `Major nonconformity ${record.id} has no root cause analysis (clause 10.2 b)` });
  },
};
