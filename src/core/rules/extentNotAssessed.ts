import { hasText } from '../model/loop';
import { recordName } from '../model/records';
import type { Rule } from './rule';

export const extentNotAssessed: Rule = {
  code: 'extent-not-assessed',
  defaultSeverity: 'warning',
  description: 'A major nonconformity is implemented or closed without `similar`: whether similar nonconformities exist or could occur (clause 10.2 b 3).',
  kinds: ['Nonconformity'],
  crossFile: false,
  check(record, { report }) {
    const { severity, status } = record.value;
    if (severity !== 'major' || (status !== 'implemented' && status !== 'closed') || hasText(record.value.similar)) return;
    report({ record, path: ['status'], message: `Major nonconformity ${recordName(record)} is ${status} without \`similar\`: whether similar nonconformities exist or could occur (clause 10.2 b 3)` });
  },
};
