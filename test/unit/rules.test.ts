// Inline-marker fixtures for every rule, markdownlint style. Each folder under test/fixtures/rules
// that holds an isms.config.yaml is a tiny ISMS repository; a comment `# expect: <code> [severity]`
// at the end of a line says a diagnostic of that code must start on that line (several markers on
// one line are separated by commas; `code*N` expects N of them). The set of (file, line, code) found must equal the markers
// exactly, so negatives are covered by absence. The as-of date comes from a `# as-of: YYYY-MM-DD`
// comment in the fixture's isms.config.yaml (default 2026-11-27).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../src/core/engine/check';
import { fixtureRepos } from './helpers/fixtureRepos';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');
const DEFAULT_AS_OF = '2026-11-27';
const MARKER = /#\s*expect:\s*(.+)$/;


function yamlFiles(dir: string, root = dir): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(full, root));
    else if (/\.ya?ml$/.test(entry.name) && entry.name !== 'isms.config.yaml') out.push(path.relative(root, full).split(path.sep).join('/'));
  }
  return out.sort();
}

interface Expectation {
  key: string;
  severity?: string;
}

function expectations(repo: string): Expectation[] {
  const out: Expectation[] = [];
  for (const file of yamlFiles(repo)) {
    const lines = fs.readFileSync(path.join(repo, file), 'utf8').split(/\r?\n/);
    lines.forEach((text, i) => {
      const m = MARKER.exec(text);
      if (!m) return;
      for (const item of m[1].split(',')) {
        const [spec, severity] = item.trim().split(/\s+/);
        const [code, times] = spec.split('*');
        for (let n = 0; n < Number(times ?? 1); n++) out.push({ key: `${file}:${i + 1} ${code}`, severity });
      }
    });
  }
  return out;
}

function asOfOf(repo: string): string {
  const config = fs.readFileSync(path.join(repo, 'isms.config.yaml'), 'utf8');
  return /#\s*as-of:\s*(\d{4}-\d{2}-\d{2})/.exec(config)?.[1] ?? DEFAULT_AS_OF;
}

describe('rule fixtures (inline # expect: markers)', () => {
  const repos = fixtureRepos(FIXTURES);
  it('has fixtures for every rule code', () => {
    const codes = new Set(repos.map((r) => path.relative(FIXTURES, r).split(path.sep)[0]));
    for (const code of [
      'duplicate-id', 'unknown-reference', 'overdue-action', 'action-due-soon', 'missing-rca', 'effectiveness-review-missing',
      'effectiveness-review-overdue', 'status-inconsistent', 'control-review-overdue', 'soa-justification-missing',
      'review-input-missing', 'objective-off-target', 'invalid-date', 'schema', 'yaml-syntax',
      'risk-acceptance-missing', 'risk-acceptance-expired', 'risk-review-overdue', 'risk-treatment-missing',
      'risk-above-appetite', 'improvement-plan-not-ratified', 'improvement-plan-lapsed', 'opportunity-not-planned',
      'audit-programme-gap', 'auditor-not-independent', 'management-review-overdue', 'review-decisions-missing',
      'extent-not-assessed',
    ]) assert.ok(codes.has(code), `no fixture for ${code}`);
  });

  for (const repo of repos) {
    const name = path.relative(FIXTURES, repo).split(path.sep).join('/');
    it(name, async () => {
      const result = await check({ cwd: repo, paths: ['.'], asOf: asOfOf(repo) });
      assert.equal(result.root, repo, 'the fixture folder is the repository root');
      const expected = expectations(repo);
      const actual = result.diagnostics.map((d) => ({ key: `${d.file}:${d.range.start.line + 1} ${d.code}`, severity: d.severity, message: d.message }));
      const describe = (list: Array<{ key: string }>) => list.map((e) => e.key).sort();
      assert.deepEqual(describe(actual), describe(expected), `diagnostics:\n${actual.map((a) => `  ${a.key} ${a.severity}: ${a.message}`).join('\n')}`);
      for (const e of expected.filter((x) => x.severity)) {
        const matching = actual.filter((a) => a.key === e.key);
        assert.ok(matching.some((a) => a.severity === e.severity), `${e.key}: expected severity ${e.severity}, got ${matching.map((a) => a.severity).join(', ')}`);
      }
    });
  }
});

describe('rule messages', () => {
  const run = (code: string) => check({ cwd: path.join(FIXTURES, code), asOf: DEFAULT_AS_OF });
  const messages = async (code: string) => (await run(code)).diagnostics.filter((d) => d.code === code).map((d) => `${d.range.start.line + 1}: ${d.message}`);

  it('unknown-reference names the problem: missing, wrong kind, or 2013 numbering', async () => {
    const all = await messages('unknown-reference');
    for (const m of [
      "9: No Audit with id 'AUD-MISSING' in the repository",
      '15: A.9.4 is not an ISO 27001:2022 Annex A control (2013 numbering?)',
      "17: No Control with id 'CTL-NOPE' in the repository",
      "18: 'NC-2' is a Nonconformity, not a Control",
      "28: 'NC-1' is a Nonconformity, not an Audit",
      "29: 'AUD-1' is an Audit, not a RootCauseAnalysis",
      '28: A.9.4.1 is an ISO/IEC 27001:2013 Annex A id; its 2022 successor is A.8.3 (Information access restriction)',
    ]) assert.ok(all.includes(m), `${m}\nnot in:\n${all.join('\n')}`);
  });

  it('unknown-reference covers exactly the list item', async () => {
    const d = (await run('unknown-reference')).diagnostics.find((x) => x.message.startsWith('A.9.4 '))!;
    assert.deepEqual([d.range.start.character, d.range.end.character], [4, 9]);
  });

  it('duplicate-id reports every occurrence and names the others', async () => {
    const diagnostics = (await run('duplicate-id')).diagnostics;
    const nc1 = diagnostics.filter((d) => d.record === 'NC-1');
    assert.equal(nc1.length, 3);
    assert.match(nc1[0].message, /^Duplicate id 'NC-1': also used by isms\/b\.yaml, isms\/b\.yaml \(document 2\)$/);
  });

  it('review-input-missing names each input and its 9.3.2 letter', async () => {
    const all = (await run('review-input-missing')).diagnostics.filter((d) => d.record === 'MR-GAPS').map((d) => d.message);
    for (const part of ['(b) issues is empty', '(c) interested_parties is empty', '(d1) performance.nonconformities is missing', '(d4) performance.objectives is missing', '(e) feedback is missing', '(f) risks is empty', '(g) improvement is empty']) {
      assert.ok(all.some((m) => m.includes(part)), `${part} in\n${all.join('\n')}`);
    }
    assert.ok(all.every((m) => m.includes('clause 9.3.2')));
  });

  it('overdue-action and action-due-soon say how many days', async () => {
    const r = await check({ cwd: path.join(FIXTURES, 'overdue-action', 'default'), asOf: DEFAULT_AS_OF });
    const byLine = new Map(r.diagnostics.filter((d) => d.file === 'isms/nc.yaml').map((d) => [d.range.start.line + 1, d.message]));
    assert.match(byLine.get(12)!, /due 2026-11-27 \(today\)/);
    assert.match(byLine.get(16)!, /was due 2026-11-26 \(1 day ago\)/);
    assert.match(byLine.get(24)!, /was due 2026-10-27 \(31 days ago\)/);
  });

  it('control-review-overdue computes the clamped due date', async () => {
    const r = await check({ cwd: path.join(FIXTURES, 'control-review-overdue', 'month-end'), asOf: '2026-03-01' });
    const aug = r.diagnostics.find((d) => d.record === 'CTL-AUG-31')!;
    assert.equal(aug.message, 'Control CTL-AUG-31 was last reviewed 2025-08-31; its next review was due 2026-02-28 (1 day ago)');
  });
});
