// Reading ISMS files: encodings and line endings, multi-document files, YAML 1.1 documents,
// syntax errors and their positions, duplicate keys, and suppression comments.
import * as assert from 'node:assert/strict';
import { check } from '../../src/core/engine/check';
import type { IsmsDiagnostic } from '../../src/core/model/model';
import { readIsmsFile } from '../../src/core/reading/ismsFile';
import { positionOf, read, start } from './helpers/read';
import { tempRepo } from './helpers/tempRepo';

const AS_OF = '2026-11-27';

const NC = `# the owner below has a non-ASCII name and an emoji before the value
kind: Nonconformity
id: NC-1
title: "Zugriffsprüfung 🔐 fehlt"
severity: minor
source: other
raised: 2026-01-01
owner: Jürgen
status: open
actions:
  - { description: "🔐 ärger", owner: 42, due: 2026-11-01, status: open }
`;

function summary(diagnostics: IsmsDiagnostic[]) {
  return diagnostics.map((d) => ({ code: d.code, start: [d.range.start.line, d.range.start.character], end: [d.range.end.line, d.range.end.character] }));
}

async function checkRepo(files: Record<string, string | Uint8Array>, config = '') {
  const root = tempRepo(files, { config });
  return check({ cwd: root, asOf: AS_OF });
}

describe('reading ISMS files', () => {
  describe('line endings, BOM and UTF-16 columns', () => {
    it('CRLF and BOM files give the same lines and columns as the LF file', async () => {
      const crlf = NC.replace(/\n/g, '\r\n');
      const result = await checkRepo({
        'isms/lf.yaml': NC,
        'isms/crlf.yaml': crlf.replace('NC-1', 'NC-2'),
        'isms/bom.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NC.replace('NC-1', 'NC-3'))]),
        'isms/bomcrlf.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf.replace('NC-1', 'NC-4'))]),
      });
      const byFile = (f: string) => summary(result.diagnostics.filter((d) => d.file === f));
      const lf = byFile('isms/lf.yaml');
      assert.deepEqual(lf, [
        { code: 'schema', start: [10, 38], end: [10, 40] },
        { code: 'overdue-action', start: [10, 47], end: [10, 57] },
      ]);
      assert.deepEqual(byFile('isms/crlf.yaml'), lf);
      assert.deepEqual(byFile('isms/bom.yaml'), lf);
      assert.deepEqual(byFile('isms/bomcrlf.yaml'), lf);
    });

    it('columns count UTF-16 code units (an emoji counts 2)', () => {
      const text = 'kind: Nonconformity\nid: NC-1\ntitle: t\nseverity: minor\nsource: other\nraised: 2026-01-01\nowner: o\nstatus: open\nx-ü: 1\ncontrols: ["🔐", 42]\n';
      const [d] = read(text);
      assert.equal(d.code, 'schema');
      // `controls: ["🔐", ` is 10 + 2 + 2 (emoji) + 3 = 17 UTF-16 units before 42
      assert.deepEqual(start(d), { line: 9, character: 17 });
      assert.deepEqual([d.range.end.line, d.range.end.character], [9, 19]);
    });

    it('a value after non-ASCII text on its line starts at its UTF-16 column', () => {
      const text = "kind: Control\nid: A.5.1\ntitle: t\napplicable: false\nx-naïve-🔐: { status: 1 }\nlast_reviewed: 2026-02-30\n";
      const withEmojiBefore = "kind: Control\nid: A.5.1\ntitle: t\napplicable: false\nlast_reviewed: 2026-02-30\n".replace('last_reviewed: 2026-02-30', 'last_reviewed: 2026-02-30 # 🔐');
      assert.deepEqual(start(read(text)[0]), { line: 5, character: 15 });
      assert.deepEqual(start(read(withEmojiBefore)[0]), { line: 4, character: 15 });
      const inFlow = "kind: Objective\nid: O\ntitle: t\nmetric: m\ndirection: at-least\ntarget: 1\nmeasurements: [{ note: 'ü🔐', date: 2026-02-30, value: 1 }]\n";
      const [d] = read(inFlow);
      assert.equal(d.code, 'invalid-date');
      assert.deepEqual(start(d), { line: 6, character: "measurements: [{ note: 'ü🔐', date: ".length });
    });

    it('a file that is not UTF-8 is reported, not read', async () => {
      const result = await checkRepo({ 'isms/latin1.yaml': Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xe4, 0x0a]) });
      assert.deepEqual(result.diagnostics.map((d) => d.code), ['invalid-utf8']);
    });
  });

  describe('documents', () => {
    it('every document of a multi-document file is a record; empty documents are skipped', () => {
      const text = '---\nkind: Control\nid: A\ntitle: t\napplicable: false\njustification: j\n---\n---\n# just a comment\n...\n---\nkind: Control\nid: B\ntitle: t\napplicable: fals\n';
      const file = readIsmsFile('isms/x.yaml', text);
      assert.deepEqual(file.records.map((r) => r.id), ['A', 'B']);
      assert.equal(file.mappingCount, 2);
      assert.deepEqual(file.diagnostics.map((d) => [d.code, d.range.start.line, d.record]), [['schema', 14, 'B']]);
    });

    it('dates stay strings under %YAML 1.1 and with !!timestamp tags', () => {
      const text = '%YAML 1.1\n---\nkind: Audit\nid: AUD-1\ntype: internal\ndate: !!timestamp 2026-01-01\nend: 2026-01-02\nstatus: planned\n';
      const file = readIsmsFile('isms/x.yaml', text);
      assert.deepEqual(file.diagnostics, []);
      assert.equal(file.records[0].value.date, '2026-01-01');
      assert.equal(file.records[0].value.end, '2026-01-02');
      const invalid = readIsmsFile('isms/y.yaml', '%YAML 1.1\n---\nkind: Audit\nid: AUD-1\ntype: internal\ndate: !!timestamp 2026-02-30\nstatus: planned\n');
      assert.deepEqual(invalid.diagnostics.map((d) => d.code), ['invalid-date']);
    });

    it('YAML 1.1 booleans are plain strings (yes is not true)', () => {
      const [d] = read('%YAML 1.1\n---\nkind: Control\nid: A.5.1\ntitle: t\napplicable: yes\n');
      assert.equal(d.code, 'schema');
      assert.match(d.message, /^applicable: expected true or false/);
    });
  });

  describe('ranges of nodes the range table lacks', () => {
    it('unknown keys, invalid dates and missing fields are reported where composing the file reports them', () => {
      const text = [
        'kind: Nonconformity', 'id: NC-1', 'title: t', 'severity: minor', 'source: other', 'raised: 2026-02-30', 'ownr: Jane',
        'status: open', 'description: >-', '  folded', 'actions:', '  - description: d', '    owner: Jo', '    due: 2026-13-01',
        '    status: open', '    colour: red', '  - owner: Al', '    due: 2026-11-01', '    status: open', '',
      ].join('\n');
      // An anchor at the very end makes the CST reader decline the file (the composed path), and
      // moves no offset before it.
      const composed = `${text}x-note: &n composed\n`;
      const show = (diagnostics: IsmsDiagnostic[]) => diagnostics.filter((d) => d.code !== 'schema' || !d.message.startsWith('x-note')).map((d) => [d.code, d.message, start(d), d.range.end]);
      const fromCst = show(read(text));
      assert.ok(fromCst.length >= 5, JSON.stringify(fromCst));
      assert.deepEqual(fromCst, show(read(composed)));
      assert.deepEqual(fromCst.find((d) => String(d[1]).startsWith('ownr'))?.[2], positionOf(text, 'ownr'));
      assert.deepEqual(fromCst.find((d) => String(d[1]).startsWith('actions[0].colour'))?.[2], positionOf(text, 'colour'));
    });
  });

  describe('YAML syntax errors', () => {
    it('report yaml-syntax at the parser position and nothing else for that document', () => {
      const text = 'kind: Nonconformity\nid: NC-1\ntitle: a: b\nstatus: nonsense\n';
      const diagnostics = read(text);
      assert.ok(diagnostics.length >= 1);
      assert.ok(diagnostics.every((d) => d.code === 'yaml-syntax' && d.severity === 'error'));
      assert.equal(diagnostics[0].range.start.line, 2);
      assert.equal(diagnostics[0].record, undefined);
    });

    it('a broken document does not stop the other documents of the file', () => {
      const text = 'kind: Control\nid: A\ntitle: [\n---\nkind: Control\nid: B\ntitle: t\napplicable: maybe\n';
      const diagnostics = read(text);
      assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax'));
      const schema = diagnostics.filter((d) => d.code === 'schema');
      assert.equal(schema.length, 1);
      assert.deepEqual(start(schema[0]), positionOf(text, 'maybe'));
    });

    it('duplicate keys are yaml-syntax at the repeated key, at any depth', () => {
      const text = 'kind: Control\nid: A\ntitle: t\ntitle: u\napplicable: false\nevidence:\n  - { path: a, path: b }\n';
      const diagnostics = read(text);
      assert.deepEqual(diagnostics.map((d) => [d.code, start(d)]), [
        ['yaml-syntax', positionOf(text, 'title', 1)],
        ['yaml-syntax', positionOf(text, 'path', 1)],
      ]);
    });

    it("a syntax-broken document's id is still registered, so references to it resolve", async () => {
      const result = await checkRepo({
        'isms/nc.yaml': 'kind: Nonconformity\nid: NC-1\nid: NC-1\ntitle: t\n',
        'isms/rca.yaml': 'kind: RootCauseAnalysis\nid: RCA-1\nnonconformity: NC-1\nmethod: other\nproblem: p\nroot_causes: [c]\n',
      });
      assert.deepEqual(result.diagnostics.map((d) => `${d.file} ${d.code}`), ['isms/nc.yaml yaml-syntax']);
    });

    it('an unresolved alias is a yaml-syntax error', () => {
      const diagnostics = read('kind: Control\nid: A\ntitle: *nothing\napplicable: false\n');
      assert.ok(diagnostics.length > 0);
      assert.ok(diagnostics.every((d) => d.code === 'yaml-syntax'));
    });

    it('an alias bomb is stopped', () => {
      const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
      const diagnostics = read(`kind: Control\nid: A\n${lines.join('\n')}\n`);
      assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax'));
    });
  });

  describe('suppression comments', () => {
    const action = (due: string, before = '') => `${before}  - description: d\n    owner: o\n    due: ${due}\n    status: open\n`;
    const nc = (actions: string, header = '') => `${header}kind: Nonconformity\nid: NC-1\ntitle: t\nseverity: minor\nsource: other\nraised: 2026-01-01\nowner: o\nstatus: open\nactions:\n${actions}`;

    it('# isms-disable-next-line <code> -- reason hides that code on the next line only', () => {
      const text = nc(action('2026-11-01').replace('    due:', '    # isms-disable-next-line overdue-action -- agreed with the CISO\n    due:') + action('2026-11-02'));
      const file = readIsmsFile('isms/x.yaml', text);
      assert.ok(file.suppressions.lines.size === 1);
      return checkRepo({ 'isms/x.yaml': text }).then((r) => {
        assert.deepEqual(r.diagnostics.map((d) => [d.code, d.range.start.line]), [['overdue-action', positionOf(text, '2026-11-02').line]]);
      });
    });

    it('a next-line directive for another code hides nothing', async () => {
      const text = nc(action('2026-11-01').replace('    due:', '    # isms-disable-next-line action-due-soon\n    due:'));
      const r = await checkRepo({ 'isms/x.yaml': text });
      assert.deepEqual(r.diagnostics.map((d) => d.code), ['overdue-action']);
    });

    it('# isms-disable-file <code> hides that code in the whole file, and works in CRLF files', async () => {
      const text = nc(action('2026-11-01') + action('2026-12-01'), '# isms-disable-file overdue-action\n').replace(/\n/g, '\r\n');
      const r = await checkRepo({ 'isms/x.yaml': text });
      assert.deepEqual(r.diagnostics.map((d) => d.code), ['action-due-soon']);
    });

    it('several codes can be listed; the summary counts only what is shown', async () => {
      const text = nc(action('2026-11-01') + action('2026-12-01'), '# isms-disable-file overdue-action, action-due-soon -- accepted risk\n');
      const r = await checkRepo({ 'isms/x.yaml': text });
      assert.deepEqual(r.diagnostics, []);
      assert.deepEqual([r.summary.errors, r.summary.warnings, r.summary.infos], [0, 0, 0]);
      assert.equal(r.exitCode, 0);
    });
  });
});

describe('date fields in nested lists', () => {
  it('several invalid dates in nested lists each keep their own path', () => {
    const text = [
      'kind: Nonconformity', 'id: NC-1', 'title: t', 'severity: minor', 'source: other', 'raised: 2026-01-01', 'owner: o', 'status: open',
      'description: d', 'actions:',
      '  - id: A1', '    title: t', '    owner: o', '    due: 2026-02-30', '    status: open',
      '    due_history:', '      - { from: 2026-01-01, to: 2026-13-01, on: 2026-01-02, reason: r }',
      '  - id: A2', '    title: t', '    owner: o', '    due: 2026-04-31', '    status: open', '',
    ].join('\n');
    const dates = readIsmsFile('isms/x.yaml', text).diagnostics.filter((d) => d.code === 'invalid-date');
    assert.deepEqual(dates.map((d) => d.path), [['actions', 0, 'due'], ['actions', 1, 'due'], ['actions', 0, 'due_history', 0, 'to']]);
    assert.deepEqual(dates.map((d) => d.range.start.line), [13, 20, 16]);
  });
});
