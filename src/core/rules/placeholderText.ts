import { RECORD_KINDS } from '../model/model';
import { placeholderPaths } from '../model/placeholders';
import { displayPath } from '../schema/recordSchemas';
import type { Rule } from './rule';

export const placeholderText: Rule = {
  code: 'placeholder-text',
  defaultSeverity: 'warning',
  description: 'A value is still a `<placeholder>` left by a scaffold; fill it in (the other checks skip it until then).',
  kinds: RECORD_KINDS,
  crossFile: false,
  check(record, { report }) {
    for (const path of placeholderPaths(record.value)) {
      const text = String(pathValue(record.value, path)).trim();
      report({ record, path, message: `${displayPath(path)} is still a placeholder: ${text.length > 80 ? `${text.slice(0, 77)}…>` : text}` });
    }
  },
};

function pathValue(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const segment of path) v = (v as Record<string | number, unknown>)[segment];
  return v;
}
