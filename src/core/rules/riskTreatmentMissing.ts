import { isMapping, listField } from '../model/model';
import { recordName } from '../model/records';
import type { Rule } from './rule';

export const riskTreatmentMissing: Rule = {
  code: 'risk-treatment-missing',
  defaultSeverity: 'warning',
  description: 'An open or treating risk to be mitigated or transferred has no treatment action that is not cancelled (clause 6.1.3 e).',
  kinds: ['Risk'],
  crossFile: false,
  check(record, { report }) {
    const { status, treatment } = record.value;
    if ((status !== 'open' && status !== 'treating') || (treatment !== 'mitigate' && treatment !== 'transfer')) return;
    if (listField(record.value, 'treatment_plan').some((a) => isMapping(a) && a.status !== 'cancelled')) return;
    report({ record, path: ['treatment'], message: `Risk ${recordName(record)} is to be ${treatment === 'mitigate' ? 'mitigated' : 'transferred'} but its treatment_plan has no action that is not cancelled (clause 6.1.3 e)` });
  },
};
