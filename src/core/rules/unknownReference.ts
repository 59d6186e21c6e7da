import { catalogControl, control2013, looksLike2013Numbering, looksLikeAnnexA, successorMessage } from '../catalog';
import { referencesOf } from '../model/records';
import { RECORD_KINDS } from '../model/model';
import { isPlaceholder } from '../model/placeholders';
import type { Rule } from './rule';

export const unknownReference: Rule = {
  code: 'unknown-reference',
  defaultSeverity: 'error',
  description: 'A reference names no record of the expected kind (Control refs also resolve to the Annex A 2022 catalog).',
  kinds: RECORD_KINDS,
  crossFile: true,
  check(record, { repository, report }) {
    for (const ref of referencesOf(record)) {
      if (isPlaceholder(ref.target)) continue;
      const candidates = repository.recordsWithId(ref.target);
      if (candidates.some((r) => r.kind === ref.expected)) continue;
      if (ref.expected === 'Control' && catalogControl(ref.target)) continue;
      let message: string;
      const old = ref.expected === 'Control' ? control2013(ref.target) : undefined;
      if (old) {
        message = successorMessage(old);
      } else if (ref.expected === 'Control' && looksLikeAnnexA(ref.target)) {
        message = `${ref.target} is not an ISO 27001:2022 Annex A control${looksLike2013Numbering(ref.target) ? ' (2013 numbering?)' : ' (Annex A 2022 runs A.5.1–A.5.37, A.6.1–A.6.8, A.7.1–A.7.14, A.8.1–A.8.34)'}`;
      } else if (candidates.length > 0 && candidates[0].kind) {
        message = `'${ref.target}' is ${article(candidates[0].kind)} ${candidates[0].kind}, not ${article(ref.expected)} ${ref.expected}`;
      } else {
        message = `No ${ref.expected} with id '${ref.target}' in the repository`;
      }
      report({ record, path: ref.path, message });
    }
  },
};

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? 'an' : 'a';
}

