import { formatDate, relativeDays } from '../model/dates';
import { periodOf } from '../model/loop';
import type { IsmsRecord } from '../model/records';
import type { RepositoryView, Rule } from './rule';

/**
 * The ratified plan to report on, if no ratified plan covers as-of and some ended before it: the
 * one with the latest end (ties: the first by file path, then position; recordsOfKind's order).
 */
function lapsedPlan(repository: RepositoryView, asOf: number): { record: IsmsRecord; end: number } | undefined {
  let latest: { record: IsmsRecord; end: number } | undefined;
  for (const record of repository.recordsOfKind('ImprovementPlan')) {
    if (record.value.status !== 'ratified') continue;
    const period = periodOf(record.value);
    if (!period) continue;
    if (period.start <= asOf && asOf <= period.end) return undefined;
    if (period.end < asOf && (!latest || period.end > latest.end)) latest = { record, end: period.end };
  }
  return latest;
}

export const improvementPlanLapsed: Rule = {
  code: 'improvement-plan-lapsed',
  defaultSeverity: 'warning',
  description: 'No ratified improvement plan covers the as-of date, and the last one has ended; reported once, on the ratified plan that ended last.',
  kinds: ['ImprovementPlan'],
  crossFile: true,
  dependsOnKinds: ['ImprovementPlan'],
  check(record, { repository, asOf, report }) {
    const lapsed = repository.memo(`improvement-plan-lapsed:${asOf}`, () => lapsedPlan(repository, asOf));
    if (lapsed?.record !== record) return;
    report({ record, path: ['period', 'end'], message: `No ratified improvement plan covers ${formatDate(asOf)}: ${record.id ?? 'the last one'} ended ${formatDate(lapsed.end)} (${relativeDays(lapsed.end, asOf)}) (clause 10.1)` });
  },
};
