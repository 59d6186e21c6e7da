import { isMapping } from '../model/model';
import { recordName } from '../model/records';
import type { Rule } from './rule';

export const effectivenessReviewMissing: Rule = {
  code: 'effectiveness-review-missing',
  defaultSeverity: 'warning',
  description: 'A closed nonconformity has no effectiveness review, or its result is not `effective` (clause 10.2 d).',
  kinds: ['Nonconformity'],
  crossFile: false,
  check(record, { report }) {
    if (record.value.status !== 'closed') return;
    const effectiveness = record.value.effectiveness;
    if (!isMapping(effectiveness)) {
      report({ record, path: ['status'], message: `Nonconformity ${recordName(record)} is closed without an effectiveness review (clause 10.2 d)` });
    } else if (effectiveness.result !== 'effective') {
      const result = typeof effectiveness.result === 'string' ? effectiveness.result : 'not recorded';
      report({ record, path: ['status'], message: `Nonconformity ${recordName(record)} is closed but its effectiveness review result is ${result}, not effective (clause 10.2 d)` });
    }
  },
};
