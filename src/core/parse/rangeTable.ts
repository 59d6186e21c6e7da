// Keeping a record's YAML Document in memory costs ~10x its text (every scalar is an object with a
// range), so a 10,000-file repository would need ~600 MB. Instead, reading a file keeps only:
//  - a small table of the offset ranges of the nodes the rules report at (REPORTED_AT below), so
//    rules can report without the Document, and the check cache can store the ranges as JSON;
//  - a lazy `record.doc` that re-parses the file's text on first use (quick fixes, edits, a file
//    the CST reader declines), keeping the last few re-parsed files (reparsedDocument below;
//    reading/readRecord.ts).
// `rangeOf` (ismsFile.ts) looks in the table first; on a miss it reads the file's CST again with
// every node recorded (completeRangeTables in cstDocuments.ts), and only a file the CST reader
// declines is composed again. Results never depend on the table being complete, only speed does.
import type { Document } from 'yaml';
import { isMap, isSeq, type ParsedNode, type Pair } from 'yaml';
import { RECORD_KINDS, type NodePath, type RecordKind } from '../model/model';
import { DATE_FIELDS } from '../model/records';
import { pairAt, type OffsetRange } from './nodes';
import { RecentTexts } from './recentTexts';
import { parseYamlDocuments } from './yamlDocuments';

/**
 * `rangeKey(path)` -> the node's offsets, flat: [key, range, key, range, ...]. A record has ~10-50
 * entries, looked up only when a rule reports, and a Map per record cost three times the memory.
 * Ranges are packed as `start * 1024 + length` when that is a small integer (V8 then stores it
 * without allocating), else `[start, end]`. Keys are interned: a 10,000-file repository has
 * ~250,000 entries but only a few hundred distinct keys.
 */
export type RangeTable = Array<string | PackedRange>;
export type PackedRange = number | readonly [number, number];

const interned = new Map<string, string>();

export function rangeKey(path: NodePath, atKey = false): string {
  // The root has its own key: [''] (a null key at the top) gives ''.
  let key = path.length === 0 ? '\u0003' : '';
  for (let i = 0; i < path.length; i++) key += i === 0 ? String(path[i]) : `\0${path[i]}`;
  if (atKey) key += '\u0001';
  const known = interned.get(key);
  if (known !== undefined) return known;
  if (interned.size < 100_000) interned.set(key, key);
  return key;
}

export function packRange(start: number, end: number): PackedRange {
  const length = end - start;
  return length >= 0 && length < 1024 && start < 0x100000 ? start * 1024 + length : [start, end];
}

export function lookupRange(table: RangeTable | undefined, key: string): OffsetRange | undefined {
  if (!table) return undefined;
  let packed: PackedRange | undefined;
  for (let i = 0; i < table.length; i += 2) {
    if (table[i] === key) {
      packed = table[i + 1] as PackedRange;
      break;
    }
  }
  return packed === undefined ? undefined : unpackRange(packed);
}

export function unpackRange(packed: PackedRange): OffsetRange {
  if (typeof packed === 'number') {
    const start = Math.floor(packed / 1024);
    return [start, start + (packed % 1024)];
  }
  return packed;
}

/** Every node's and key's range in a record (cstDocuments.ts completeRangeTables), by rangeKey. */
export type CompleteRanges = ReadonlyMap<string, PackedRange>;

/**
 * Where the rules report, per kind (`*` = every list item; a trailing `^` = the key's range), with
 * every date field (patternsFor). Keep in step with the rules: a path missing here only costs
 * reading the file's CST again when a rule reports there.
 */
const REPORTED_AT: Record<RecordKind, ReadonlyArray<ReadonlyArray<string>>> = {
  Nonconformity: [['status'], ['severity'], ['closed'], ['audit'], ['rca'], ['controls', '*'], ['risks', '*'], ['effectiveness', 'due'], ['effectiveness', 'reviewed_on'], ['actions', '*', 'due'], ['actions', '*', 'completed']],
  Control: [['last_reviewed'], ['applicable']],
  RootCauseAnalysis: [['nonconformity']],
  ManagementReview: [['previous'], ['status'], ['date'], ['inputs', '^'], ['actions', '*', 'due'], ['actions', '*', 'completed']],
  Audit: [['controls', '*'], ['findings', '*'], ['programme']],
  Objective: [['measurements', '*', 'value']],
  Risk: [['treatment'], ['assessed'], ['identified'], ['acceptance', 'expires'], ['controls', '*'], ['treatment_plan', '*', 'due'], ['treatment_plan', '*', 'completed']],
  ImprovementPlan: [
    ['status'], ['period', 'end'], ['review'], ['objectives', '*'], ['initiatives', '*', 'due'], ['initiatives', '*', 'completed'],
    ['initiatives', '*', 'controls', '*'], ['initiatives', '*', 'objectives', '*'], ['initiatives', '*', 'nonconformities', '*'], ['initiatives', '*', 'risks', '*'],
  ],
  AuditProgramme: [['controls', '*']],
};

/** REPORTED_AT (plus `id`) as a tree, for readers that fill the table while walking the YAML. */
export interface RangeTrie {
  /** Record the range of the node at this path. */
  here: boolean;
  /** Record the range of the key at this path (a `^` pattern). */
  atKey: boolean;
  children: Map<string, RangeTrie>;
  /** Patterns continuing at every item of a sequence here (`*`). */
  star?: RangeTrie;
}

/**
 * Every node and every key, at any depth: the trie of a complete table (cstDocuments.ts reads a
 * file again with it when the small table misses). Its children are itself; readers test for it.
 */
export const EVERY_NODE: RangeTrie = { here: true, atKey: true, children: new Map() };
EVERY_NODE.star = EVERY_NODE;

const tries = new Map<RecordKind | undefined, RangeTrie>();

/** The patterns for a record whose `kind` field holds `kindValue` (anything: only `id` if unknown). */
export function reportedAtTrie(kindValue: unknown): RangeTrie {
  const kind = (RECORD_KINDS as readonly unknown[]).includes(kindValue) ? (kindValue as RecordKind) : undefined;
  let root = tries.get(kind);
  if (root) return root;
  const node = (): RangeTrie => ({ here: false, atKey: false, children: new Map() });
  root = node();
  for (const pattern of patternsFor(kind)) {
    let at = root;
    for (const segment of pattern) {
      if (segment === '^') {
        at.atKey = true;
        break;
      }
      if (segment === '*') at = at.star ??= node();
      else {
        let child = at.children.get(segment);
        if (!child) at.children.set(segment, (child = node()));
        at = child;
      }
    }
    if (pattern[pattern.length - 1] !== '^') at.here = true;
  }
  tries.set(kind, root);
  return root;
}

// Reading reports an invalid date at every date field (reading/ismsFile.ts), so they are all in.
const TABLE_PATTERNS = new Map<RecordKind, ReadonlyArray<ReadonlyArray<string>>>(RECORD_KINDS.map((kind) => {
  const reported = new Set(REPORTED_AT[kind].map((p) => p.join('/')));
  return [kind, [['id'], ...REPORTED_AT[kind], ...DATE_FIELDS[kind].filter((p) => !reported.has(p.join('/')))]];
}));
const ID_ONLY: ReadonlyArray<ReadonlyArray<string>> = [['id']];

function patternsFor(kind: RecordKind | undefined): ReadonlyArray<ReadonlyArray<string>> {
  return (kind && TABLE_PATTERNS.get(kind)) || ID_ONLY;
}

/** The table of a record read from `doc`; always has `id` (when present) and the record's start. */
export function buildRangeTable(doc: Document.Parsed, kind: RecordKind | undefined): RangeTable {
  const root = doc.contents as ParsedNode | null;
  const start = root?.range?.[0] ?? 0;
  const table: RangeTable = [START_KEY, packRange(start, start + 1)];
  for (const pattern of patternsFor(kind)) walk(root, pattern, 0, [], table);
  return table;
}

/** Key of the record's start (the last fallback of rangeOf). */
export const START_KEY = '\u0002start';

function walk(node: unknown, pattern: ReadonlyArray<string>, at: number, path: Array<string | number>, table: RangeTable): void {
  if (at === pattern.length) {
    const range = (node as ParsedNode | null)?.range;
    if (range) table.push(rangeKey(path), packRange(range[0], range[1]));
    return;
  }
  const segment = pattern[at];
  if (segment === '*') {
    if (isSeq(node)) node.items.forEach((item, i) => walk(item, pattern, at + 1, [...path, i], table));
    return;
  }
  if (!isMap(node)) return;
  const pair = pairAt(node.items as Pair[], segment);
  if (!pair) return;
  if (pattern[at + 1] === '^') {
    const key = pair.key as ParsedNode | null;
    if (key?.range) table.push(rangeKey([...path, segment], true), packRange(key.range[0], key.range[1]));
    return;
  }
  walk(pair.value, pattern, at + 1, [...path, segment], table);
}

// --- lazy documents ------------------------------------------------------------------------------

const reparsed = new RecentTexts<Document.Parsed[]>(8);

/** Document `index` of `text`, re-parsed (the same text always gives the same tree and ranges). */
export function reparsedDocument(text: string, index: number): Document.Parsed {
  return reparsed.get(text, (t) => parseYamlDocuments(t).documents.map((d) => d.doc))[index];
}
