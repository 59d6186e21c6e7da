import { recordName } from '../model/records';
import type { Rule } from './rule';

export const soaJustificationMissing: Rule = {
  code: 'soa-justification-missing',
  defaultSeverity: 'warning',
  description: 'A control excluded from the Statement of Applicability (`applicable: false`) has no justification.',
  kinds: ['Control'],
  crossFile: false,
  check(record, { report }) {
    if (record.value.applicable !== false) return;
    const justification = record.value.justification;
    if (typeof justification === 'string' && justification.trim() !== '') return;
    report({ record, path: ['applicable'], message: `Control ${recordName(record)} is not applicable but gives no justification for excluding it` });
  },
};
