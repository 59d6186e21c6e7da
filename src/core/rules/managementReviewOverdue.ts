import { addDuration, formatDate, parseDate, relativeDays } from '../model/dates';
import type { IsmsRecord } from '../model/records';
import type { RepositoryView, Rule } from './rule';

/** The latest held review dated on or before as-of (ties: first by file path, then position). */
function latestHeldReview(repository: RepositoryView, asOf: number): { record: IsmsRecord; date: number } | undefined {
  let latest: { record: IsmsRecord; date: number } | undefined;
  for (const record of repository.recordsOfKind('ManagementReview')) {
    if (record.value.status !== 'held') continue;
    const date = parseDate(record.value.date);
    if (date === undefined || date > asOf) continue;
    if (!latest || date > latest.date) latest = { record, date };
  }
  return latest;
}

export const managementReviewOverdue: Rule = {
  code: 'management-review-overdue',
  defaultSeverity: 'warning',
  description: 'The latest held management review plus `managementReviewInterval` (P12M) lies before the as-of date; reported once, on that review (clause 9.3).',
  kinds: ['ManagementReview'],
  crossFile: true,
  dependsOnKinds: ['ManagementReview'],
  check(record, { repository, config, asOf, report }) {
    const latest = repository.memo(`latest-held-review:${asOf}`, () => latestHeldReview(repository, asOf));
    if (latest?.record !== record) return;
    const due = addDuration(latest.date, config.managementReviewInterval);
    if (due >= asOf) return;
    report({ record, path: ['date'], message: `The last management review, ${record.id ?? 'this one'}, was held ${formatDate(latest.date)}; the next was due ${formatDate(due)} (${relativeDays(due, asOf)}) (clause 9.3)` });
  },
};
