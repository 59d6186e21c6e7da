import { formatDate } from '../model/dates';
import { periodContains, periodOf } from '../model/loop';
import { recordName } from '../model/records';
import type { Rule } from './rule';

export const improvementPlanNotRatified: Rule = {
  code: 'improvement-plan-not-ratified',
  defaultSeverity: 'warning',
  description: 'An improvement plan is still a draft while its period is under way (clause 10.1: top management ratifies it).',
  kinds: ['ImprovementPlan'],
  crossFile: false,
  check(record, { asOf, report }) {
    if (record.value.status !== 'draft') return;
    const period = periodOf(record.value);
    if (!period || !periodContains(period, asOf)) return;
    report({ record, path: ['status'], message: `Improvement plan ${recordName(record)} for ${formatDate(period.start)}..${formatDate(period.end)} is still a draft; it needs ratification by top management` });
  },
};
