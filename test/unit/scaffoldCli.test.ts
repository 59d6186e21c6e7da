// The scaffolding CLI: `isms new rca|review|nc` and `isms init`, spawning the built dist/cli.js on
// temporary copies of the demo repository. Run `node scripts/build.mjs` first.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

const REPO = path.join(__dirname, '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const DEMO = path.join(REPO, 'examples', 'acme-isms');
const temps: string[] = [];

function temp(copyDemo: boolean): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'isms-cli-scaffold-')));
  temps.push(dir);
  if (copyDemo) fs.cpSync(DEMO, dir, { recursive: true });
  return dir;
}

after(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function isms(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 15000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function schemaProblems(cwd: string): unknown[] {
  const r = isms(['check', '--format', 'json', '--as-of', '2026-11-27'], cwd);
  // The demo's deliberate reading problems (NC-2026-009, NC-2026-010, the 2027 audit draft) are not the scaffolds'.
  return JSON.parse(r.stdout).diagnostics.filter((d: { code: string; file: string; record?: string }) => ['schema', 'yaml-syntax', 'invalid-date'].includes(d.code)
    && d.record !== 'NC-2026-009' && d.record !== 'NC-2026-010' && !d.file.endsWith('AUD-2027-INT-01.yaml'));
}

function assertOneLineError(r: { code: number | null; stdout: string; stderr: string }, code: number, message: RegExp): void {
  assert.equal(r.code, code, r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], message);
}

describe('isms new / isms init (CLI)', function () {
  this.timeout(30000);

  it('new rca writes the RCA, links it and prints the paths', () => {
    const cwd = temp(true);
    const r = isms(['new', 'rca', 'NC-2026-003', '--method', 'fishbone', '--as-of', '2026-11-27'], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'created isms/rca/RCA-NC-2026-003.yaml\nupdated isms/nonconformities/NC-2026-003.yaml\n');
    assert.equal(parse(fs.readFileSync(path.join(cwd, 'isms/rca/RCA-NC-2026-003.yaml'), 'utf8')).method, 'fishbone');
    assert.equal(parse(fs.readFileSync(path.join(cwd, 'isms/nonconformities/NC-2026-003.yaml'), 'utf8')).rca, 'RCA-NC-2026-003');
    assert.deepEqual(schemaProblems(cwd), []);
    // A second run is refused: the NC has its RCA now.
    assertOneLineError(isms(['new', 'rca', 'NC-2026-003', '--as-of', '2026-11-27'], cwd), 1, /^isms: NC-2026-003 already has a root cause analysis \(RCA-NC-2026-003\)$/);
  });

  it('new rca refuses to overwrite an existing file and changes nothing', () => {
    const cwd = temp(true);
    fs.writeFileSync(path.join(cwd, 'isms/rca/RCA-NC-2026-005.yaml'), '# draft\n');
    const before = fs.readFileSync(path.join(cwd, 'isms/nonconformities/NC-2026-005.yaml'), 'utf8');
    assertOneLineError(isms(['new', 'rca', 'NC-2026-005'], cwd), 1, /isms\/rca\/RCA-NC-2026-005\.yaml already exists; nothing was written/);
    assert.equal(fs.readFileSync(path.join(cwd, 'isms/nonconformities/NC-2026-005.yaml'), 'utf8'), before);
  });

  it('new review writes the next review (and the Markdown agenda with --markdown) in a subfolder too', () => {
    const cwd = temp(true);
    const r = isms(['new', 'review', '--date', '2026-12-10', '--markdown', '--as-of', '2026-11-27'], path.join(cwd, 'isms'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'created reviews/MR-2026-2.yaml\ncreated reviews/MR-2026-2.md\n');
    const review = parse(fs.readFileSync(path.join(cwd, 'isms/reviews/MR-2026-2.yaml'), 'utf8'));
    assert.equal(review.status, 'planned');
    assert.equal(review.date, '2026-12-10');
    assert.equal(review.previous, 'MR-2026-1');
    assert.deepEqual(schemaProblems(cwd), []);
  });

  it('new risk, new plan and new programme write the loop records', () => {
    const cwd = temp(true);
    const risk = isms(['new', 'risk', '--title', 'Laptop theft', '--owner', 'it-ops@acme.example', '--likelihood', '2', '--impact', '4', '--treatment', 'transfer', '--as-of', '2026-11-27'], cwd);
    assert.equal(risk.code, 0, risk.stderr);
    assert.equal(risk.stdout, 'created isms/risks/R-031.yaml\n');
    const value = parse(fs.readFileSync(path.join(cwd, 'isms/risks/R-031.yaml'), 'utf8'));
    assert.deepEqual([value.likelihood, value.impact, value.treatment, value.owner], [2, 4, 'transfer', 'it-ops@acme.example']);
    const plan = isms(['new', 'plan', '--year', '2027', '--owner', 'ciso@acme.example', '--as-of', '2026-11-27'], cwd);
    assertOneLineError(plan, 1, /^isms: the id IP-2027 is already used by an ImprovementPlan in isms\/plans\/IP-2027\.yaml$/);
    const next = isms(['new', 'plan', '--year', '2028', '--owner', 'ciso@acme.example', '--as-of', '2026-11-27'], cwd);
    assert.equal(next.stdout, 'created isms/plans/IP-2028.yaml\n');
    const programme = isms(['new', 'programme', '--owner', 'ciso@acme.example', '--as-of', '2026-11-27'], cwd);
    assert.equal(programme.stdout, 'created isms/audits/PRG-2026-2029.yaml\ncreated isms/audits/AUD-2027-INT-02.yaml\ncreated isms/audits/AUD-2028-INT-02.yaml\ncreated isms/audits/AUD-2029-INT-01.yaml\n');
    assert.deepEqual(schemaProblems(cwd), []);
  });

  it('new nc writes the next nonconformity', () => {
    const cwd = temp(true);
    const r = isms(['new', 'nc', '--title', 'Laptop lost: not encrypted', '--severity', 'major', '--source', 'incident', '--owner', 'it-ops@acme.example', '--as-of', '2026-11-27'], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'created isms/nonconformities/NC-2026-013.yaml\n');
    const nc = parse(fs.readFileSync(path.join(cwd, 'isms/nonconformities/NC-2026-013.yaml'), 'utf8'));
    assert.equal(nc.title, 'Laptop lost: not encrypted');
    assert.deepEqual(schemaProblems(cwd), []);
  });

  it('init writes a repository that checks without schema errors, and refuses a second time', () => {
    const cwd = temp(false);
    const r = isms(['init', 'repo', '--owner', 'ciso@example.com', '--as-of', '2026-11-27'], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 8);
    assert.match(r.stdout, /\ncreated repo\/isms\/risks\/README\.md\ncreated repo\/isms\/plans\/IP-2026\.yaml\n$/);
    assert.match(r.stdout, /^created repo\/isms\.config\.yaml\n/);
    assert.deepEqual(schemaProblems(path.join(cwd, 'repo')), []);
    assertOneLineError(isms(['init', 'repo', '--owner', 'x'], cwd), 1, /^isms: isms\.config\.yaml already exists; nothing was written/);
  });

  it('usage errors exit 2 with one line', () => {
    const cwd = temp(true);
    assertOneLineError(isms(['new'], cwd), 2, /needs what to create: rca, review, nc, risk, plan or programme/);
    assertOneLineError(isms(['new', 'audit'], cwd), 2, /unknown record to create 'audit'/);
    assertOneLineError(isms(['new', 'risk'], cwd), 2, /'isms new risk' needs --title/);
    assertOneLineError(isms(['new', 'risk', '--title', 'x', '--impact', '7'], cwd), 2, /--impact must be a whole number from 1 to 5 \(got '7'\)/);
    assertOneLineError(isms(['new', 'risk', '--title', 'x', '--treatment', 'ignore'], cwd), 2, /--treatment must be one of mitigate, accept, avoid, transfer/);
    assertOneLineError(isms(['new', 'plan', '--year', '27'], cwd), 2, /--year must be a year like 2027/);
    assertOneLineError(isms(['new', 'programme', 'extra'], cwd), 2, /unexpected argument 'extra' for isms new programme/);
    assertOneLineError(isms(['new', 'rca'], cwd), 2, /needs the id of a nonconformity/);
    assertOneLineError(isms(['new', 'rca', 'NC-2026-003', '--method', 'pareto'], cwd), 2, /--method must be one of five-whys, fishbone/);
    assertOneLineError(isms(['new', 'review', '--date', '2026-13-01'], cwd), 2, /--date must be a real date/);
    assertOneLineError(isms(['new', 'nc', '--title', 'x', '--severity', 'critical', '--source', 'incident'], cwd), 2, /--severity must be one of/);
    assertOneLineError(isms(['new', 'nc', '--title', 'x', '--severity', 'minor'], cwd), 2, /needs --source/);
    assertOneLineError(isms(['new', 'review', '--markdown=yes'], cwd), 2, /--markdown takes no value/);
    assertOneLineError(isms(['init', '--format', 'json'], cwd), 2, /unknown option '--format' for isms init/);
  });

  it('the help lists the scaffolds', () => {
    const r = isms(['--help'], temp(false));
    assert.match(r.stdout, /isms new rca <NC id> \[--method five-whys\|fishbone\]/);
    assert.match(r.stdout, /isms init \[PATH\]/);
  });
});
