import { parseDate } from '../model/dates';
import { isMapping, listField } from '../model/model';
import { recordName } from '../model/records';
import type { Rule } from './rule';

export const objectiveOffTarget: Rule = {
  code: 'objective-off-target',
  defaultSeverity: 'warning',
  description: "An objective's latest measurement (on or before the as-of date) misses its target.",
  kinds: ['Objective'],
  crossFile: false,
  check(record, { asOf, report }) {
    const { direction, target } = record.value;
    if (typeof target !== 'number' || (direction !== 'at-most' && direction !== 'at-least')) return;
    let latest: { index: number; day: number; date: string; value: number } | undefined;
    listField(record.value, 'measurements').forEach((m, index) => {
      if (!isMapping(m) || typeof m.value !== 'number') return;
      const day = parseDate(m.date);
      if (day === undefined || day > asOf) return;
      if (!latest || day >= latest.day) latest = { index, day, date: m.date as string, value: m.value };
    });
    if (!latest) return;
    const misses = direction === 'at-most' ? latest.value > target : latest.value < target;
    if (!misses) return;
    const unit = typeof record.value.unit === 'string' ? ` ${record.value.unit}` : '';
    report({
      record,
      path: ['measurements', latest.index, 'value'],
      message: `Objective ${recordName(record)} is off target: ${latest.value}${unit} measured on ${latest.date}, target ${direction} ${target}${unit}`,
    });
  },
};

