// The CST reader (parse/cstDocuments.ts) must give exactly what composing gives: the same plain
// values (deep, strict: prototypes, key order, numbers), the same record starts, the same range
// tables, and no result at all where composing reports a problem. Checked on the YAML test suite
// (all four encodings' line ends), the demo repository, the rule fixtures, a generated benchmark
// repository, and fast-check mutations of real records (inserted and deleted YAML characters).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { ParsedNode } from 'yaml';
import { readCstDocuments } from '../../src/core/parse/cstDocuments';
import { lookupRange, packRange, rangeKey, START_KEY } from '../../src/core/parse/rangeTable';
import { agreesWithComposing, asMap, composed, CORPUS, coreScalarsText, corpusAgreement, DECLINED_BY_BOTH, demoSources, everyNodeRange, generatedDeclines, mutationAgreement, MUTATION_PIECES, RECORD_HEAD, RECORD_TAIL, repositoryYamlFiles } from './readerParity';

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
      ...RECORD_HEAD,
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
      ...RECORD_TAIL,
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
    assert.ok(agrees(coreScalarsText(), 'scalars'), 'the CST reader declined the scalars');
  });

  it('declines what it does not read itself, and composing then reports any problem', () => {
    const declined = DECLINED_BY_BOTH;
    for (const text of declined) assert.equal(readCstDocuments(text), undefined, text);
  });

  it('agrees with composing on every input of the YAML test suite (LF, CRLF, BOM)', function () {
    if (!CORPUS) this.skip();
    const { read, total } = corpusAgreement(agrees);
    assert.ok(read > 50, `the CST reader took only ${read} of ${total} inputs`);
  });

  it('agrees with composing on the demo repository and all test fixtures, and reads most of them', () => {
    const files = repositoryYamlFiles();
    let read = 0;
    for (const file of files) if (agrees(fs.readFileSync(file, 'utf8'), file)) read++;
    assert.ok(read >= files.length * 0.8, `only ${read} of ${files.length} files were read from the CST`);
  });

  it('reads the generated benchmark repository except its planted syntax errors', async () => {
    const { declined, files } = await generatedDeclines(agrees, 'small');
    assert.ok(declined <= 5, `${declined} of ${files} generated files were declined`);
  });

  it('agrees with composing on mutated records (fast-check, fixed seed)', () => {
    const RUNS = process.env.ISMS_FUZZ === '1' ? 50_000 : 2000;
    const accepted = mutationAgreement(agrees, demoSources(), MUTATION_PIECES, RUNS);
    // Most mutations still read from the CST, so the comparison is not vacuous.
    assert.ok(accepted > RUNS * 0.2, `only ${accepted} of ${RUNS} mutated texts were read from the CST`);
  });
});
