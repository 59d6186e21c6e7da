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
const KEY = /^([A-Za-z_][A-Za-z0-9_-]{0,200}):(?: |$)/;
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

function isItem(body: string): boolean {
  return body === '-' || body.startsWith('- ');
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
      if (line.charCodeAt(0) === 32 || line.startsWith('---') || line.startsWith('...') || line.startsWith('%')) decline();
      documents.push(this.mapping(0, 0, undefined));
      const next = this.peek();
      if (next !== -1 && !DOCUMENT_START.test(this.lines[next])) decline();
    }
  }

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
      return this.i;
    }
    return -1;
  }

  /** A block mapping at `indent`; `first` is the rest of a sequence item's line (`- key: value`). */
  private mapping(indent: number, depth: number, first: string | undefined): YamlMapping {
    if (depth > MAX_DEPTH) decline();
    const map: Record<string, unknown> = {};
    let text = first;
    for (;;) {
      if (text === undefined) {
        const at = this.peek();
        if (at === -1) break;
        const line = this.lines[at];
        const lineIndent = indentOf(line);
        if (lineIndent < indent) break;
        if (lineIndent > indent) decline(); // a continuation line, or indentation yaml would judge
        if (lineIndent === 0 && (line.startsWith('---') || line.startsWith('...'))) break;
        text = line.slice(lineIndent);
      }
      const m = KEY.exec(text);
      if (!m) decline();
      const key = m[1];
      if (key === '__proto__' || Object.prototype.hasOwnProperty.call(map, key) || !isPlainString(key)) decline();
      this.i++;
      map[key] = this.value(text.slice(m[0].length), indent, depth);
      text = undefined;
    }
    return map as YamlMapping;
  }

  /** A mapping entry's value: `rest` is what follows `key: ` on its line. */
  private value(rest: string, indent: number, depth: number): unknown {
    const start = indentOf(rest);
    if (start === rest.length || rest.charCodeAt(start) === 35) {
      // Nothing (or a comment) after the key: the value is on the following lines.
      const at = this.peek();
      if (at === -1) decline(); // null
      const line = this.lines[at];
      const lineIndent = indentOf(line);
      const body = line.slice(lineIndent);
      if (lineIndent > indent) return isItem(body) ? this.sequence(lineIndent, depth + 1) : this.mapping(lineIndent, depth + 1, undefined);
      if (lineIndent === indent && isItem(body)) return this.sequence(lineIndent, depth + 1);
      decline(); // null
    }
    return this.scalar(rest.slice(start), indent);
  }

  private sequence(indent: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) decline();
    const items: unknown[] = [];
    for (;;) {
      const at = this.peek();
      if (at === -1) break;
      const line = this.lines[at];
      const lineIndent = indentOf(line);
      if (lineIndent < indent) break;
      if (lineIndent > indent) decline();
      const body = line.slice(lineIndent);
      if (!isItem(body)) break; // the mapping above decides (its next key, or a line yaml would judge)
      const spaces = indentOf(body.slice(1));
      const rest = body.slice(1 + spaces);
      if (rest === '' || rest.charCodeAt(0) === 35) decline(); // the item on the following lines
      if (KEY.test(rest)) {
        items.push(this.mapping(lineIndent + 1 + spaces, depth + 1, rest));
        continue;
      }
      const c = rest.charAt(0);
      if (c === '|' || c === '>') decline();
      this.i++;
      items.push(this.scalar(rest, indent));
    }
    return items;
  }

  /** A scalar starting on the current line (`text`: from its first character); `indent`: its mapping's or sequence's. */
  private scalar(text: string, indent: number): unknown {
    const c = text.charAt(0);
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, 1);
      if (end === -1) decline(); // multi-line
      const content = text.slice(1, end);
      if (c === '"' && content.includes('\\')) decline();
      const after = text.slice(end + 1);
      if (after !== '' && !/^ +(?:#.*)?$/.test(after)) decline();
      return content;
    }
    if (c === '|' || c === '>') return this.block(text, indent);
    if (c === '[' || c === '{') return flowCollection(text);
    if (INDICATOR.has(c)) decline();
    const hash = text.indexOf(' #');
    let end = hash === -1 ? text.length : hash;
    while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
    const value = text.slice(0, end);
    if (value.includes(': ') || value.endsWith(':')) decline();
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
