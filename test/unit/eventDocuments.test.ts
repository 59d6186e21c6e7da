// The event reader (parse/eventDocuments.ts, on js-yaml's events) must give exactly what composing
// with yaml gives: the same plain values, record starts and range tables, and nothing at all for a
// text in which yaml reports a problem (yaml-syntax findings stay yaml's). Checked as the CST
// reader is (readerParity.ts): the YAML test suite, the repository's YAML files, both shapes of
// generated benchmark repository, and fast-check mutations of real records, with tabs and control
// characters among the inserted pieces.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { readCstDocuments } from '../../src/core/parse/cstDocuments';
import { readEventDocuments } from '../../src/core/parse/eventDocuments';
import { lookupRange, rangeKey } from '../../src/core/parse/rangeTable';
import { readIsmsFile } from '../../src/core/reading/ismsFile';
import { agreesWithComposing, CORPUS, coreScalarsText, corpusAgreement, DECLINED_BY_BOTH, demoSources, generatedDeclines, mutationAgreement, MUTATION_PIECES, RECORD_HEAD, RECORD_TAIL, repositoryYamlFiles } from './readerParity';

const agrees = (text: string, label: string): boolean => agreesWithComposing(readEventDocuments, text, label);

describe('event reader', () => {
  it('reads the usual record shapes, with values, starts and ranges as composing gives them', () => {
    const text = [
      ...RECORD_HEAD,
      'count: 0x1F',
      'flag: TRUE',
      'nothing: ~',
      'controls: [A.5.1, "A.8.13" , A.8.2]',
      'risks: []',
      'description: >-',
      '  Folded',
      '  text',
      'plain: more',
      '  lines',
      'actions:',
      '  - id: ACT-1',
      '    due: 2026-12-01',
      '    due_history:',
      '      - 2026-11-01',
      '  # between items',
      '  -   id: ACT-2',
      '      due: "2026-12-02" # why',
      '      note: |',
      '        kept',
      '',
      '        lines',
      ...RECORD_TAIL,
    ].join('\r\n');
    assert.ok(agrees(text, 'record'), 'declined');
    const [nc, empty, control] = readEventDocuments(text)!;
    const due = text.indexOf('"2026-12-02"');
    assert.deepEqual(lookupRange(nc.ranges, rangeKey(['actions', 1, 'due'])), [due, due + 12]);
    assert.deepEqual(nc.value?.controls, ['A.5.1', 'A.8.13', 'A.8.2']);
    assert.equal(nc.value?.count, 31);
    assert.equal(nc.value?.plain, 'more lines');
    assert.equal(empty.value, undefined);
    assert.equal(control.value?.id, 'A.5.1');
  });

  it('types plain scalars as the core schema does (keys and values)', () => {
    assert.ok(agrees(coreScalarsText(['0b101', '1,000']), 'scalars'), 'the event reader declined the scalars');
  });

  it('declines what it leaves to yaml, and composing then reports any problem', () => {
    const declined = [
      ...DECLINED_BY_BOTH,
      'a: "x\ty"\n', // a tab anywhere
      'a: [1,\n  2]\n', // multi-line flow sequences
      'a: [1]#c\n',
      '--- a: 1\n',
      ' ---\na: 1\n', // an indented marker
      ' %x\n---\na: 1\n', // an indented directive
      'a: 1\rb: 2\n', // a lone CR
      '\uFEFFa: 1\n', // byte order mark
      'a: "\u0007"\n', // a control character
      'a: x\u2028y\n',
      `${'k'.repeat(1100)}: v\n`, // over yaml's implicit-key limit
      '',
    ];
    for (const text of declined) assert.equal(readEventDocuments(text), undefined, JSON.stringify(text));
  });

  it('declines a file where a rule reports at a block scalar (its range is the CST reader\'s), and readIsmsFile still reads it', () => {
    const text = 'kind: Nonconformity\nid: NC-1\nstatus: |\n  open\n';
    assert.equal(readEventDocuments(text), undefined);
    assert.equal(readIsmsFile('a.yaml', text).records[0].value.status, 'open\n');
  });

  it('agrees with composing on every input of the YAML test suite (LF, CRLF, BOM)', function () {
    if (!CORPUS) this.skip();
    const { read, total } = corpusAgreement(agrees);
    assert.ok(read > 40, `the event reader took only ${read} of ${total} inputs`);
  });

  it('agrees with composing on the demo repository and all test fixtures, and reads what the CST reader reads', () => {
    const files = repositoryYamlFiles();
    let read = 0;
    let records = 0; // files the CST reader takes that hold a record (not a comment-only config)
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      if (readCstDocuments(text)?.some((d) => d.value !== undefined)) records++;
      if (agrees(text, file)) read++;
    }
    assert.ok(read >= records * 0.95, `only ${read} of the ${records} files the CST reader takes were read from events`);
  });

  for (const size of ['small', 'single-2k'] as const) {
    it(`reads the generated benchmark repository (${size}) except its planted syntax errors`, async function () {
      this.timeout(60_000);
      const { declined, files } = await generatedDeclines(agrees, size);
      assert.ok(declined <= files * 0.02, `${declined} of ${files} generated files were declined`);
    });
  }

  it('agrees with composing on mutated records (fast-check, fixed seed)', function () {
    this.timeout(120_000);
    const RUNS = process.env.ISMS_FUZZ === '1' ? 100_000 : 4000;
    const pieces = [...MUTATION_PIECES, '\t', '\u0000', '\u0085', '\uFEFF', '...\n', '%', '@', '`', '  - ', '\n  ', '"\\', "''", '[]', ' ]', ', '];
    const accepted = mutationAgreement(agrees, demoSources(), pieces, RUNS, Number(process.env.ISMS_FUZZ_SEED ?? 27001));
    // Most mutations still read from events, so the comparison is not vacuous.
    assert.ok(accepted > RUNS * 0.1, `only ${accepted} of ${RUNS} mutated texts were read from events`);
  });
});
