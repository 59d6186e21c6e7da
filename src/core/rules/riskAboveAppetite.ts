import { currentRiskScore } from '../model/loop';
import { recordName } from '../model/records';
import type { Rule } from './rule';

export const riskAboveAppetite: Rule = {
  code: 'risk-above-appetite',
  defaultSeverity: 'warning',
  description: 'Only when `riskAppetite` is set: a risk, not closed, treated by acceptance whose current score (residual, else inherent likelihood x impact) is above the appetite.',
  kinds: ['Risk'],
  crossFile: false,
  check(record, { config, report }) {
    const appetite = config.riskAppetite;
    const { status, treatment } = record.value;
    if (appetite === undefined || status === 'closed' || treatment !== 'accept') return;
    const score = currentRiskScore(record.value);
    if (score === undefined || score <= appetite) return;
    const which = record.value.residual !== undefined ? 'residual' : 'inherent';
    report({ record, path: ['treatment'], message: `Risk ${recordName(record)} is accepted with a ${which} score of ${score}, above the risk appetite of ${appetite}` });
  },
};
