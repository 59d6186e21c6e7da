import { parseDate } from '../model/dates';
import { isMapping, listField } from '../model/model';
import { recordName, type IsmsRecord } from '../model/records';
import type { Rule } from './rule';

/** The latest measurement dated on or before as-of (by date; on a tie the later in the list). */
export function latestMeasurement(record: IsmsRecord, asOf: number): { index: number; day: number; date: string; value: number } | undefined {
  let latest: { index: number; day: number; date: string; value: number } | undefined;
  listField(record.value, 'measurements').forEach((m, index) => {
    if (!isMapping(m) || typeof m.value !== 'number') return;
    const day = parseDate(m.date);
    if (day === undefined || day > asOf) return;
    if (!latest || day >= latest.day) latest = { index, day, date: m.date as string, value: m.value };
  });
  return latest;
}

/**
 * The latest measurement when it misses the target in the Objective's direction (equal meets it);
 * the rule, the editor's hover and the improvement plan scaffold share it.
 */
export function offTargetMeasurement(record: IsmsRecord, asOf: number): { index: number; date: string; value: number; target: number; direction: string } | undefined {
  const { direction, target } = record.value;
  if (typeof target !== 'number' || (direction !== 'at-most' && direction !== 'at-least')) return undefined;
  const latest = latestMeasurement(record, asOf);
  if (!latest) return undefined;
  const misses = direction === 'at-most' ? latest.value > target : latest.value < target;
  return misses ? { index: latest.index, date: latest.date, value: latest.value, target, direction } : undefined;
}

export const objectiveOffTarget: Rule = {
  code: 'objective-off-target',
  defaultSeverity: 'warning',
  description: "An objective's latest measurement (on or before the as-of date) misses its target.",
  kinds: ['Objective'],
  crossFile: false,
  check(record, { asOf, report }) {
    const off = offTargetMeasurement(record, asOf);
    if (!off) return;
    const unit = typeof record.value.unit === 'string' ? ` ${record.value.unit}` : '';
    report({
      record,
      path: ['measurements', off.index, 'value'],
      message: `Objective ${recordName(record)} is off target: ${off.value}${unit} measured on ${off.date}, target ${off.direction} ${off.target}${unit}`,
    });
  },
};
