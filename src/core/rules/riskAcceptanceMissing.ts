import { recordName } from '../model/records';
import type { Rule } from './rule';

export const riskAcceptanceMissing: Rule = {
  code: 'risk-acceptance-missing',
  defaultSeverity: 'warning',
  description: "A risk, not closed, treated by acceptance or with status `accepted`, has no record of the risk owner's acceptance (clause 6.1.3 f).",
  kinds: ['Risk'],
  crossFile: false,
  check(record, { report }) {
    const { status, treatment, acceptance } = record.value;
    if (status === 'closed' || acceptance !== undefined) return;
    if (treatment !== 'accept' && status !== 'accepted') return;
    const why = treatment === 'accept' ? 'is treated by acceptance' : 'has status accepted';
    report({ record, path: ['treatment'], message: `Risk ${recordName(record)} ${why} but records no acceptance of the residual risk by its owner (clause 6.1.3 f)` });
  },
};
