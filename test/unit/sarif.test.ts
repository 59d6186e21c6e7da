// `isms check --format sarif` as GitHub code scanning takes it: Microsoft's SARIF Multitool
// (`validate --rule-kind "Gh;Sarif"`, the GitHub Advanced Security ingestion rules plus the SARIF
// best-practice rules) must report no error and no warning on the demo repository and on every rule
// fixture; and the fingerprints must identify a finding, not a line.
// Run `node scripts/build.mjs` first.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixtureRepos } from './helpers/fixtureRepos';

const REPO = path.join(__dirname, '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'rules');


function asOfOf(repo: string): string {
  return /#\s*as-of:\s*(\d{4}-\d{2}-\d{2})/.exec(fs.readFileSync(path.join(repo, 'isms.config.yaml'), 'utf8'))?.[1] ?? '2026-11-27';
}

function sarifOf(repo: string, asOf: string, extra: string[] = []): string {
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'sarif', '--as-of', asOf, ...extra], { cwd: repo, encoding: 'utf8', timeout: 20000 });
  assert.ok(r.status === 0 || r.status === 1, `${repo}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

// .NET without ICU (a minimal Debian has no libicu) aborts at start unless told to run culture-invariant.
const DOTNET_ENV = { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' };

/** The Multitool's binary for this platform, or why it cannot run here. */
function multitool(): { binary: string } | { why: string } {
  let binary: string;
  try {
    binary = require(`@microsoft/sarif-multitool-${process.platform}`) as string;
  } catch {
    return { why: `@microsoft/sarif-multitool has no binary for ${process.platform}/${process.arch} installed` };
  }
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 60000, env: DOTNET_ENV });
  if (probe.error) return { why: `${binary} cannot run here (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})` };
  if (probe.status !== 0) return { why: `${binary} --version exited ${probe.status}: ${(probe.stderr || probe.stdout).trim().split('\n')[0]}` };
  return { binary };
}

describe('SARIF output and the SARIF Multitool', function () {
  this.timeout(180000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isms-sarif-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('has no error or warning under validate --rule-kind "Gh;Sarif" on the demo and every rule fixture', function () {
    const tool = multitool();
    if ('why' in tool) {
      console.log(`      skipped: ${tool.why}`);
      this.skip();
    }
    const repos = [path.join(REPO, 'examples', 'acme-isms'), ...fixtureRepos(FIXTURES)];
    const files = repos.map((repo, i) => {
      const file = path.join(tmp, `${i}-${path.relative(REPO, repo).replace(/[\\/]/g, '_')}.sarif`);
      fs.writeFileSync(file, sarifOf(repo, repo.includes('acme-isms') ? '2026-11-27' : asOfOf(repo)));
      return file;
    });
    const r = spawnSync(tool.binary, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning', ...files], { encoding: 'utf8', timeout: 150000, maxBuffer: 64 * 1024 * 1024, env: DOTNET_ENV });
    const findings = r.stdout.split('\n').filter((line) => /: (error|warning) [A-Z]+\d+:/.test(line));
    assert.deepEqual(findings, [], `the Multitool reported:\n${findings.join('\n')}`);
    assert.match(r.stdout, new RegExp(`Done\\. ${files.length} files scanned`), r.stdout + r.stderr);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('gives every rule its documentation, a human name and tags, and results relative URIs', () => {
    const sarif = JSON.parse(sarifOf(path.join(REPO, 'examples', 'acme-isms'), '2026-11-27'));
    const run = sarif.runs[0];
    assert.equal(run.automationDetails.id, 'isms/');
    for (const rule of run.tool.driver.rules) {
      assert.notEqual(rule.name.toLowerCase(), rule.id.toLowerCase());
      assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text && rule.help.markdown, rule.id);
      assert.match(rule.helpUri, new RegExp(`#${rule.id}$`));
      assert.ok(rule.properties.tags.length >= 3, rule.id);
      assert.doesNotMatch(rule.fullDescription.text, /\*\*|`/, `${rule.id}: plain text`);
    }
    for (const result of run.results) {
      const location = result.locations[0].physicalLocation.artifactLocation;
      assert.equal(location.uriBaseId, '%SRCROOT%');
      assert.ok(!location.uri.startsWith('/') && !location.uri.includes(':'), location.uri);
      assert.match(result.partialFingerprints['ismsFinding/v1'], /^[0-9a-f]{32}:\d+$/);
    }
    const prints = run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['ismsFinding/v1']);
    assert.equal(new Set(prints).size, prints.length, 'fingerprints are unique within a run');
  });

  it('keeps fingerprints when lines are added above a finding and as the days pass', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'repo-'));
    const nc = (comment: string) => `${comment}kind: Nonconformity\nid: NC-2026-001\ntitle: t\ndescription: d\nseverity: minor\nsource: internal-audit\nstatus: open\nraised: 2026-01-10\nowner: a@example.com\nactions:\n  - description: fix it\n    owner: a@example.com\n    due: 2026-10-31\n    status: open\n`;
    fs.writeFileSync(path.join(dir, 'isms.config.yaml'), '');
    fs.mkdirSync(path.join(dir, 'isms'));
    const file = path.join(dir, 'isms', 'nc.yaml');
    const printsOf = (asOf: string) => {
      const run = JSON.parse(sarifOf(dir, asOf)).runs[0];
      return run.results.map((r: { ruleId: string; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }) => ({
        rule: r.ruleId, print: r.partialFingerprints['ismsFinding/v1'], line: r.locations[0].physicalLocation.region.startLine,
      }));
    };
    fs.writeFileSync(file, nc(''));
    const before = printsOf('2026-11-27');
    assert.deepEqual(before.map((p: { rule: string }) => p.rule), ['overdue-action']);
    fs.writeFileSync(file, nc('# a comment\n# and another\n'));
    const moved = printsOf('2026-11-28');
    assert.equal(moved[0].line, before[0].line + 2);
    assert.equal(moved[0].print, before[0].print);
  });
});
