// Minimal text edits: every fix the tools make replaces or inserts only the bytes it means to
// change, so comments, key order, quoting, flow style, indentation and line endings elsewhere
// stay byte-identical. Offsets are into the text as editors see it (no BOM).

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export class EditRefused extends Error {}

/**
 * Joins insertions at the same offset into one, in the order given (e.g. two keys added to the
 * end of the same mapping), dropping the second's leading line break when the first ends a line.
 */
export function mergeInsertions(edits: readonly TextEdit[]): TextEdit[] {
  const merged: TextEdit[] = [];
  for (const edit of edits) {
    const same = edit.start === edit.end ? merged.find((m) => m.start === edit.start && m.end === edit.start) : undefined;
    if (!same) {
      merged.push({ ...edit });
      continue;
    }
    same.newText += same.newText.endsWith('\n') ? edit.newText.replace(/^\r?\n/, '') : edit.newText;
  }
  return merged;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

/** The line ending the file already uses. */
export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

// ',' ends a value inside flow collections (`[a, b]`, `{k: v}`), so it is plain-safe only in block context.
const PLAIN_SAFE = /^[A-Za-z0-9][A-Za-z0-9 _./@()+-]*$/;
const PLAIN_SAFE_IN_BLOCK = /^[A-Za-z0-9][A-Za-z0-9 _.,/@()+-]*$/;
const AMBIGUOUS = /^(true|false|yes|no|on|off|null|~|[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i;

/**
 * A YAML scalar for `value`: plain when unambiguous, else double-quoted (JSON strings are valid
 * YAML). `context` says whether it is written as a block mapping value or list item, or may be
 * inside a flow collection (the safe default).
 */
export function yamlScalar(value: string | number | boolean, quoteLike?: string, context: 'flow' | 'block' = 'flow'): string {
  if (typeof value !== 'string') return String(value);
  // Single quotes cannot escape: a line break in them folds into a space, so such values go in double quotes.
  if (quoteLike === "'" && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  if (quoteLike === '"') return JSON.stringify(value);
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const plain = context === 'block' ? PLAIN_SAFE_IN_BLOCK : PLAIN_SAFE;
  return isDate || (plain.test(value) && !AMBIGUOUS.test(value) && !value.endsWith(' ')) ? value : JSON.stringify(value);
}
