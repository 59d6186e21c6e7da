// Suppression comments, as users know them from linters:
//   # isms-disable-next-line overdue-action -- agreed with the CISO on 2026-11-02
//   # isms-disable-file control-review-overdue
// No code after the directive means every code. The reason after `--` is for reviewers.
import type { IsmsDiagnostic } from '../model/model';
import type { LineMap } from '../parse/lines';

const DIRECTIVE = /#\s*isms-disable-(next-line|file)\b([^\n]*)/g;

export interface Suppressions {
  /** Line (0-based) -> codes suppressed on it; an empty set means all codes. */
  lines: ReadonlyMap<number, Set<string>>;
  /** Codes suppressed in the whole file; undefined when none; an empty set means all codes. */
  file: Set<string> | undefined;
}

/** A file without suppression comments (most files): one shared value, not a Map per file. */
export const NO_SUPPRESSIONS: Suppressions = Object.freeze({ lines: new Map<number, Set<string>>(), file: undefined });

export function findSuppressions(text: string, lines: LineMap): Suppressions {
  if (!text.includes('isms-disable-')) return NO_SUPPRESSIONS;
  const result = { lines: new Map<number, Set<string>>(), file: undefined as Set<string> | undefined };
  for (const match of text.matchAll(DIRECTIVE)) {
    const codes = new Set(match[2].split('--')[0].split(/[\s,]+/).filter(Boolean));
    if (match[1] === 'file') {
      result.file = mergeCodes(result.file, codes);
    } else {
      const line = lines.position(match.index ?? 0).line + 1;
      result.lines.set(line, mergeCodes(result.lines.get(line), codes));
    }
  }
  return result;
}

export function isSuppressed(diagnostic: IsmsDiagnostic, suppressions: Suppressions): boolean {
  const covers = (codes: Set<string> | undefined) => codes !== undefined && (codes.size === 0 || codes.has(diagnostic.code));
  return covers(suppressions.file) || covers(suppressions.lines.get(diagnostic.range.start.line));
}

/** Union of two code sets where the empty set stands for "all codes". */
function mergeCodes(existing: Set<string> | undefined, added: Set<string>): Set<string> {
  if (existing === undefined) return added;
  if (existing.size === 0 || added.size === 0) return new Set();
  return new Set([...existing, ...added]);
}
