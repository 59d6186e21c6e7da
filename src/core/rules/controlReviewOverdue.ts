import { addDuration, formatDate, parseDate, parseDuration, relativeDays } from '../model/dates';
import type { IsmsRecord } from '../model/records';
import type { RepositoryView, Rule } from './rule';

/**
 * The last review of a control: the later of its `last_reviewed` and the date (not after as-of)
 * of any completed Audit listing it. Shared with the sidebar.
 */
export function lastControlReview(control: IsmsRecord, repository: RepositoryView, asOf: number): number | undefined {
  let last = parseDate(control.value.last_reviewed);
  if (!control.id) return last;
  for (const audit of repository.auditsListing(control.id)) {
    if (audit.value.status !== 'completed') continue;
    const date = parseDate(audit.value.date);
    if (date !== undefined && date <= asOf && (last === undefined || date > last)) last = date;
  }
  return last;
}

export const controlReviewOverdue: Rule = {
  code: 'control-review-overdue',
  defaultSeverity: 'warning',
  description: 'An applicable control was never reviewed, or its last review plus its review interval lies before the as-of date.',
  kinds: ['Control'],
  crossFile: true,
  check(record, { repository, config, asOf, report }) {
    if (record.value.applicable !== true) return;
    const path = record.value.last_reviewed !== undefined ? ['last_reviewed'] : ['id'];
    const last = lastControlReview(record, repository, asOf);
    const label = record.id ?? 'Control';
    if (last === undefined) {
      // An unreadable last_reviewed is reported once, as invalid-date (or schema), not as never reviewed.
      if (record.value.last_reviewed !== undefined) return;
      report({ record, path, message: `Control ${label} has never been reviewed` });
      return;
    }
    const interval = parseDuration(record.value.review_interval) ?? config.controlReviewInterval;
    const due = addDuration(last, interval);
    if (due >= asOf) return;
    report({ record, path, message: `Control ${label} was last reviewed ${formatDate(last)}; its next review was due ${formatDate(due)} (${relativeDays(due, asOf)})` });
  },
};
