import { parseDate, relativeDays } from '../model/dates';
import { isMapping } from '../model/model';
import type { Rule } from './rule';

export const effectivenessReviewOverdue: Rule = {
  code: 'effectiveness-review-overdue',
  defaultSeverity: 'warning',
  description: 'A pending effectiveness review is past its due date.',
  kinds: ['Nonconformity'],
  crossFile: false,
  check(record, { asOf, report }) {
    const effectiveness = record.value.effectiveness;
    if (record.value.status === 'rejected' || !isMapping(effectiveness) || effectiveness.result !== 'pending') return;
    const due = parseDate(effectiveness.due);
    if (due === undefined || due >= asOf) return;
    report({ record, path: ['effectiveness', 'due'], message: `Effectiveness review was due ${effectiveness.due as string} (${relativeDays(due, asOf)})` });
  },
};
