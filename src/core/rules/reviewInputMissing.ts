import { isMapping, type YamlValue } from '../model/model';
import type { Rule } from './rule';

/** The inputs clause 9.3.2 requires a management review to consider. */
export const REVIEW_INPUTS: ReadonlyArray<{ path: readonly string[]; letter: string; topic: string }> = [
  { path: ['previous_actions'], letter: 'a', topic: 'status of actions from previous management reviews' },
  { path: ['issues'], letter: 'b', topic: 'changes in external and internal issues' },
  { path: ['interested_parties'], letter: 'c', topic: 'changes in needs and expectations of interested parties' },
  { path: ['performance', 'nonconformities'], letter: 'd1', topic: 'nonconformities and corrective actions' },
  { path: ['performance', 'monitoring'], letter: 'd2', topic: 'monitoring and measurement results' },
  { path: ['performance', 'audits'], letter: 'd3', topic: 'audit results' },
  { path: ['performance', 'objectives'], letter: 'd4', topic: 'fulfilment of information security objectives' },
  { path: ['feedback'], letter: 'e', topic: 'feedback from interested parties' },
  { path: ['risks'], letter: 'f', topic: 'results of risk assessment and status of the risk treatment plan' },
  { path: ['improvement'], letter: 'g', topic: 'opportunities for continual improvement' },
];

export function isEmptyInput(value: YamlValue | undefined): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every((item) => isEmptyInput(item));
  return false;
}

export const reviewInputMissing: Rule = {
  code: 'review-input-missing',
  defaultSeverity: 'warning',
  description: 'A held management review lacks one of the ten clause 9.3.2 inputs, or leaves it empty.',
  kinds: ['ManagementReview'],
  crossFile: false,
  check(record, { report }) {
    if (record.value.status !== 'held') return;
    const inputs = record.value.inputs;
    const at = inputs !== undefined ? { path: ['inputs'], atKey: true } : { path: ['id'] };
    for (const input of REVIEW_INPUTS) {
      let value: YamlValue | undefined = inputs;
      for (const segment of input.path) value = isMapping(value) ? value[segment] : undefined;
      if (!isEmptyInput(value)) continue;
      report({ record, ...at, message: `Management review input (${input.letter}) ${input.path.join('.')} is ${value === undefined ? 'missing' : 'empty'}: ${input.topic} (clause 9.3.2)` });
    }
  },
};
