// `isms digest` (CLI, spawned from dist/cli.js): per owner, overdue and soon-due actions of every
// record kind, most urgent first, with links; exit 0 even with findings.
// Run `node scripts/build.mjs` first.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { tempRepo } from './helpers/tempRepo';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function isms(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 15000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const AS_OF = '2026-11-27';
const nc = (id: string, actions: string) =>
  `kind: Nonconformity\nid: ${id}\ntitle: t\ndescription: d\nseverity: minor\nsource: internal-audit\nstatus: open\nraised: 2026-01-10\nowner: lead@example.com\nactions:\n${actions}`;
const action = (description: string, owner: string, due: string, status = 'open') => `  - description: ${description}\n    owner: ${owner}\n    due: ${due}\n    status: ${status}\n`;
const files = {
  'isms/nc/NC-2026-001.yaml': nc('NC-2026-001',
    action('Rotate keys', 'Ana@Example.com', '2026-10-31') // 27 days overdue
    + action('Patch servers', 'bo@example.com', '2026-11-30') // in 3 days
    + action('Old task', 'ana@example.com', '2026-01-01', 'done')), // done: never listed
  'isms/nc/NC-2026-002.yaml': nc('NC-2026-002',
    action('Review firewall', 'ana@example.com', '2026-11-27') // due today
    + action('Write runbook', 'ana@example.com', '2026-12-20') // in 23 days: only with --within 30
    + action('Archive logs', 'bo@example.com', '2026-11-20', 'in-progress')), // 7 days overdue
  'isms/reviews/MR-2026-1.yaml': 'kind: ManagementReview\nid: MR-2026-1\ndate: 2026-06-01\nstatus: planned\nactions:\n' + action('Budget for training', 'ana@example.com', '2026-12-05'), // in 8 days
};

interface DigestJson {
  asOf: string;
  within: number;
  owners: Array<{ owner: string; overdue: number; dueSoon: number; markdown: string; actions: Array<{ record: string; kind: string; action: string; due: string; state: string; days: number; file: string; line: number; link: string }> }>;
}

describe('isms digest (CLI)', function () {
  this.timeout(20000);

  it('lists each owner\'s overdue and soon-due actions of every record kind, most urgent first, with file links', () => {
    const dir = tempRepo(files);
    const r = isms(['digest', '--format', 'json', '--as-of', AS_OF], dir);
    assert.equal(r.code, 0, r.stderr);
    const digest = JSON.parse(r.stdout) as DigestJson;
    assert.equal(digest.asOf, AS_OF);
    assert.equal(digest.within, 14);
    assert.deepEqual(digest.owners.map((o) => [o.owner, o.overdue, o.dueSoon]), [['Ana@Example.com', 1, 2], ['bo@example.com', 1, 1]]);
    const ana = digest.owners[0];
    assert.deepEqual(ana.actions.map((a) => `${a.state} ${a.days} ${a.record} ${a.action}`), [
      'overdue 27 NC-2026-001 Rotate keys',
      'due-today 0 NC-2026-002 Review firewall',
      'due-soon -8 MR-2026-1 Budget for training',
    ]);
    assert.deepEqual(ana.actions.map((a) => a.kind), ['Nonconformity', 'Nonconformity', 'ManagementReview']);
    assert.deepEqual(ana.actions[0], { ...ana.actions[0], file: 'isms/nc/NC-2026-001.yaml', line: 13, link: 'isms/nc/NC-2026-001.yaml#L13' });
    assert.deepEqual(digest.owners[1].actions.map((a) => `${a.state} ${a.days} ${a.action}`), ['overdue 7 Archive logs', 'due-soon -3 Patch servers']);
    assert.match(ana.markdown, /^### Ana@Example\.com: 1 overdue, 2 due within 14 days\n/);
    assert.match(ana.markdown, /\| \*\*overdue 27 days\*\* \| 2026-10-31 \| Rotate keys \| \[NC-2026-001\]\(isms\/nc\/NC-2026-001\.yaml#L13\) \|/);
  });

  it('prints Markdown by default, one section per owner; exit 0 although actions are overdue', () => {
    const dir = tempRepo(files);
    const r = isms(['digest', '--as-of', AS_OF], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^## ISMS digest as of 2026-11-27\n\n5 actions overdue or due within 14 days, 2 owners\.\n/);
    assert.ok(r.stdout.indexOf('### Ana@Example.com') < r.stdout.indexOf('### bo@example.com'));
    assert.match(r.stdout, /\| \*\*due today\*\* \| 2026-11-27 \| Review firewall \|/);
    assert.match(r.stdout, /\| due in 8 days \| 2026-12-05 \| Budget for training \| \[MR-2026-1\]\(isms\/reviews\/MR-2026-1\.yaml#L8\) \|/);
  });

  it('--owner keeps one owner (case-insensitive); an owner with no actions gets a clear line', () => {
    const dir = tempRepo(files);
    const bo = JSON.parse(isms(['digest', '--format', 'json', '--owner', 'BO@example.com', '--as-of', AS_OF], dir).stdout) as DigestJson;
    assert.deepEqual(bo.owners.map((o) => o.owner), ['bo@example.com']);
    const none = isms(['digest', '--owner', 'carl@example.com', '--as-of', AS_OF], dir);
    assert.equal(none.code, 0);
    assert.equal(none.stdout, '## ISMS digest as of 2026-11-27\n\nNo overdue actions and none due within 14 days for carl@example.com.\n');
    assert.deepEqual(JSON.parse(isms(['digest', '--format', 'json', '--owner', 'carl@example.com', '--as-of', AS_OF], dir).stdout).owners, []);
  });

  it('--within widens or narrows the soon window; overdue actions always stay', () => {
    const dir = tempRepo(files);
    const wide = JSON.parse(isms(['digest', '--format', 'json', '--within', '30', '--owner', 'ana@example.com', '--as-of', AS_OF], dir).stdout) as DigestJson;
    assert.equal(wide.within, 30);
    assert.deepEqual(wide.owners[0].actions.map((a) => a.action), ['Rotate keys', 'Review firewall', 'Budget for training', 'Write runbook']);
    const narrow = JSON.parse(isms(['digest', '--format', 'json', '--within', '0', '--as-of', AS_OF], dir).stdout) as DigestJson;
    assert.deepEqual(narrow.owners.map((o) => o.actions.map((a) => a.action)), [['Rotate keys', 'Review firewall'], ['Archive logs']]);
  });

  it('follows the config: with action-due-soon off only overdue actions are listed, unless --within asks for more', () => {
    const dir = tempRepo(files, { config: 'rules:\n  action-due-soon: off\n' });
    const quiet = JSON.parse(isms(['digest', '--format', 'json', '--as-of', AS_OF], dir).stdout) as DigestJson;
    assert.deepEqual(quiet.owners.map((o) => o.actions.map((a) => a.action)), [['Rotate keys'], ['Archive logs']]);
    const asked = JSON.parse(isms(['digest', '--format', 'json', '--within', '20', '--owner', 'bo@example.com', '--as-of', AS_OF], dir).stdout) as DigestJson;
    assert.deepEqual(asked.owners[0].actions.map((a) => a.action), ['Archive logs', 'Patch servers']);
  });

  it('--link-base makes the links absolute (for an issue comment), and PATH limits the files', () => {
    const dir = tempRepo(files);
    const base = 'https://github.com/acme/isms/blob/0123abc/';
    const digest = JSON.parse(isms(['digest', 'isms/reviews', '--format', 'json', '--link-base', base, '--as-of', AS_OF], dir).stdout) as DigestJson;
    assert.deepEqual(digest.owners.flatMap((o) => o.actions.map((a) => a.link)), [`${base}isms/reviews/MR-2026-1.yaml#L8`]);
  });

  it('usage errors exit 2: a bad --within, a bad --format, two PATHs', () => {
    const dir = tempRepo(files);
    for (const args of [['--within', 'soon'], ['--within', '-1'], ['--format', 'html'], ['isms/nc', 'isms/reviews']]) {
      const r = isms(['digest', ...args], dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^isms: /);
    }
  });
});
