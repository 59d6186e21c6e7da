// A quick reader for the old versions of ISMS files the history reads by the thousand (yaml's
// lexer and parser were two thirds of a cold history pass). It reads, line by line, the narrow
// block-YAML subset ISMS files are usually written in: block mappings with plain keys, block
// sequences (compact `- key: value` items), single-line plain and simply quoted scalars, simple
// `>`/`|` block scalars, one-line flow collections of words, comments, blank lines, `---`
// between documents. Anything else (a tab, a CR, a multi-line flow collection, an anchor, a tag, an alias, an escape, a multi-line plain or quoted
// scalar, an empty value, a duplicate key, a `: ` inside a plain scalar, odd indentation ...)
// makes it decline the whole version, and versions.ts reads it with readIsmsFile as before; so it
// never has to know what is an error in YAML, only what is certainly not one.
//
// Values that are not simply strings are only read far enough to know the YAML is valid (UNREAD);
// the history (history/versions.ts quickVersion) declines a version whose needed values are
// UNREAD. What it reads must be exactly what yaml reads: test/unit/quickDocuments.test.ts
// compares the resulting versions with readIsmsFile's on the fixtures and mutated records,
// bench/historyParity.mjs on every version of the benchmark's history.
import type { YamlMapping } from '../model/model';
import { isPlainString } from './cstDocuments';

/** A value read only far enough to know it is valid YAML (a number, a folded text with blank lines ...). */
export const UNREAD = Symbol('unread');
const DECLINE = Symbol('decline');
function decline(): never {
  throw DECLINE;
}

// Characters that make YAML's line breaks, indentation or printable set differ from the plain
// reading below (tab, CR, NEL, LS, PS, BOM, C0/C1 controls, non-characters).
const AWKWARD = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
/** A plain key and its `:` (then a space or the line's end), matched where the key starts. */
const KEY_AT = /([A-Za-z_][A-Za-z0-9_-]{0,200}):(?: |$)/y;
const QUOTED_TAIL = /^ +(?:#.*)?$/;
/** Characters that cannot start a plain scalar here (YAML indicators), or that start what this reader leaves to yaml. */
const INDICATOR = new Set('-?:,[]{}#&*!%@`|>\'"');
const BLOCK_HEADER = /^([|>])(-?) *$/;
const DOCUMENT_START = /^--- *$/;
const MAX_DEPTH = 32;

/** The documents' values (comment-only documents left out), or undefined when yaml must read the text. */
export function readQuickDocuments(text: string): YamlMapping[] | undefined {
  if (AWKWARD.test(text)) return undefined;
  try {
    return new LineReader(text).documents();
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
}

/**
 * A flow sequence or mapping on one line (`[A.5.1, "9.1"]`, `{likelihood: 2, impact: 5}`) of
 * plain words and simply quoted scalars: checked, not read (no value the history needs is one).
 */
function flowCollection(text: string): typeof UNREAD {
  const close = text.charAt(0) === '[' ? ']' : '}';
  const end = text.indexOf(close);
  if (end === -1) decline();
  const after = text.slice(end + 1);
  if (after !== '' && !/^ +(?:#.*)?$/.test(after)) decline();
  const inner = text.slice(1, end);
  if (inner.trim() === '') return UNREAD;
  const keys = new Set<string>();
  for (const item of inner.split(',')) {
    let entry = item.replace(/^ +| +$/g, '');
    if (close === '}') {
      const m = /^([A-Za-z_][A-Za-z0-9_-]{0,200}): +/.exec(entry);
      if (!m || keys.has(m[1]) || m[1] === '__proto__' || !isPlainString(m[1])) decline();
      keys.add(m[1]);
      entry = entry.slice(m[0].length);
    }
    if (!FLOW_ITEM.test(entry)) decline();
  }
  return UNREAD;
}
/** A plain word (no indicator first, no flow indicator, `:` or `#` anywhere) or a quoted scalar without escapes. */
const FLOW_ITEM = /^(?:[^-?:,[\]{}#&*!%@`|>'" ][^,[\]{}:#'"]*|"[^"\\[\]{},]*"|'[^'[\]{},]*')$/;

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

/** Whether the line has a sequence item's `-` at `at`. */
function isItemAt(line: string, at: number): boolean {
  return line.charCodeAt(at) === 45 && (at + 1 === line.length || line.charCodeAt(at + 1) === 32);
}

class LineReader {
  private readonly lines: string[];
  /** Whether the last line ends with a line break (a block scalar there keeps none). */
  private readonly lastHasBreak: boolean;
  /** The line being read. */
  private i = 0;

  constructor(text: string) {
    this.lines = text.split('\n');
    this.lastHasBreak = text.endsWith('\n');
    if (this.lastHasBreak) this.lines.pop();
  }

  documents(): YamlMapping[] {
    const documents: YamlMapping[] = [];
    for (;;) {
      const at = this.peek();
      if (at === -1) return documents;
      const line = this.lines[at];
      if (DOCUMENT_START.test(line)) {
        this.i++;
        continue;
      }
      if (this.indent !== 0 || line.startsWith('---') || line.startsWith('...') || line.startsWith('%')) decline();
      documents.push(this.mapping(0, 0, undefined, 0));
      const next = this.peek();
      if (next !== -1 && !DOCUMENT_START.test(this.lines[next])) decline();
    }
  }

  /** The indentation of the line `peek` found. */
  private indent = 0;

  /** The next line with content (not blank, not a comment), from the current one; -1 at the end. */
  private peek(): number {
    const { lines } = this;
    while (this.i < lines.length) {
      const line = lines[this.i];
      const indent = indentOf(line);
      if (indent === line.length || line.charCodeAt(indent) === 35) {
        this.i++;
        continue;
      }
      this.indent = indent;
      return this.i;
    }
    return -1;
  }

  /**
   * A block mapping at `indent`. `first` is a sequence item's line (`- key: value`), whose
   * mapping's first key starts at `firstAt`; otherwise the mapping starts on the next line.
   */
  private mapping(indent: number, depth: number, first: string | undefined, firstAt: number): YamlMapping {
    if (depth > MAX_DEPTH) decline();
    const map: Record<string, unknown> = {};
    let line = first;
    let at = firstAt;
    for (;;) {
      if (line === undefined) {
        const next = this.peek();
        if (next === -1) break;
        const text = this.lines[next];
        if (this.indent < indent) break;
        if (this.indent > indent) decline(); // a continuation line, or indentation yaml would judge
        if (indent === 0 && (text.startsWith('---') || text.startsWith('...'))) break;
        line = text;
        at = indent;
      }
      KEY_AT.lastIndex = at;
      const m = KEY_AT.exec(line);
      if (!m) decline();
      const key = m[1];
      if (key === '__proto__' || Object.prototype.hasOwnProperty.call(map, key) || !isPlainString(key)) decline();
      this.i++;
      map[key] = this.value(line, at + m[0].length, indent, depth);
      line = undefined;
    }
    return map as YamlMapping;
  }

  /** A mapping entry's value, after `key: ` (at `at`) on its line. */
  private value(line: string, at: number, indent: number, depth: number): unknown {
    let start = at;
    while (line.charCodeAt(start) === 32) start++;
    if (start === line.length || line.charCodeAt(start) === 35) {
      // Nothing (or a comment) after the key: the value is on the following lines.
      const next = this.peek();
      if (next === -1) decline(); // null
      const item = isItemAt(this.lines[next], this.indent);
      if (this.indent > indent) return item ? this.sequence(this.indent, depth + 1) : this.mapping(this.indent, depth + 1, undefined, 0);
      if (this.indent === indent && item) return this.sequence(indent, depth + 1);
      decline(); // null
    }
    return this.scalar(line, start, indent);
  }

  private sequence(indent: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) decline();
    const items: unknown[] = [];
    for (;;) {
      const next = this.peek();
      if (next === -1) break;
      const line = this.lines[next];
      if (this.indent < indent) break;
      if (this.indent > indent) decline();
      if (!isItemAt(line, indent)) break; // the mapping above decides (its next key, or a line yaml would judge)
      let start = indent + 1;
      while (line.charCodeAt(start) === 32) start++;
      if (start === line.length || line.charCodeAt(start) === 35) decline(); // the item on the following lines
      KEY_AT.lastIndex = start;
      if (KEY_AT.test(line)) {
        items.push(this.mapping(start, depth + 1, line, start));
        continue;
      }
      const c = line.charCodeAt(start);
      if (c === 124 || c === 62) decline(); // `|`, `>`
      this.i++;
      items.push(this.scalar(line, start, indent));
    }
    return items;
  }

  /** A scalar starting at `start` on the current line; `indent`: its mapping's or sequence's. */
  private scalar(line: string, start: number, indent: number): unknown {
    const c = line.charAt(start);
    if (c === '"' || c === "'") {
      const end = line.indexOf(c, start + 1);
      if (end === -1) decline(); // multi-line
      const content = line.slice(start + 1, end);
      if (c === '"' && content.includes('\\')) decline();
      if (end + 1 < line.length && !QUOTED_TAIL.test(line.slice(end + 1))) decline();
      return content;
    }
    if (c === '|' || c === '>') return this.block(line.slice(start), indent);
    if (c === '[' || c === '{') return flowCollection(line.slice(start));
    if (INDICATOR.has(c)) decline();
    const hash = line.indexOf(' #', start);
    let end = hash === -1 ? line.length : hash;
    while (end > start && line.charCodeAt(end - 1) === 32) end--;
    // `: ` inside, or `:` at the end, would be a mapping in yaml's reading.
    const colon = line.indexOf(': ', start);
    if ((colon !== -1 && colon + 2 <= end) || line.charCodeAt(end - 1) === 58) decline();
    const value = line.slice(start, end);
    return isPlainString(value) ? value : UNREAD;
  }

  /** A block scalar whose header (`>`, `|`, `>-`, `|-`) ends the current line; reads its content lines. */
  private block(header: string, indent: number): unknown {
    const m = BLOCK_HEADER.exec(header);
    if (!m) decline();
    const { lines } = this;
    const content: string[] = [];
    let contentIndent = -1;
    let simple = true;
    while (this.i < lines.length) {
      const line = lines[this.i];
      const lineIndent = indentOf(line);
      if (lineIndent === line.length) {
        // Blank lines: inside the text (then it is not the simple one), or after it (then they change nothing).
        let next = this.i + 1;
        while (next < lines.length && indentOf(lines[next]) === lines[next].length) next++;
        if (contentIndent === -1) decline(); // leading blank lines: their indentation matters
        if (next < lines.length && indentOf(lines[next]) > indent) {
          simple = false;
          this.i = next;
          continue;
        }
        for (let b = this.i; b < next; b++) if (lines[b].length > contentIndent) simple = false; // more spaces than the text's indentation: content
        break;
      }
      if (lineIndent <= indent) break;
      if (contentIndent === -1) contentIndent = lineIndent;
      else if (lineIndent < contentIndent) decline();
      if (lineIndent > contentIndent || line.endsWith(' ')) simple = false;
      content.push(line.slice(contentIndent));
      this.i++;
    }
    if (contentIndent === -1) decline(); // an empty block scalar
    if (this.i === lines.length && !this.lastHasBreak) simple = false;
    if (!simple) return UNREAD;
    const [, style, chomp] = m;
    return content.join(style === '>' ? ' ' : '\n') + (chomp === '-' ? '' : '\n');
  }
}
