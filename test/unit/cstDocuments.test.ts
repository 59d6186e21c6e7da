// The CST reader (parse/cstDocuments.ts) must give exactly what composing gives: the same plain
// values (deep, strict: prototypes, key order, numbers), the same record starts, the same range
// tables, and no result at all where composing reports a problem. Checked on the YAML test suite
// (all four encodings' line ends), the demo repository, the rule fixtures, a generated benchmark
// repository, and fast-check mutations of real records (inserted and deleted YAML characters).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { ParsedNode } from 'yaml';
import { readCstDocuments } from '../../src/core/parse/cstDocuments';
import { lookupRange, packRange, rangeKey, START_KEY } from '../../src/core/parse/rangeTable';
import { agreesWithComposing, asMap, composed, CORPUS, corpusTexts, everyNodeRange, mutated, MUTATION_PIECES, ROOT, yamlFiles } from './readerParity';

/** True when the CST reader took the text; throws when it differs from composing. */
function agrees(text: string, label: string): boolean {
  if (!agreesWithComposing((t) => readCstDocuments(t), text, label)) return false;
  const slow = composed(text);
  // The complete tables (every node and key), read again from the CST, against the composed tree.
  const complete = readCstDocuments(text, true);
  assert.ok(complete, `${label}: declined with every node recorded`);
  complete.forEach((doc, i) => {
    const contents = slow.composedDocs[i].contents as ParsedNode | null;
    const expected = doc.value === undefined || !contents ? undefined : [START_KEY, packRange(contents.range[0], contents.range[0] + 1), ...everyNodeRange(contents, [])];
    assert.deepStrictEqual(asMap(doc.ranges), asMap(expected), `${label}: document ${i} complete ranges`);
  });
  return true;
}

describe('CST reader', () => {
  it('reads the usual record shapes, with values, starts and ranges as composing gives them', () => {
    const text = [
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
      'severity: major',
      'count: 0x1F',
      'ratio: .5',
      'flag: TRUE',
      'nothing: ~',
      'controls: [A.5.1, "A.8.13" ,',
      '  A.8.2]',
      'description: >-',
      '  Folded',
      '  text',
      'actions:',
      '  - id: ACT-1',
      '    due: 2026-12-01',
      '    due_history:',
      '      - 2026-11-01',
      '  # between items',
      '  -   id: ACT-2',
      '      due: 2026-12-02 # why',
      '      note: |',
      '        kept',
      '',
      '        lines',
      '__proto__: x',
      'toString: y',
      '---',
      '# only a comment',
      '---',
      'kind: Control',
      'id: A.5.1',
      '',
    ].join('\n');
    assert.ok(agrees(text, 'record'));
    const [nc, empty, control] = readCstDocuments(text)!;
    const due = text.indexOf('2026-12-02');
    assert.deepEqual(lookupRange(nc.ranges, rangeKey(['actions', 1, 'due'])), [due, due + 10]);
    assert.equal((nc.value as Record<string, unknown>).count, 31);
    assert.deepEqual((nc.value as Record<string, unknown>).controls, ['A.5.1', 'A.8.13', 'A.8.2']);
    assert.deepEqual([nc.value?.quoted, nc.value?.spaced, nc.value?.empty, nc.value?.empty2, nc.value?.['quoted key']], ["it's 'quoted'", '  a  b  ', '', '', 'x']);
    assert.equal(empty.value, undefined);
    assert.equal(control.value?.id, 'A.5.1');
  });

  it('types plain scalars as the core schema does (keys and values)', () => {
    const values = ['~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'F', 'n', 'yes', '0', '-0', '+12', '007', '0o17', '0o8', '0x1F', '0xG',
      '1.5', '.5', '5.', '-.5e3', '1e3', '1E+3', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'nan', '2026-11-27', '1_000', '12:30', '.', '+', 'A.5.1', 'éa'];
    const keys = ['~', 'True', 'FALSE', '0x1F', '0o17', '-.5', '1e3', '.inf', '.NaN', '2026-11-27', 'éa'];
    const text = [...values.map((v, i) => `k${i}: ${v}\n`), ...keys.map((k, i) => `${k}: ${i}\n`)].join('');
    assert.ok(agrees(`kind: Control\n${text}`, 'scalars'), 'the CST reader declined the scalars');
  });

  it('declines what it does not read itself, and composing then reports any problem', () => {
    const declined = [
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
      `${'a:\n'.repeat(1)}${Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} v\n`, // deep nesting
    ];
    for (const text of declined) assert.equal(readCstDocuments(text), undefined, text);
  });

  it('agrees with composing on every input of the YAML test suite (LF, CRLF, BOM)', function () {
    if (!CORPUS) this.skip();
    let read = 0;
    let total = 0;
    for (const [label, text] of corpusTexts()) {
      total++;
      if (agrees(text, label)) read++;
    }
    assert.ok(read > 50, `the CST reader took only ${read} of ${total} inputs`);
  });

  it('agrees with composing on the demo repository and all test fixtures, and reads most of them', () => {
    const files = [...yamlFiles(path.join(ROOT, 'examples')), ...yamlFiles(path.join(ROOT, 'test', 'fixtures')), ...yamlFiles(path.join(ROOT, 'test', 'integration', 'fixtures'))];
    let read = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      if (agrees(text, file)) read++;
    }
    assert.ok(read >= files.length * 0.8, `only ${read} of ${files.length} files were read from the CST`);
  });

  it('reads the generated benchmark repository except its planted syntax errors', async () => {
    const { generate } = await import('../../bench/generate.mjs');
    const { dir } = generate('small');
    const files = yamlFiles(path.join(dir, 'isms'));
    let declined = 0;
    for (const file of files) if (!agrees(fs.readFileSync(file, 'utf8'), file)) declined++;
    assert.ok(declined <= 5, `${declined} of ${files.length} generated files were declined`);
  });

  it('agrees with composing on mutated records (fast-check, fixed seed)', () => {
    const sources = yamlFiles(path.join(ROOT, 'examples')).map((f) => fs.readFileSync(f, 'utf8')).filter((t) => t.length < 4000);
    const RUNS = process.env.ISMS_FUZZ === '1' ? 50_000 : 2000;
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.nat(sources.length - 1),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(3), fc.constantFrom(...MUTATION_PIECES)), { minLength: 1, maxLength: 4 }),
        (which, edits) => {
          if (agrees(mutated(sources[which], edits), 'mutation')) accepted++;
        },
      ),
      { seed: 27001, numRuns: RUNS },
    );
    // Most mutations still read from the CST, so the comparison is not vacuous.
    assert.ok(accepted > RUNS * 0.2, `only ${accepted} of ${RUNS} mutated texts were read from the CST`);
  });
});
