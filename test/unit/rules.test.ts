// Inline-marker fixtures for every rule, markdownlint style. Each folder under test/fixtures/rules
// that holds an isms.config.yaml is a tiny ISMS repository; a comment `# expect: <code> [severity]`
// at the end of a line says a diagnostic of that code must start on that line (several markers on
// one line are separated by commas; `code*N` expects N of them). The set of (file, line, code) found must equal the markers
// exactly, so negatives are covered by absence. The as-of date comes from a `# as-of: YYYY-MM-DD`
// comment in the fixture's isms.config.yaml (default 2026-11-27).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../src/core/check';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');
const DEFAULT_AS_OF = '2026-11-27';
const MARKER = /#\s*expect:\s*(.+)$/;

function fixtureRepos(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = path.join(dir, entry.name);
    if (fs.existsSync(path.join(sub, 'isms.config.yaml'))) out.push(sub);
    else out.push(...fixtureRepos(sub));
  }
  return out.sort();
}

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
