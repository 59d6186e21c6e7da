// What a fast reader of ISMS files (parse/cstDocuments.ts, parse/eventDocuments.ts) must give:
// exactly what composing gives. Shared by their parity tests.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, type Document, type ParsedNode } from 'yaml';
import type { CstDocument } from '../../src/core/parse/cstDocuments';
import { buildRangeTable, packRange, rangeKey, type RangeTable } from '../../src/core/parse/rangeTable';
import { parseYamlDocuments } from '../../src/core/parse/yamlDocuments';
import { isRecordKind } from '../../src/core/schema/recordSchemas';

export const ROOT = path.join(__dirname, '..', '..');
export const CORPUS = [path.join(ROOT, '..', 'shared', 'corpus', 'yaml-test-suite'), '/work/shared/corpus/yaml-test-suite'].find((d) => fs.existsSync(d));

/** What readIsmsFile took from the composed documents before the fast readers existed. */
export function composed(text: string): { problems: number; documents: CstDocument[]; composedDocs: Document.Parsed[] } {
  const parsed = parseYamlDocuments(text);
  return {
    problems: parsed.problems.length,
    composedDocs: parsed.documents.map((d) => d.doc),
    documents: parsed.documents.map((d) => {
      const contents = d.doc.contents as { value?: unknown } | null;
      if (contents === null || contents.value === null) return { value: undefined, start: d.start, ranges: undefined };
      const kind = d.value?.kind;
      return { value: d.value, start: d.start, ranges: buildRangeTable(d.doc, isRecordKind(kind) ? kind : undefined) };
    }),
  };
}

/**
 * True when `read` took the text; throws when what it gave differs from composing (values deep and
 * strict: prototypes, key order, numbers; record starts; range tables), or when composing reports
 * a problem in a text it took.
 */
export function agreesWithComposing(read: (text: string) => CstDocument[] | undefined, text: string, label: string): boolean {
  const fast = read(text);
  if (!fast) return false;
  const slow = composed(text);
  assert.equal(slow.problems, 0, `${label}: the reader accepted a text with YAML problems:\n${text}`);
  assert.equal(fast.length, slow.documents.length, `${label}: document count`);
  fast.forEach((doc, i) => {
    const expected = slow.documents[i];
    assert.deepStrictEqual(doc.value, expected.value, `${label}: document ${i} value`);
    assert.deepStrictEqual(asMap(doc.ranges), asMap(expected.ranges), `${label}: document ${i} ranges`);
    if (doc.value !== undefined) assert.equal(doc.start, expected.start, `${label}: document ${i} start`);
  });
  return true;
}

/** Every node's and key's entry as a complete table has it, from the composed tree. */
export function everyNodeRange(node: ParsedNode, at: Array<string | number>): RangeTable {
  const entries: RangeTable = [rangeKey(at), packRange(node.range[0], node.range[1])];
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as ParsedNode;
      const name = isScalar(key) && key.value !== null ? String(key.value) : '';
      entries.push(rangeKey([...at, name], true), packRange(key.range[0], key.range[1]), ...everyNodeRange(pair.value as ParsedNode, [...at, name]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => entries.push(...everyNodeRange(item as ParsedNode, [...at, i])));
  }
  return entries;
}

/** A range table's entries, in any order; a key twice would be a bug. */
export function asMap(table: RangeTable | undefined): Map<unknown, unknown> | undefined {
  if (!table) return undefined;
  const map = new Map<unknown, unknown>();
  for (let i = 0; i < table.length; i += 2) {
    assert.ok(!map.has(table[i]), `range key ${String(table[i])} twice`);
    map.set(table[i], table[i + 1]);
  }
  return map;
}

export function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

/** Texts of the YAML test suite, each with LF, CRLF and a byte order mark. */
export function* corpusTexts(): Generator<[label: string, text: string]> {
  for (const file of yamlFiles(CORPUS!)) {
    const lf = fs.readFileSync(file, 'utf8');
    for (const [name, text] of [['lf', lf], ['crlf', lf.replace(/\r?\n/g, '\r\n')], ['bom', `\uFEFF${lf}`]]) yield [`${path.basename(file)} (${name})`, text];
  }
}

/** Characters and words a mutation inserts into a record. */
export const MUTATION_PIECES = [' ', '  ', '\n', ':', ': ', '- ', '#', ' #', '"', "'", '[', ']', ',', '{', '|', '>', '&a ', '*a', '!', '? ', '\\', 'x', '1', '~', '---\n', '\r', '\u00e9', 'kind', 'id'];

/** `text` with the edits applied: at a fraction of its length, insert a piece, replacing 0 or `length` characters. */
export function mutated(text: string, edits: ReadonlyArray<readonly [number, number, string]>): string {
  for (const [where, length, piece] of edits) {
    const at = Math.floor(where * text.length);
    text = text.slice(0, at) + piece + text.slice(at + (piece === '\r' ? 0 : length % 2 === 0 ? 0 : length));
  }
  return text;
}
