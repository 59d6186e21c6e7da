// Reading the usual ISMS file from js-yaml's event stream, the fastest of the three readers.
//
// yaml's lexer and parser (under both the CST reader and the composer) were about half of a whole
// `isms check`: its tokens are strings built by generators, and a CST node is an object per token.
// js-yaml 5's `parseEvents` gives a flat list of events with offsets into the text, about five
// times faster on the same files. This reader builds the plain values and the range table from
// those events, for a narrower subset than the CST reader: block mappings and sequences, plain,
// quoted and block scalars, one-line flow sequences of scalars, comments, several documents.
//
// yaml stays the reference: plain scalars are typed by the CST reader's core-schema code (yaml's
// own tags), and anything unusual makes this reader decline the whole file — a tab, a control
// character, a byte order mark, a lone CR, a directive, `...`, an anchor, a tag, an alias, an
// empty value, a flow mapping, a multi-line flow sequence, a non-string or multi-line key, a
// duplicate key, a comment right after a quoted scalar, deep nesting, and any text js-yaml itself
// rejects — and the caller reads it from yaml's CST (cstDocuments.ts) or composes it as before.
// yaml-syntax problems are therefore always yaml's. test/unit/eventDocuments.test.ts checks that
// it gives exactly what composing gives on the YAML test suite, the repository's YAML files,
// generated benchmark repositories and mutated records, and that it never takes a text in which
// yaml reports a problem.
import type * as JsYaml from './jsYaml';
import type { YamlMapping } from '../model/model';
import { DECLINE, typedPlain, type CstDocument } from './cstDocuments';
import { DEFAULT_MAX_DEPTH } from './yamlDocuments';
import { packRange, rangeKey, reportedAtTrie, START_KEY, type RangeTable, type RangeTrie } from './rangeTable';

let jsYamlModule: typeof JsYaml | undefined;
/** Loaded on first use: a separate bundle in the extension (see jsYaml.ts). */
function jsYaml(): typeof JsYaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, so activation does not load js-yaml
  return (jsYamlModule ??= require('./jsYaml') as typeof JsYaml);
}

// js-yaml's event and style numbers (EVENT_ID, SCALAR_STYLE, COLLECTION_STYLE): literal types
// of its API, so the compiler checks them here and the module need not be loaded to know them.
const DOCUMENT: typeof JsYaml.EVENT_ID.DOCUMENT = 1;
const SEQUENCE: typeof JsYaml.EVENT_ID.SEQUENCE = 2;
const MAPPING: typeof JsYaml.EVENT_ID.MAPPING = 3;
const SCALAR: typeof JsYaml.EVENT_ID.SCALAR = 4;
const POP: typeof JsYaml.EVENT_ID.POP = 6;
const PLAIN: typeof JsYaml.SCALAR_STYLE.PLAIN = 1;
const SINGLE: typeof JsYaml.SCALAR_STYLE.SINGLE_QUOTED = 2;
const DOUBLE: typeof JsYaml.SCALAR_STYLE.DOUBLE_QUOTED = 3;
const BLOCK: typeof JsYaml.COLLECTION_STYLE.BLOCK = 1;

/**
 * Characters whose YAML rules differ between parsers or depend on context (tabs, control and
 * non-printable characters, NEL, the line and paragraph separators, a byte order mark anywhere):
 * a text with any of them is left to yaml.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const UNUSUAL = /[\t\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const LONE_CR = /\r(?!\n)/;
/**
 * A document end marker (yaml and js-yaml count the documents around one differently), or a
 * marker after indentation (js-yaml starts a document there; yaml reads text).
 */
const ODD_MARKER = /^(?:\.\.\.|[ ]+(?:---|\.\.\.))(?:[ \r\n#]|$)/m;
/** A line starting with `%` after indentation: js-yaml reads a directive there, yaml an error. */
const INDENTED_PERCENT = /^ +%/m;
/** yaml's limit on an implicit key (from its start to the `:`, 1024), kept clear of. */
const MAX_KEY_LENGTH = 1000;

/** Whether the text has something this reader leaves to yaml before parsing (each test is cheap first). */
function leftToYaml(text: string): boolean {
  return UNUSUAL.test(text)
    || (text.includes('\r') && LONE_CR.test(text))
    || ((text.includes('...') || text.includes(' ---')) && ODD_MARKER.test(text))
    || (text.includes('%') && INDENTED_PERCENT.test(text));
}

let source = '';
let events: JsYaml.Event[] = [];
let at = 0;
let table: RangeTable = [];
const path: Array<string | number> = [];
// The range of the node read last, [start, value end] as yaml's node.range has them; -1 when the
// node is a collection or a block scalar (whose ranges the CST reader knows: a rule asking for one
// declines the file here).
let rangeStart = 0;
let rangeValueEnd = 0;

/** The file's documents (as readCstDocuments gives them), or undefined to leave it to yaml. */
export function readEventDocuments(text: string): CstDocument[] | undefined {
  if (leftToYaml(text)) return undefined;
  const parser = jsYaml();
  try {
    // One more level than yaml allows: deeper files decline below, where the CST reader does.
    events = parser.parseEvents(text, { maxDepth: DEFAULT_MAX_DEPTH + 2 });
  } catch {
    return undefined; // js-yaml rejects it: yaml reports the problem, or reads what js-yaml cannot
  }
  source = text;
  at = 0;
  const documents: CstDocument[] = [];
  try {
    while (at < events.length) documents.push(readDocument());
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  } finally {
    source = '';
    events = [];
    table = [];
  }
  return documents.length > 0 ? documents : undefined;
}

function readDocument(): CstDocument {
  const document = events[at++];
  if (document.type !== DOCUMENT || document.directives.length > 0 || document.explicitEnd) throw DECLINE;
  const root = events[at++];
  let result: CstDocument;
  if (root.type === SCALAR && root.valueStart === -1 && root.anchorStart === -1 && root.tagStart === -1) {
    result = { value: undefined, start: 0, ranges: undefined }; // nothing but comments
  } else {
    // A record is a block mapping starting a line (not after `---` on the same line).
    if (root.type !== MAPPING || root.style !== BLOCK || root.anchorStart !== -1 || root.tagStart !== -1 || !startsLine(root.start)) throw DECLINE;
    table = [START_KEY, packRange(root.start, root.start + 1)];
    path.length = 0;
    const value = readMapping(reportedAtTrie(kindOf(at)), 0) as YamlMapping;
    result = { value, start: root.start, ranges: table };
  }
  if (events[at++]?.type !== POP) throw DECLINE;
  return result;
}

/** The value of the root mapping's first `kind` key, looked up ahead (to pick the patterns). */
function kindOf(from: number): unknown {
  for (let i = from; i < events.length && events[i].type !== POP; i = nodeEnd(i + 1)) {
    const key = events[i];
    if (key.type !== SCALAR) return undefined; // a collection as a key: readMapping declines the file
    if (key.style <= DOUBLE && key.valueStart !== -1 && scalarText(key) === 'kind') {
      const value = events[i + 1];
      return value?.type === SCALAR ? scalarValue(value, false) : undefined;
    }
  }
  return undefined;
}

/** The index after the node whose first event is at `i` (a collection ends with its POP). */
function nodeEnd(i: number): number {
  let depth = 0;
  do {
    const type = events[i++]?.type;
    if (type === MAPPING || type === SEQUENCE) depth++;
    else if (type === POP) depth--;
  } while (depth > 0 && i < events.length);
  return i;
}

function readMapping(trie: RangeTrie | undefined, depth: number): Record<string, unknown> {
  if (depth >= DEFAULT_MAX_DEPTH) throw DECLINE;
  const object: Record<string, unknown> = {};
  for (;;) {
    const key = events[at++];
    if (key === undefined) throw DECLINE;
    if (key.type === POP) return object;
    if (key.type !== SCALAR || key.style > DOUBLE || key.valueStart === -1) throw DECLINE; // a collection, block or empty key
    const name = scalarValue(key, true);
    const keyStart = rangeStart;
    const keyEnd = rangeValueEnd;
    if (source.indexOf(':', keyEnd) - keyStart > MAX_KEY_LENGTH || hasNewline(keyStart, keyEnd) || !startsLine(keyStart, true)) throw DECLINE;
    const property = name === null ? '' : String(name);
    // As the CST reader: a duplicate declines; an inherited name becomes an own property.
    const inherited = property in object;
    if (inherited && Object.prototype.hasOwnProperty.call(object, property)) throw DECLINE;
    const child = trie?.children.get(property);
    if (child) path.push(property);
    const value = events[at];
    // A block collection as a value starts on a later line than its key (`a: b: c` is an error).
    if ((value?.type === MAPPING || value?.type === SEQUENCE) && value.style === BLOCK && !hasNewline(keyEnd, value.start)) throw DECLINE;
    const item = readNode(child, depth);
    if (child) {
      if (child.here) pushRange();
      if (child.atKey) table.push(rangeKey(path, true), packRange(keyStart, keyEnd));
      path.pop();
    }
    if (inherited) Object.defineProperty(object, property, { value: item, writable: true, enumerable: true, configurable: true });
    else object[property] = item;
  }
}

function readNode(trie: RangeTrie | undefined, depth: number): unknown {
  const event = events[at++];
  if (event === undefined) throw DECLINE;
  if (event.type === SCALAR) {
    if (event.valueStart === -1) throw DECLINE; // an empty value: yaml composes it to null
    return scalarValue(event, false);
  }
  if ((event.type !== MAPPING && event.type !== SEQUENCE) || event.anchorStart !== -1 || event.tagStart !== -1) throw DECLINE; // aliases
  let value: unknown;
  if (event.type === MAPPING) {
    if (event.style !== BLOCK) throw DECLINE; // flow mappings
    value = readMapping(trie, depth + 1);
  } else value = event.style === BLOCK ? readBlockSequence(trie, depth + 1) : readFlowSequence(event.start, trie, depth + 1);
  rangeStart = rangeValueEnd = -1;
  return value;
}

function readBlockSequence(trie: RangeTrie | undefined, depth: number): unknown[] {
  if (depth >= DEFAULT_MAX_DEPTH) throw DECLINE;
  const array: unknown[] = [];
  const child = trie?.star;
  while (events[at]?.type !== POP) {
    if (child) path.push(array.length);
    const item = readNode(child, depth);
    if (child) {
      if (child.here) pushRange();
      path.pop();
    }
    array.push(item);
  }
  at++;
  return array;
}

/** `[a, b, "c"]` on one line: scalars separated by commas, nothing else between them. */
function readFlowSequence(start: number, trie: RangeTrie | undefined, depth: number): unknown[] {
  if (depth >= DEFAULT_MAX_DEPTH) throw DECLINE;
  const array: unknown[] = [];
  const child = trie?.star;
  let gapStart = start + 1;
  for (;;) {
    const event = events[at++];
    if (event === undefined) throw DECLINE;
    if (event.type === POP) break;
    if (event.type !== SCALAR || event.style > DOUBLE || event.valueStart === -1) throw DECLINE;
    const item = scalarValue(event, false);
    if (!isGap(gapStart, rangeStart, array.length > 0)) throw DECLINE;
    gapStart = rangeValueEnd;
    if (child?.here) {
      path.push(array.length);
      pushRange();
      path.pop();
    }
    array.push(item);
  }
  // The closing bracket: after spaces and at most a trailing comma, on the same line.
  let close = gapStart;
  while (source.charCodeAt(close) === 32) close++;
  if (source.charCodeAt(close) === 44 && array.length > 0) close++;
  while (source.charCodeAt(close) === 32) close++;
  if (source.charCodeAt(close) !== 93 || hasNewline(start, close)) throw DECLINE;
  if (source.charCodeAt(close + 1) === 35) throw DECLINE; // `]#comment`
  return array;
}

/** Only spaces between two flow items, and exactly one comma when `comma`. */
function isGap(from: number, to: number, comma: boolean): boolean {
  let commas = 0;
  for (let i = from; i < to; i++) {
    const c = source.charCodeAt(i);
    if (c === 44) commas++;
    else if (c !== 32) return false;
  }
  return commas === (comma ? 1 : 0);
}

/** A scalar's value (plain ones typed as the core schema does); its range in the module state. */
function scalarValue(event: JsYaml.ScalarEvent, atKey: boolean): unknown {
  if (event.anchorStart !== -1 || event.tagStart !== -1) throw DECLINE;
  const style = event.style;
  if (style === PLAIN) {
    rangeStart = event.valueStart;
    rangeValueEnd = event.valueEnd;
    return typedPlain(scalarText(event), atKey);
  }
  if (style === SINGLE || style === DOUBLE) {
    rangeStart = event.valueStart - 1;
    rangeValueEnd = event.valueEnd + 1;
    if (source.charCodeAt(rangeValueEnd) === 35) throw DECLINE; // `"a"#comment`: yaml's error
    return scalarText(event);
  }
  rangeStart = rangeValueEnd = -1; // a block scalar: its range is the CST reader's to give
  return scalarText(event);
}

function scalarText(event: JsYaml.ScalarEvent): string {
  const text = jsYaml().getScalarValue(source, event);
  // js-yaml may build a folded or escaped text from pieces: flattened now, so a record keeps one
  // string, not a tree of slices of the file (see readScalar in cstDocuments.ts).
  text.charCodeAt(0);
  return text;
}

function pushRange(): void {
  if (rangeStart === -1) throw DECLINE; // a collection or block scalar where a rule reports
  table.push(rangeKey(path), packRange(rangeStart, rangeValueEnd));
}

function hasNewline(from: number, to: number): boolean {
  const i = source.indexOf('\n', from);
  return i !== -1 && i < to;
}

/**
 * Nothing but indentation before `offset` on its line, or with `afterDashes` sequence indicators
 * (`- `) too: the events do not show an explicit key's `? ` or a `---` before a root mapping.
 */
function startsLine(offset: number, afterDashes = false): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = source.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && !(afterDashes && c === 45 && source.charCodeAt(i + 1) === 32)) return false;
  }
  return true;
}
