// The quick line reader for old versions (parse/quickDocuments.ts) must read exactly what yaml
// reads, and the history's versions from it (history/versions.ts quickVersion) must be exactly
// readIsmsFile's: where it reads a text, composing reports no problem, gives the same documents
// and values (UNREAD stands for any value), and the same FileVersion. Checked on the YAML test
// suite (LF, CRLF, BOM), the demo repository, every test fixture, the generated benchmark
// repository, versions shaped like the history benchmark's, and fast-check mutations of records.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { readQuickDocuments, UNREAD } from '../../src/core/parse/quickDocuments';
import { parseYamlDocuments } from '../../src/core/parse/yamlDocuments';
import { readIsmsFile } from '../../src/core/reading/ismsFile';
import { quickVersion, versionOfFile } from '../../src/core/history/versions';

const ROOT = path.join(__dirname, '..', '..');
const CORPUS = [path.join(ROOT, '..', 'shared', 'corpus', 'yaml-test-suite'), '/work/shared/corpus/yaml-test-suite'].find((d) => fs.existsSync(d));

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

/** `actual` as the quick reader has it equals yaml's `expected`, an UNREAD value matching anything. */
function sameValue(actual: unknown, expected: unknown, at: string): void {
  if (actual === UNREAD) return;
  if (Array.isArray(actual)) {
    assert.ok(Array.isArray(expected), `${at}: a sequence where yaml has ${JSON.stringify(expected)}`);
    assert.equal(actual.length, expected.length, `${at}: length`);
    actual.forEach((v, i) => sameValue(v, expected[i], `${at}[${i}]`));
    return;
  }
  if (typeof actual === 'object' && actual !== null) {
    assert.ok(typeof expected === 'object' && expected !== null && !Array.isArray(expected), `${at}: a mapping where yaml has ${JSON.stringify(expected)}`);
    assert.deepEqual(Object.keys(actual), Object.keys(expected), `${at}: keys`);
    for (const [k, v] of Object.entries(actual)) sameValue(v, (expected as Record<string, unknown>)[k], `${at}.${k}`);
    return;
  }
  assert.equal(actual, expected, at);
}

/** True when the quick reader took the text; throws when it differs from yaml or readIsmsFile. */
function agrees(text: string, label: string): boolean {
  const quick = readQuickDocuments(text);
  if (!quick) {
    assert.equal(quickVersion('f.yaml', text), undefined, `${label}: a version without documents`);
    return false;
  }
  const parsed = parseYamlDocuments(text);
  assert.equal(parsed.problems.length, 0, `${label}: the quick reader accepted a text with YAML problems (${parsed.problems[0]?.message}):\n${text}`);
  const documents = parsed.documents.filter((d) => {
    const contents = d.doc.contents as { value?: unknown } | null;
    return !(contents === null || contents.value === null);
  });
  assert.equal(quick.length, documents.length, `${label}: document count`);
  quick.forEach((value, i) => sameValue(value, documents[i].value, `${label}: document ${i}`));
  const version = quickVersion('f.yaml', text);
  if (version) assert.deepStrictEqual(version, versionOfFile(readIsmsFile('f.yaml', text, { valuesOnly: true })), `${label}: version`);
  return true;
}

/** A nonconformity as bench/generateHistory.mjs writes it. */
const HISTORY_SHAPED = [
  '# Corrective action log entry', 'kind: Nonconformity', 'id: NC-0010', 'title: Finding about encryption', 'severity: major', 'source: internal-audit',
  'raised: 2023-09-08', 'owner: Chen Wei', 'status: closed', 'closed: 2025-11-24', 'description: >', '  Observed during the awareness audit.', 'actions:',
  '  - id: NC-0010-A1', '    description: Fix the asset register gap (1)', '    owner: Ana Silva', '    due: 2024-03-20', '    status: in-progress',
  '  - id: NC-0010-A2', '    description: Fix the encryption gap (2)', '    owner: Dana Cohen', '    due: 2023-10-07', '    status: done', '    completed: 2023-10-01',
  '    due_history:', '      - from: 2023-09-28', '        to: 2023-10-07', '        reason: Waiting for the awareness supplier', '        on: 2024-05-17', '',
].join('\n');

describe('quick reader of old versions', () => {
  it('reads the history benchmark\'s versions and the usual record shapes itself, as yaml reads them', () => {
    assert.ok(agrees(HISTORY_SHAPED, 'history-shaped'));
    const version = quickVersion('f.yaml', HISTORY_SHAPED)!;
    assert.equal(version.records[0].status, 'closed');
    assert.deepEqual(version.records[0].actions.map((a) => [a.key, a.due, a.status, a.recorded]), [
      ['id:NC-0010-A1', '2024-03-20', 'in-progress', []], ['id:NC-0010-A2', '2023-10-07', 'done', ['2023-09-28>2023-10-07']],
    ]);
    const shapes = [
      'kind: Nonconformity\nid: NC-1\nstatus: open # still\nactions:\n- description: "Patch: the servers"\n  due: 2026-01-10\n- description: \'Rotate keys\'\n  due: 2026-02-01\n',
      '---\nkind: ManagementReview\nid: MR-1\nactions:\n  -   description: |-\n        Two\n        lines\n      due: 2026-01-10\n---\n# only a comment\n---\nkind: Control\nid: A.5.1\n',
      'kind: Nonconformity\nid: NC-2\ndescription: >-\n  Folded\n  text\n\n\nactions:\n  - id: A1\n    due_history:\n    - from: 2026-01-01\n      to: 2026-02-01\n    due: 2026-02-01\n',
      'kind: Risk\nid: R-1\ntreatment_plan:\n  - description: Train staff\n    due: 2026-03-01\n    status: open\nx-note: C# and 50% are plain\n',
    ];
    for (const text of shapes) {
      assert.ok(agrees(text, text), `declined:\n${text}`);
      assert.ok(quickVersion('f.yaml', text), `no version:\n${text}`);
    }
  });

  it('leaves values it does not read exactly UNREAD, and the history declines a version needing one', () => {
    const [doc] = readQuickDocuments('kind: Nonconformity\nid: NC-1\ncount: 12\nnote: >\n  a\n\n  b\n')!;
    assert.equal((doc as Record<string, unknown>).count, UNREAD);
    assert.equal((doc as Record<string, unknown>).note, UNREAD);
    assert.ok(quickVersion('f.yaml', 'kind: Nonconformity\nid: NC-1\ncount: 12\nactions:\n  - id: A1\n    due: 2026-01-01\n'));
    for (const text of [
      'kind: Nonconformity\nid: 12\n', // a number id
      'kind: Nonconformity\nid: NC-1\nstatus: null\n',
      'kind: Nonconformity\nid: NC-1\nactions:\n  - id: A1\n    due: 2026-1-5\n', // not certainly a string
      'kind: Nonconformity\nid: NC-1\nactions:\n  - description: >\n      a\n\n      b\n', // a folded text with a blank line
      'kind: Nonconformity\nid: NC-1\nactions:\n  - 7\n',
    ]) {
      assert.ok(agrees(text, text));
      assert.equal(quickVersion('f.yaml', text), undefined, text);
    }
  });

  it('declines what it does not read itself', () => {
    const declined = [
      'a: 1\na: 2\n', 'a: &x 1\nb: *x\n', 'a: !!str 1\n', '%YAML 1.2\n---\na: 1\n', 'a:\n\t- 1\n', '? a\n: 1\n', 'a:\n', 'a: [1,\n  2]\n', 'a: [b: c]\n', 'a: {b: 1, b: 2}\n', 'a: [b,,c]\n', 'a: [b] c\n',
      'a: "x"#c\n', '- 1\n', 'a: 1\n...\n', 'a: b: c\n', 'a: "unterminated\n', 'a: "esc\\"aped"\n', "a: 'it''s'\n", 'a: b\n  c\n', 'a: 1\r\nb: 2\r\n',
      '\uFEFFa: 1\n', 'a: x:\n', '  a: 1\n', 'a:\n  - b\n c: 1\n', 'a:\n  b: 1\n   c: 2\n', 'a: |\n\n  b\n', 'a: >2\n  b\n', 'a: |+\n  b\n', 'a: >\nb: 1\n',
      '--- a: 1\n', 'a: 1\n--- # c\nb: 2\n', '1: a\n', 'true: a\n', '"a": 1\n', 'a b: 1\n', '__proto__: 1\n', 'a:\n  -\n    b: 1\n', 'a:\n  - - b\n', 'a:\n  - >\n    b\n',
      `a:\n${Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} v\n`,
    ];
    for (const text of declined) assert.equal(readQuickDocuments(text), undefined, text);
  });

  it('agrees with yaml on every input of the YAML test suite (LF, CRLF, BOM)', function () {
    if (!CORPUS) this.skip();
    let read = 0;
    for (const file of yamlFiles(CORPUS!)) {
      const lf = fs.readFileSync(file, 'utf8');
      for (const [name, text] of [['lf', lf], ['crlf', lf.replace(/\r?\n/g, '\r\n')], ['bom', `\uFEFF${lf}`]]) {
        if (agrees(text, `${path.basename(file)} (${name})`)) read++;
      }
    }
    assert.ok(read > 20, `the quick reader took only ${read} inputs of the YAML test suite`);
  });

  it('agrees with readIsmsFile on the demo repository, every test fixture and the generated benchmark repository', async () => {
    const { generate } = await import('../../bench/generate.mjs');
    const { dir } = generate('small');
    const files = [...yamlFiles(path.join(ROOT, 'examples')), ...yamlFiles(path.join(ROOT, 'test', 'fixtures')), ...yamlFiles(path.join(ROOT, 'test', 'integration', 'fixtures')), ...yamlFiles(path.join(dir, 'isms'))];
    let read = 0;
    for (const file of files) if (agrees(fs.readFileSync(file, 'utf8'), file)) read++;
    assert.ok(read >= files.length * 0.3, `only ${read} of ${files.length} files were read quickly`);
  });

  it('agrees with yaml and readIsmsFile on mutated records (fast-check, fixed seed)', () => {
    const sources = [HISTORY_SHAPED, HISTORY_SHAPED, HISTORY_SHAPED, ...yamlFiles(path.join(ROOT, 'examples')).map((f) => fs.readFileSync(f, 'utf8')).filter((t) => t.length < 4000)];
    const RUNS = process.env.ISMS_FUZZ === '1' ? 50_000 : 3000;
    let accepted = 0;
    const pieces = [' ', '  ', '\n', '\n\n', ':', ': ', '- ', '-', '#', ' #', '"', "'", '[', ']', ',', '{', '|', '>', '>-', '&a ', '*a', '!', '? ', '\\', 'x', '1', '~', '---\n', '...', '\r', '\t', '\u00e9', 'kind', 'id', 'due', 'status: ', 'null'];
    fc.assert(
      fc.property(
        fc.nat(sources.length - 1),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(3), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 4 }),
        (which, edits) => {
          let text = sources[which];
          for (const [where, length, piece] of edits) {
            const at = Math.floor(where * text.length);
            text = text.slice(0, at) + piece + text.slice(at + (length % 2 === 0 ? 0 : length));
          }
          if (agrees(text, 'mutation')) accepted++;
        },
      ),
      { seed: 27001, numRuns: RUNS },
    );
    // Most mutations break the YAML or leave what the reader knows; enough are still read for the comparison to count.
    assert.ok(accepted > RUNS * 0.1, `only ${accepted} of ${RUNS} mutated texts were read quickly`);
  });
});
