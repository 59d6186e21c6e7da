import { addDuration, formatDate, parseDate, parseDuration, relativeDays } from '../model/dates';
import { recordName } from '../model/records';
import type { Rule } from './rule';

export const riskReviewOverdue: Rule = {
  code: 'risk-review-overdue',
  defaultSeverity: 'warning',
  description: 'A risk, not closed, whose last assessment (`assessed`, else `identified`) plus its review interval lies before the as-of date (clause 8.2).',
  kinds: ['Risk'],
  crossFile: false,
  check(record, { asOf, config, report }) {
    const value = record.value;
    if (value.status === 'closed') return;
    const field = value.assessed !== undefined ? 'assessed' : 'identified';
    // An unreadable date is reported once, as invalid-date (or schema); never guessed from the other.
    const last = parseDate(value[field]);
    if (last === undefined) return;
    const interval = parseDuration(value.review_interval) ?? config.riskReviewInterval;
    const due = addDuration(last, interval);
    if (due >= asOf) return;
    const what = field === 'assessed' ? 'last assessed' : 'identified';
    report({ record, path: [field], message: `Risk ${recordName(record)} was ${what} ${formatDate(last)}; its reassessment was due ${formatDate(due)} (${relativeDays(due, asOf)})` });
  },
};
