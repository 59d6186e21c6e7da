import { listField } from '../model/model';
import { hasText } from '../model/loop';
import { recordName } from '../model/records';
import type { Rule } from './rule';

export const reviewDecisionsMissing: Rule = {
  code: 'review-decisions-missing',
  defaultSeverity: 'warning',
  description: 'A held management review records no decisions and no actions (clause 9.3.3).',
  kinds: ['ManagementReview'],
  crossFile: false,
  check(record, { report }) {
    if (record.value.status !== 'held') return;
    if (listField(record.value, 'decisions').some((d) => hasText(d))) return;
    if (listField(record.value, 'actions').length > 0) return;
    report({ record, path: ['status'], message: `Management review ${recordName(record)} is held but records no decisions and no actions (clause 9.3.3)` });
  },
};
