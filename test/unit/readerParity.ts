// What a fast reader of ISMS files (parse/cstDocuments.ts, parse/eventDocuments.ts) must give:
// exactly what composing gives. Shared by their parity tests.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
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

/** The repository's own YAML files: the demo, the rule fixtures, the integration fixtures. */
export function repositoryYamlFiles(): string[] {
  return [...yamlFiles(path.join(ROOT, 'examples')), ...yamlFiles(path.join(ROOT, 'test', 'fixtures')), ...yamlFiles(path.join(ROOT, 'test', 'integration', 'fixtures'))];
}

/** How many texts of the YAML test suite `agrees` took (it throws on a difference), of how many. */
export function corpusAgreement(agrees: (text: string, label: string) => boolean): { read: number; total: number } {
  let read = 0;
  let total = 0;
  for (const [label, text] of corpusTexts()) {
    total++;
    if (agrees(text, label)) read++;
  }
  return { read, total };
}

/** How many of `runs` fast-check mutations of `sources` (1 to 4 edits of `pieces`) `agrees` took. */
export function mutationAgreement(agrees: (text: string, label: string) => boolean, sources: string[], pieces: string[], runs: number, seed = 27001): number {
  let accepted = 0;
  fc.assert(
    fc.property(
      fc.nat(sources.length - 1),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(3), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 4 }),
      (which, edits) => {
        if (agrees(mutated(sources[which], edits), 'mutation')) accepted++;
      },
    ),
    { seed, numRuns: runs },
  );
  return accepted;
}

/** The demo's records (under 4,000 characters), the sources of the mutations. */
export function demoSources(): string[] {
  return yamlFiles(path.join(ROOT, 'examples')).map((f) => fs.readFileSync(f, 'utf8')).filter((t) => t.length < 4000);
}

/** Generates the benchmark repository `size` (bench/generate.mjs); how many of its files `agrees` declined, of how many. */
export async function generatedDeclines(agrees: (text: string, label: string) => boolean, size: 'small' | 'single-2k'): Promise<{ declined: number; files: number }> {
  const { generate } = await import('../../bench/generate.mjs');
  const files = yamlFiles(path.join(generate(size).dir, 'isms'));
  let declined = 0;
  for (const file of files) if (!agrees(fs.readFileSync(file, 'utf8'), file)) declined++;
  return { declined, files: files.length };
}

/** Plain scalars of every core-schema type and near misses, as values and as keys, in a Control. */
export function coreScalarsText(extraValues: string[] = []): string {
  const values = ['~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'F', 'n', 'yes', '0', '-0', '+12', '007', '0o17', '0o8', '0x1F', '0xG',
    '1.5', '.5', '5.', '-.5e3', '1e3', '1E+3', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'nan', '2026-11-27', '1_000', '12:30', '.', '+', 'A.5.1', 'éa', ...extraValues];
  const keys = ['~', 'True', 'FALSE', '0x1F', '0o17', '-.5', '1e3', '.inf', '.NaN', '2026-11-27', 'éa'];
  return `kind: Control\n${[...values.map((v, i) => `k${i}: ${v}\n`), ...keys.map((k, i) => `${k}: ${i}\n`)].join('')}`;
}

/** The end of the usual-shapes record: prototype names as keys, a comment-only document, a second record. */
export const RECORD_TAIL = ['__proto__: x', 'toString: y', '---', '# only a comment', '---', 'kind: Control', 'id: A.5.1', ''];

/** Texts both fast readers leave to the composer (each reader adds its own). */
export const DECLINED_BY_BOTH = [
  'a: 1\na: 2\n', // duplicate key
  'a: &x 1\nb: *x\n', // anchors and aliases
  'a: !!str 1\n', // tags
  '%YAML 1.2\n---\na: 1\n', // directives
  'a:\n\t- 1\n', // tabs
  '? a\n: 1\n', // explicit keys
  'a:\n', // empty values
  'a: {b: 1}\n', // flow mappings
  'a: [1, # c\n  2]\n', // comments in flow sequences
  'a: "x"#c\n', // comment without a space
  '- 1\n', // a sequence document
  'a: 1\n...\n', // document end marker
  'a: b: c\n', // nested compact mapping
  'a: [1,,2]\n',
  'a: "unterminated\n',
  `a:\n${Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} v\n`, // deep nesting
];

/** The start of the usual-shapes record: comments, quoting styles, a quoted key. */
export const RECORD_HEAD = [
  '# Statement of Applicability',
  'kind: Nonconformity # comment',
  "id: 'NC-2026-001'",
  'title: "Backups \\u00e9 not tested"',
  "quoted: 'it''s ''quoted'''",
  'spaced: "  a  b  "',
  "empty: ''",
  'empty2: ""',
  "'quoted key': x",
  'status: in-progress',
];
