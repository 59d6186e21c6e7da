// The management review inputs the v2 loop records answer: (f) the risk register and the risk
// treatment plan (9.3.2 f: risks above appetite, overdue treatment, expired acceptances) and (g)
// the continual improvement plan covering the review date. Lines for the agenda, as of its date.
import { formatDate, parseDate, relativeDays } from '../model/dates';
import { currentRiskScore, periodContains, periodOf } from '../model/loop';
import { isMapping, listField, type YamlMapping } from '../model/model';
import { actionLabel, actionsOf, isOpenAction, type IsmsRecord } from '../model/records';
import { recordsOfKind, text, type RecordSource } from './scaffold';

function byId(a: IsmsRecord, b: IsmsRecord): number {
  return a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0;
}

function overdueActions(record: IsmsRecord, day: number): YamlMapping[] {
  return actionsOf(record).map((a) => a.action).filter((a) => isOpenAction(a) && (parseDate(a.due) ?? Infinity) < day);
}

/** (f): the register's state, risks above appetite, overdue treatment actions, expired acceptances. */
export function riskInputs(source: RecordSource, day: number, riskAppetite: number | undefined): string[] {
  const risks = recordsOfKind(source, 'Risk').filter((r) => r.value.status !== 'closed' && (parseDate(r.value.identified) ?? day) <= day).sort(byId);
  if (risks.length === 0) return ['No open Risk records in the repository.'];
  const count = (status: string) => risks.filter((r) => r.value.status === status).length;
  const lines = [`Risk register: ${risks.length} risks not closed (${count('open')} open, ${count('treating')} treating, ${count('accepted')} accepted)`];
  const name = (r: IsmsRecord) => `${r.id} ${text(r.value, 'title') ?? ''}`.trim();
  if (riskAppetite !== undefined) {
    const above = risks.map((r) => ({ r, score: currentRiskScore(r.value) })).filter((x) => x.score !== undefined && x.score > riskAppetite)
      .sort((a, b) => b.score! - a.score! || byId(a.r, b.r));
    if (above.length === 0) lines.push(`No risk above the risk appetite of ${riskAppetite}.`);
    for (const { r, score } of above) lines.push(`Above the risk appetite of ${riskAppetite}: ${name(r)} (score ${score}, ${text(r.value, 'treatment') ?? 'no treatment'}, owner ${text(r.value, 'owner') ?? 'none'})`);
  }
  for (const r of risks) {
    const late = overdueActions(r, day);
    if (late.length === 0) continue;
    lines.push(`Treatment overdue: ${name(r)}: ${late.map((a) => `'${actionLabel(a, 0)}' due ${String(a.due)} (${relativeDays(parseDate(a.due)!, day).replace(' ago', ' overdue')})`).join('; ')}`);
  }
  for (const r of risks) {
    const acceptance = r.value.acceptance;
    const expires = isMapping(acceptance) ? parseDate(acceptance.expires) : undefined;
    if (expires !== undefined && expires < day) lines.push(`Acceptance expired: ${name(r)}, accepted by ${text(acceptance as YamlMapping, 'accepted_by') ?? 'unknown'}, expired ${String((acceptance as YamlMapping).expires)}`);
    if ((r.value.treatment === 'accept' || r.value.status === 'accepted') && acceptance === undefined) lines.push(`Acceptance not recorded: ${name(r)}`);
  }
  return lines;
}

/**
 * (g): the improvement plans covering the review date (ratified first) and, when none of them is
 * ratified, the ratified plan that ended last (the review judges it): their initiatives' progress.
 */
export function planInputs(source: RecordSource, day: number): string[] {
  const all = recordsOfKind(source, 'ImprovementPlan').map((record) => ({ record, period: periodOf(record.value) }))
    .filter((p): p is { record: IsmsRecord; period: NonNullable<ReturnType<typeof periodOf>> } => p.period !== undefined && p.record.value.status !== 'superseded');
  const plans = all.filter((p) => periodContains(p.period, day))
    .sort((a, b) => Number(b.record.value.status === 'ratified') - Number(a.record.value.status === 'ratified') || byId(a.record, b.record));
  if (!plans.some((p) => p.record.value.status === 'ratified')) {
    const ended = all.filter((p) => p.record.value.status === 'ratified' && p.period.end < day).sort((a, b) => b.period.end - a.period.end || byId(a.record, b.record))[0];
    if (ended) plans.push(ended);
  }
  if (plans.length === 0) return ['No improvement plan covers the review date.'];
  const lines: string[] = [];
  for (const { record: plan, period } of plans) {
    const initiatives = listField(plan.value, 'initiatives').filter(isMapping);
    const done = initiatives.filter((i) => i.status === 'done').length;
    const state = plan.value.status === 'ratified' ? `ratified by ${text(plan.value, 'ratified_by') ?? 'unknown'} on ${String(plan.value.ratified_on)}` : String(plan.value.status);
    const title = text(plan.value, 'title');
    const ended = period.end < day ? `, ended ${formatDate(period.end)}` : '';
    lines.push(`${plan.id}${title ? ` ${title}` : ''} (${state}${ended}): ${done} of ${initiatives.length} initiative${initiatives.length === 1 ? '' : 's'} done`);
    initiatives.forEach((initiative, i) => {
      if (!isOpenAction(initiative)) return;
      const due = parseDate(initiative.due);
      const when = due === undefined ? '' : due < day ? `, due ${String(initiative.due)}, ${relativeDays(due, day).replace(' ago', ' overdue')}` : `, due ${String(initiative.due)}`;
      lines.push(`${plan.id} initiative '${actionLabel(initiative, i)}' (${String(initiative.status)}, owner ${text(initiative, 'owner') ?? 'none'}${when})`);
    });
  }
  return lines;
}
