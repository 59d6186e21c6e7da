// Reading the usual ISMS file straight from yaml's CST, without composing a Document.
//
// Composing (yaml's Composer: a Document, a Pair per key, a Scalar per value, each with a range)
// costs about a third of the time to read a file, and the engine threw most of it away again
// (records keep plain values and a small range table). This reader builds the plain values and
// the range table in one walk of the CST, for the subset of YAML that ISMS files are made of:
// block mappings and sequences, flow sequences of scalars, plain/quoted/block scalars, comments,
// several documents per file.
//
// It must give exactly what composing gives (parseYamlDocuments + plainValue + buildRangeTable),
// so it is deliberately narrow: anything it does not know composes without error — a tab, a
// directive, an anchor, a tag, an alias, an explicit key, an empty value, a flow mapping, a
// duplicate key, an error token, a comment inside a flow sequence, deep nesting, and every case in
// which yaml's composer would report an error — makes it decline the whole file, and the caller
// composes it as before. test/unit/cstDocuments.test.ts checks the parity on the YAML test suite,
// the benchmark repositories and mutated records.
import { CST, Document, Parser, isScalar } from 'yaml';
import type { YamlMapping } from '../model/model';
import { RecentTexts } from './recentTexts';
import { DEFAULT_MAX_DEPTH, DOCUMENT_OPTIONS } from './yamlDocuments';
import { EVERY_NODE, packRange, rangeKey, reportedAtTrie, START_KEY, type CompleteRanges, type PackedRange, type RangeTable, type RangeTrie } from './rangeTable';

export interface CstDocument {
  /** The document's plain value; undefined for an empty document (comments only). */
  value: YamlMapping | undefined;
  /** Offset where the document's root mapping starts. */
  start: number;
  /** The record's range table (as buildRangeTable gives it); undefined for an empty document. */
  ranges: RangeTable | undefined;
}

/**
 * The file's documents, or undefined when the file must be composed instead (see above). The
 * range tables hold what the rules report at (REPORTED_AT), or with `everyNode` every node's and
 * key's range.
 */
export function readCstDocuments(text: string, everyNode = false): CstDocument[] | undefined {
  if (text.includes('\t')) return undefined; // tab rules depend on context; the composer knows them
  const documents: CstDocument[] = [];
  try {
    for (const token of new Parser().parse(text)) {
      switch (token.type) {
        case 'document':
          documents.push(readDocument(token, everyNode));
          break;
        case 'byte-order-mark':
        case 'space':
        case 'comment':
        case 'newline':
          break; // between documents: only comments for the composer, never an error
        default:
          return undefined; // directives, `...`, error tokens
      }
    }
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
  return documents;
}

// The complete tables of the last files a rule reported at a node their small table lacks (an
// invalid date, an unknown key): rules report at several nodes of one record in a row.
const recentComplete = new RecentTexts<Array<CompleteRanges | undefined> | undefined>(8);

/**
 * Every node's and key's range, per document of `text` (rangeKey(path) and rangeKey(path, true)),
 * the root mapping's too (rangeKey([])); undefined when the file must be composed. Reading the
 * CST again costs a fraction of composing the file, whose code a check need not compile at all.
 * A Map, not a flat table: a record with 100,000 unknown keys looks each one up.
 */
export function completeRangeTables(text: string): ReadonlyArray<CompleteRanges | undefined> | undefined {
  return recentComplete.get(text, (t) => readCstDocuments(t, true)?.map((d) => d.ranges && tableMap(d.ranges)));
}

function tableMap(table: RangeTable): CompleteRanges {
  const map = new Map<string, PackedRange>();
  for (let i = 0; i < table.length; i += 2) map.set(table[i] as string, table[i + 1] as PackedRange);
  return map;
}

// Declining is `throw DECLINE` where the reader sees it, not a call, and the walks loop by index,
// not `for...of`: V8's optimizing compiler turns a call it never saw run (or an iterator closed by
// a throw) into a deoptimization, so each rare decline site reached after readBlockMap was
// optimized compiled it again (~20 ms of CPU each in a short `isms check`). A throw needs no
// feedback. `decline` is for yaml's callbacks.
export const DECLINE = Symbol('decline');
function decline(): never {
  throw DECLINE;
}

// The composer's context for every document: the same options and core-schema tags.
const TEMPLATE = new Document(undefined, DOCUMENT_OPTIONS);
const OPTIONS = TEMPLATE.options;
type TestedTag = { test: RegExp; resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown };
const testedTags = (atKey: boolean) =>
  (TEMPLATE.schema.tags as Array<{ default?: boolean | 'key'; test?: RegExp }>)
    .filter((tag) => (tag.default === true || (atKey && tag.default === 'key')) && tag.test) as unknown as TestedTag[];
const KEY_TAGS = testedTags(true);
const VALUE_TAGS = testedTags(false);

// The core schema's null, bool, int and float patterns only match text starting with one of
// these characters (or empty text); any other plain scalar is a string without testing them all.
// Only used while the tags are exactly those patterns, so a yaml upgrade cannot make it wrong.
const CORE_PATTERNS = [
  '^(?:~|[Nn]ull|NULL)?$', '^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$', '^0o[0-7]+$', '^[-+]?[0-9]+$', '^0x[0-9a-fA-F]+$',
  '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$', '^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$', '^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$',
];
const CAN_BE_TYPED = /^(?:$|[~nNtTfF0-9+\-.])/;
// Of the text starting with a letter, only these words match a pattern (null and bool): "NC-2026-001",
// "Nonconformity" or "technological" need no test. A date such as 2026-11-27 matches none either.
const CORE_WORDS: ReadonlySet<string> = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
const DATE_LIKE = /^\d{4}-\d\d-\d\d$/;

/** Under the core schema only: whether any tag pattern could match the plain text. */
function canBeTyped(source: string): boolean {
  if (!CAN_BE_TYPED.test(source)) return false;
  const first = source.charAt(0);
  if (first === 'n' || first === 'N' || first === 't' || first === 'T' || first === 'f' || first === 'F') return CORE_WORDS.has(source); // null and bool words only
  return !DATE_LIKE.test(source);
}
const CORE_ONLY = [...KEY_TAGS, ...VALUE_TAGS].every((tag) => CORE_PATTERNS.includes(tag.test.source) && tag.test.flags === '');

// The range of the node read last ([start, value end, end incl. trailing comment], as yaml's
// node.range); module state so reading a scalar allocates nothing for it.
let rangeStart = 0;
let rangeValueEnd = 0;
let rangeEnd = 0;

// The props (the tokens before a key, after a `:` or before a sequence item) read last.
let propsHasNewline = false;
let propsEnd = 0;

// Where the current document's range table is being filled.
let table: RangeTable = [];
const path: Array<string | number> = [];

function readDocument(token: CST.Document, everyNode: boolean): CstDocument {
  const { value, end } = token;
  const docStart = readProps(token.start, 'doc-start', token.offset, true);
  if (docStart && value && (value.type === 'block-map' || value.type === 'block-seq') && !propsHasNewline) throw DECLINE;
  readEnd(end, false);
  if (!value) return { value: undefined, start: propsEnd, ranges: undefined };
  if (value.type !== 'block-map') throw DECLINE; // a record is a mapping; anything else composes
  table = [START_KEY, packRange(value.offset, value.offset + 1)];
  path.length = 0;
  const mapping = readBlockMap(value, everyNode ? EVERY_NODE : reportedAtTrie(kindOf(value)), 0) as YamlMapping;
  if (everyNode) table.push(rangeKey([]), packRange(rangeStart, rangeValueEnd)); // the root mapping
  return { value: mapping, start: value.offset, ranges: table };
}

/** The value of the root mapping's first `kind` key (before the walk, to pick the patterns). */
function kindOf(map: CST.BlockMap): unknown {
  for (let i = 0; i < map.items.length; i++) {
    const { key, sep, value } = map.items[i];
    if (!key || !sep || !value || !isFlowScalar(key)) continue;
    const name = readScalar(key, true);
    if ((name === null ? '' : String(name)) !== 'kind') continue;
    return isFlowScalar(value) || value.type === 'block-scalar' ? readScalar(value, false) : undefined;
  }
  return undefined;
}

function readNode(token: CST.Token, trie: RangeTrie | undefined, depth: number): unknown {
  switch (token.type) {
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'block-scalar':
      return readScalar(token, false);
    case 'block-map':
      return readBlockMap(token, trie, depth + 1);
    case 'block-seq':
      return readBlockSeq(token, trie, depth + 1);
    case 'flow-collection':
      return readFlowSeq(token, trie, depth + 1);
    default:
      throw DECLINE; // aliases, error tokens
  }
}

// Nesting: a collection at `depth` has its items at depth + 1, and yaml-too-deep (the composing
// path's guard) is reported for items deeper than DEFAULT_MAX_DEPTH; such files are declined.
function readBlockMap(token: CST.BlockMap, trie: RangeTrie | undefined, depth: number): Record<string, unknown> {
  if (depth >= DEFAULT_MAX_DEPTH) throw DECLINE;
  const object: Record<string, unknown> = {};
  let offset = token.offset;
  let commentEnd: number | null = null;
  for (let i = 0; i < token.items.length; i++) {
    const { start, key, sep, value } = token.items[i];
    if (readProps(start, 'explicit-key-ind', offset, true)) throw DECLINE; // `? key`
    if (!sep) {
      if (key || value) throw DECLINE;
      commentEnd = propsEnd; // comment lines after the last item
      continue;
    }
    const keyStart = propsEnd;
    if (!key || !isFlowScalar(key) || key.indent !== token.indent || containsNewline(key)) throw DECLINE;
    const name = readScalar(key, true);
    const keyRange0 = rangeStart;
    const keyRange1 = rangeValueEnd;
    const property = name === null ? '' : String(name);
    // Own: a duplicate (or a key like 1 next to '1'), which composing reports or resolves.
    // Inherited (`__proto__`, `toString`): set as an own property, as yaml's toJS does.
    const inherited = property in object;
    if (inherited && Object.prototype.hasOwnProperty.call(object, property)) throw DECLINE;
    const colon = readProps(sep, 'map-value-ind', rangeEnd, false);
    if (!colon || !value) throw DECLINE; // a key without `:`, or an empty value
    if (value.type === 'block-map' && !propsHasNewline) throw DECLINE; // `a: b: c`
    if (keyStart < colon.offset - 1024) throw DECLINE; // the 1024-character limit on implicit keys
    // Paths are the plain value's keys (a null key is ''), as rules give them to rangeOf.
    const child = trie === EVERY_NODE ? trie : trie?.children.get(property);
    if (child) path.push(property);
    const item = readNode(value, child, depth);
    offset = rangeEnd;
    if (child) {
      if (child.here) table.push(rangeKey(path), packRange(rangeStart, rangeValueEnd));
      if (child.atKey) table.push(rangeKey(path, true), packRange(keyRange0, keyRange1));
      path.pop();
    }
    if (inherited) Object.defineProperty(object, property, { value: item, writable: true, enumerable: true, configurable: true });
    else object[property] = item;
  }
  if (commentEnd && commentEnd < offset) throw DECLINE;
  setRange(token.offset, offset, commentEnd ?? offset);
  return object;
}

function readBlockSeq(token: CST.BlockSequence, trie: RangeTrie | undefined, depth: number): unknown[] {
  if (depth >= DEFAULT_MAX_DEPTH) throw DECLINE;
  const array: unknown[] = [];
  let offset = token.offset;
  let commentEnd: number | null = null;
  const child = trie?.star;
  for (let i = 0; i < token.items.length; i++) {
    const { start, value } = token.items[i];
    if (!readProps(start, 'seq-item-ind', offset, true)) {
      if (value) throw DECLINE;
      commentEnd = propsEnd;
      continue;
    }
    if (!value) throw DECLINE; // `-` with nothing after it
    if (child) path.push(array.length);
    const item = readNode(value, child, depth);
    offset = rangeEnd;
    if (child) {
      if (child.here) table.push(rangeKey(path), packRange(rangeStart, rangeValueEnd));
      path.pop();
    }
    array.push(item);
  }
  setRange(token.offset, offset, commentEnd ?? offset);
  return array;
}

/** `[a, b, "c"]`: a flow sequence of scalars on one or more lines, without comments. */
function readFlowSeq(token: CST.FlowCollection, trie: RangeTrie | undefined, depth: number): unknown[] {
  if (depth >= DEFAULT_MAX_DEPTH || token.start.source !== '[') throw DECLINE;
  const array: unknown[] = [];
  const child = trie?.star;
  for (let i = 0; i < token.items.length; i++) {
    const { start, key, sep, value } = token.items[i];
    if (key || sep || !value || !isFlowScalar(value)) throw DECLINE;
    let comma = false;
    for (let j = 0; j < start.length; j++) {
      const t = start[j];
      if (t.type === 'comma' && !comma) comma = true;
      else if (t.type !== 'space' && t.type !== 'newline') throw DECLINE;
    }
    if (comma !== i > 0) throw DECLINE; // a leading comma, or two items without one
    const item = readScalar(value, false);
    if (child?.here) {
      path.push(i);
      table.push(rangeKey(path), packRange(rangeStart, rangeValueEnd));
      path.pop();
    }
    array.push(item);
  }
  const [close, ...rest] = token.end;
  if (close?.type !== 'flow-seq-end') throw DECLINE;
  const closeEnd = close.offset + close.source.length;
  setRange(token.offset, closeEnd, readEnd(rest, true, closeEnd));
  return array;
}

/** A scalar's value as the core schema resolves it, its range in the module state. */
function readScalar(token: CST.FlowScalar | CST.BlockScalar, atKey: boolean): unknown {
  if (token.type !== 'block-scalar') {
    // Most scalars: what yaml's resolveFlowScalar gives, without its allocations (closures, a
    // RegExp and a result object per scalar).
    const quick = oneLineValue(token);
    if (quick !== undefined) {
      const valueEnd = token.offset + token.source.length;
      setRange(token.offset, valueEnd, readEnd(token.end, OPTIONS.strict, valueEnd));
      return token.type === 'scalar' ? typedPlain(quick, atKey) : quick;
    }
  }
  const resolved = CST.resolveAsScalar(token, OPTIONS.strict, decline);
  if (!resolved) throw DECLINE;
  setRange(resolved.range[0], resolved.range[1], resolved.range[2]);
  // yaml joins a block scalar's (or a folded or escaped scalar's) lines with `+=`: a tree of a
  // concatenation and a slice of the text per line, which the record keeps for the whole run.
  // Reading a character makes V8 flatten it into one string, and the garbage collector then drops
  // the tree (~13 objects per record of the small-file shape, a third of what it keeps).
  resolved.value.charCodeAt(0);
  return token.type === 'scalar' ? typedPlain(resolved.value, atKey) : resolved.value; // quoted and block scalars are strings
}

/**
 * A plain scalar's value under the core schema: null, a boolean, a number or the text itself (or
 * `throw DECLINE`). Shared with the event reader (eventDocuments.ts), so both type alike.
 */
export function typedPlain(source: string, atKey: boolean): unknown {
  if (CORE_ONLY && !canBeTyped(source)) return source;
  for (const tag of atKey ? KEY_TAGS : VALUE_TAGS) {
    if (!tag.test.test(source)) continue;
    let value: unknown;
    try {
      value = tag.resolve(source, decline, OPTIONS);
    } catch {
      throw DECLINE;
    }
    return isScalar(value) ? value.value : value;
  }
  return source;
}

/**
 * What yaml's resolveProps checks, for the tokens this reader accepts (anything else declines).
 * Returns the indicator token (`---`, `?`, `:` or `-`) if there is one.
 */
function readProps(tokens: CST.SourceToken[], indicator: CST.SourceToken['type'], offset: number, startOnNewline: boolean): CST.SourceToken | undefined {
  let hasSpace = startOnNewline;
  let found: CST.SourceToken | undefined;
  propsHasNewline = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    switch (token.type) {
      case 'space':
        hasSpace = true;
        break;
      case 'comment':
        if (!hasSpace) throw DECLINE; // `"a"#comment`
        break;
      case 'newline':
        propsHasNewline = true;
        hasSpace = true;
        break;
      case indicator:
        if (found) throw DECLINE;
        found = token;
        hasSpace = false;
        break;
      default:
        throw DECLINE;
    }
  }
  const last = tokens[tokens.length - 1];
  propsEnd = last ? last.offset + last.source.length : offset;
  return found;
}

/** What yaml's resolveEnd checks: only spaces, comments and newlines; returns the end offset. */
function readEnd(tokens: CST.SourceToken[] | undefined, requireSpace: boolean, offset = 0): number {
  let hasSpace = false;
  for (let i = 0; tokens && i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'space' || token.type === 'newline') hasSpace = true;
    else if (token.type !== 'comment' || (requireSpace && !hasSpace)) throw DECLINE;
    offset += token.source.length;
  }
  return offset;
}

/**
 * The value of a flow scalar on one line, as yaml's resolveFlowScalar gives it, where that is
 * plain to see: plain text as it is (unless it starts with a character yaml reports there), a
 * single-quoted text with '' as ', a double-quoted text without escapes. Undefined otherwise.
 */
function oneLineValue(token: CST.FlowScalar): string | undefined {
  const source = token.source;
  if (source.indexOf('\n') !== -1 || source.indexOf('\r') !== -1) return undefined; // lines are unfolded
  switch (token.type) {
    case 'scalar':
      return BAD_PLAIN_START.includes(source.charAt(0)) ? undefined : source;
    case 'single-quoted-scalar': {
      if (source.length < 2 || source.charAt(source.length - 1) !== "'") return undefined;
      const inner = source.slice(1, -1);
      return inner.indexOf("'") === -1 ? inner : inner.replace(/''/g, "'");
    }
    case 'double-quoted-scalar':
      return source.length < 2 || source.charAt(source.length - 1) !== '"' || source.indexOf('\\') !== -1 ? undefined : source.slice(1, -1);
    default:
      return undefined;
  }
}
const BAD_PLAIN_START = ['\t', ',', '%', '|', '>', '@', '`'];

function setRange(start: number, valueEnd: number, end: number): void {
  rangeStart = start;
  rangeValueEnd = valueEnd;
  rangeEnd = end;
}

function isFlowScalar(token: CST.Token): token is CST.FlowScalar {
  return token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar';
}

/** yaml's check that an implicit key is on one line. */
function containsNewline(key: CST.FlowScalar): boolean {
  return key.source.includes('\n') || (key.end?.some((t) => t.type === 'newline') ?? false);
}
