// The pure scaffolds (src/core/scaffold): RCA, management review agenda (figures on the demo
// repository as of 2026-11-27), new nonconformity, risk, improvement plan, audit programme and
// repository init; written files pass
// `check()` with no schema diagnostics; nothing is ever overwritten; output is deterministic.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { check, type CheckResult } from '../../src/core/engine/check';
import { parseConfig } from '../../src/core/config/config';
import { applyEdits } from '../../src/core/edits/textEdit';
import { KNOWN_CODES } from '../../src/core/rules';
import {
  createAuditProgramme, createImprovementPlan, createManagementReview, createNonconformity, createRisk, createRootCauseAnalysis,
  initRepository, nextNonconformityId, nextReviewId, nonconformitiesWithoutRca, planManagementReview, ScaffoldRefused, type Scaffold,
} from '../../src/core/scaffold';
import { writeScaffold } from '../../src/core/scaffold/write';

const DEMO = path.join(__dirname, '..', '..', 'examples', 'acme-isms');
const AS_OF = '2026-11-27';
const temps: string[] = [];

function demoCopy(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'isms-scaffold-')));
  temps.push(dir);
  fs.cpSync(DEMO, dir, { recursive: true });
  return dir;
}

function emptyDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'isms-init-')));
  temps.push(dir);
  return dir;
}

after(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

let demo: CheckResult;
before(async () => {
  demo = await check({ cwd: DEMO, asOf: AS_OF });
});

/** Writes the scaffold into `root` and returns the diagnostics check() reports for the files it wrote or changed. */
async function writtenDiagnostics(root: string, scaffold: Scaffold) {
  const written = await writeScaffold(root, scaffold);
  const result = await check({ cwd: root, asOf: AS_OF });
  const touched = new Set([...written.created, ...written.updated]);
  return result.diagnostics.filter((d) => touched.has(d.file));
}

function structural(diagnostics: Array<{ code: string }>) {
  return diagnostics.filter((d) => ['schema', 'yaml-syntax', 'invalid-date', 'duplicate-id', 'unknown-reference'].includes(d.code));
}

describe('scaffold: root cause analysis', () => {
  it('lists nonconformities without an RCA, majors first, rejected ones left out', () => {
    assert.deepEqual(nonconformitiesWithoutRca(demo.index).map((r) => r.id), [
      'NC-2026-003', 'NC-2026-002', 'NC-2026-005', 'NC-2026-009', 'NC-2026-010', 'NC-2026-011', 'NC-2026-006', 'NC-2026-008', 'OFI-2026-01',
    ]);
  });

  it('writes RCA-<nc id> in the configured folder with the NC title and description as the problem', () => {
    const scaffold = createRootCauseAnalysis(demo.index, demo.config, { nonconformity: 'NC-2026-003', method: 'five-whys', asOf: AS_OF });
    assert.equal(scaffold.files.length, 1);
    const file = scaffold.files[0];
    assert.equal(file.path, 'isms/rca/RCA-NC-2026-003.yaml');
    const value = parse(file.text);
    assert.equal(value.kind, 'RootCauseAnalysis');
    assert.equal(value.id, 'RCA-NC-2026-003');
    assert.equal(value.nonconformity, 'NC-2026-003');
    assert.equal(value.method, 'five-whys');
    assert.equal(value.date, AS_OF);
    assert.equal(value.facilitator, 'platform-lead@acme.example');
    const nc = parse(fs.readFileSync(path.join(DEMO, 'isms/nonconformities/NC-2026-003.yaml'), 'utf8'));
    assert.equal(value.problem, `${nc.title}. ${nc.description}`);
    assert.equal(value.whys.length, 5);
    assert.ok(value.root_causes.length >= 1);
    assert.match(file.text, /# A good why states a verifiable fact/);
  });

  it('puts the cursor on the first why', () => {
    const scaffold = createRootCauseAnalysis(demo.index, demo.config, { nonconformity: 'NC-2026-003', method: 'five-whys', asOf: AS_OF });
    const { cursor } = scaffold;
    assert.ok(cursor);
    assert.equal(cursor.path, 'isms/rca/RCA-NC-2026-003.yaml');
    const text = scaffold.files[0].text;
    assert.equal(text.slice(cursor.offset, cursor.offset + cursor.length), parse(text).whys[0]);
  });

  it('fishbone: one list per category with guidance, cursor on the first cause', () => {
    const scaffold = createRootCauseAnalysis(demo.index, demo.config, { nonconformity: 'NC-2026-002', method: 'fishbone', asOf: AS_OF });
    const text = scaffold.files[0].text;
    const value = parse(text);
    assert.equal(value.method, 'fishbone');
    assert.deepEqual(Object.keys(value.causes), ['people', 'process', 'technology', 'environment', 'suppliers', 'management']);
    assert.equal(value.whys, undefined);
    assert.match(text, /# Fishbone \(Ishikawa\)/);
    const { cursor } = scaffold;
    assert.equal(text.slice(cursor!.offset, cursor!.offset + cursor!.length), value.causes.people[0]);
  });

  it('links the nonconformity with one inserted line, leaving the rest of its file byte-identical', () => {
    const scaffold = createRootCauseAnalysis(demo.index, demo.config, { nonconformity: 'NC-2026-003', method: 'five-whys', asOf: AS_OF });
    assert.equal(scaffold.edits.length, 1);
    assert.equal(scaffold.edits[0].path, 'isms/nonconformities/NC-2026-003.yaml');
    const before = fs.readFileSync(path.join(DEMO, scaffold.edits[0].path), 'utf8');
    const after = applyEdits(before, scaffold.edits[0].edits);
    assert.equal(parse(after).rca, 'RCA-NC-2026-003');
    const added = after.split('\n').filter((line) => !before.split('\n').includes(line));
    assert.deepEqual(added, ['rca: RCA-NC-2026-003']);
    assert.equal(after.split('\n').length, before.split('\n').length + 1);
  });

  it('written files pass check() with no schema diagnostics; each placeholder is listed, and the template does not clear missing-rca', async () => {
    const root = demoCopy();
    for (const method of ['five-whys', 'fishbone'] as const) {
      const source = await check({ cwd: root, asOf: AS_OF });
      const id = method === 'five-whys' ? 'NC-2026-003' : 'NC-2026-005';
      const diagnostics = await writtenDiagnostics(root, createRootCauseAnalysis(source.index, source.config, { nonconformity: id, method, asOf: AS_OF }));
      assert.deepEqual(structural(diagnostics), [], method);
      assert.ok(diagnostics.some((d) => d.code === 'placeholder-text' && d.file === `isms/rca/RCA-${id}.yaml`), method);
      // NC-2026-003 is major: a template of placeholders is not an analysis (FORMAT.md v2).
      assert.deepEqual(diagnostics.filter((d) => d.code === 'missing-rca').map((d) => d.message),
        method === 'five-whys' ? [`Major nonconformity ${id} has only a template root cause analysis (RCA-${id}: every root_causes item is a placeholder) (clause 10.2 b)`] : []);
    }
  });

  it('refuses when the nonconformity already has an RCA, is unknown or is not a nonconformity', () => {
    const make = (nonconformity: string) => () => createRootCauseAnalysis(demo.index, demo.config, { nonconformity, method: 'five-whys', asOf: AS_OF });
    assert.throws(make('NC-2026-001'), (e: Error) => e instanceof ScaffoldRefused && /NC-2026-001 already has a root cause analysis \(RCA-NC-2026-001\)/.test(e.message));
    assert.throws(make('NC-2099-001'), (e: Error) => e instanceof ScaffoldRefused && /no Nonconformity with id NC-2099-001/.test(e.message));
    assert.throws(make('AUD-2026-INT-01'), (e: Error) => e instanceof ScaffoldRefused && /AUD-2026-INT-01 is an Audit \(isms\/audits\/AUD-2026-INT-01\.yaml\), not a Nonconformity/.test(e.message));
  });

  it('uses the folder from isms.config.yaml', () => {
    const config = { ...demo.config, folders: { ...demo.config.folders, rca: 'records/analyses/' } };
    const scaffold = createRootCauseAnalysis(demo.index, config, { nonconformity: 'NC-2026-003', method: 'five-whys', asOf: AS_OF });
    assert.equal(scaffold.files[0].path, 'records/analyses/RCA-NC-2026-003.yaml');
  });
});

describe('scaffold: management review agenda (demo repository as of 2026-11-27)', () => {
  it('next id follows the repository pattern; previous is the latest review by date', () => {
    const plan = planManagementReview(demo.index, AS_OF);
    assert.equal(plan.id, 'MR-2026-2');
    assert.equal(plan.previous?.id, 'MR-2026-1');
    assert.equal(nextReviewId(demo.index, '2027-01-15'), 'MR-2027-1');
  });

  it('(a) the previous review\'s actions with their status', () => {
    assert.deepEqual(planManagementReview(demo.index, AS_OF).inputs.previousActions, [
      'MR-2026-1/1 Implement the NIS2 incident reporting process (24 h early warning, 72 h notification) (ciso@acme.example): in-progress, due 2027-03-31',
      'MR-2026-1/2 Present the AWS exit strategy to the management team (cto@acme.example): open, due 2027-02-28',
    ]);
  });

  it('(d1) raised and closed since the previous review by severity; open ones with title, severity, status, owner; overdue actions', () => {
    assert.deepEqual(planManagementReview(demo.index, AS_OF).inputs.nonconformities, [
      'Raised since MR-2026-1 (2026-06-25): 8 (1 major, 4 minor, 1 observation, 2 opportunity) - NC-2026-003, NC-2026-005, NC-2026-007, NC-2026-008, NC-2026-009, NC-2026-010, NC-2026-012, OFI-2026-01',
      'Closed since MR-2026-1 (2026-06-25): 2 (1 major, 1 observation) - NC-2026-001, NC-2026-006',
      'Open on 2026-11-27: 10 (2 major, 6 minor, 2 opportunity) - NC-2026-002, NC-2026-003, NC-2026-004, NC-2026-005, NC-2026-007, NC-2026-008, NC-2026-009, NC-2026-010, NC-2026-011, OFI-2026-01',
      'NC-2026-002 Security assessment missing for three new sub-processors (minor, in-progress, owner procurement@acme.example)',
      'NC-2026-003 Production database snapshot shared with a public AWS account setting (major, in-progress, owner platform-lead@acme.example)',
      'NC-2026-004 Expired TLS certificate caused a 3-hour outage of the public API (major, implemented, owner cto@acme.example)',
      'NC-2026-005 Quarterly restore test failed for the EU object storage backup (minor, open, owner it-ops@acme.example)',
      'NC-2026-007 Risk treatment plan not updated after launch of the analytics add-on (minor, implemented, owner ciso@acme.example)',
      'NC-2026-008 Automate the joiner/mover/leaver process between HR system and IdP (opportunity, open, owner it-ops@acme.example)',
      'NC-2026-009 Customer vulnerability report not acknowledged within the promised 5 working days (minor, in-progress, owner security@acme.example)',
      'NC-2026-010 No documented exit strategy for the primary cloud provider (minor, open, owner cto@acme.example)',
      'NC-2026-011 Security awareness training completion below the 95 % objective (minor, in-progress, owner people-ops@acme.example)',
      'OFI-2026-01 Offer passkeys to customer accounts (opportunity, open, owner engineering-manager@acme.example)',
      "NC-2026-002 (minor, in-progress, owner procurement@acme.example) has 1 overdue action: 'Add a mandatory security assessment step to the purchasing workflow in the procurement tool' due 2026-10-15 (43 days overdue)",
      "NC-2026-003 (major, in-progress, owner platform-lead@acme.example) has 1 overdue action: 'Deny public snapshot sharing organisation-wide with an SCP and an AWS Config rule' due 2026-11-10 (17 days overdue)",
    ]);
  });

  it('(d2, d4) each objective\'s latest measurement against its target', () => {
    const { monitoring, objectives } = planManagementReview(demo.index, AS_OF).inputs;
    assert.deepEqual(objectives, [
      'OBJ-2026-01 Reduce the phishing simulation click rate: 3.8 % on 2026-09-08 (target at most 5 %, due 2026-12-31) - on target',
      'OBJ-2026-02 Security awareness training completion: 88 % on 2026-10-31 (target at least 95 %, due 2026-12-31) - off target',
      'OBJ-2026-03 Fix critical vulnerabilities fast: 9 days on 2026-09-30 (target at most 14 days) - on target',
      'OBJ-2026-04 Platform availability: 99.9 % on 2026-10-31 (target at least 99.9 %) - on target',
    ]);
    assert.equal(monitoring.length, 4);
    assert.match(monitoring[0], /^OBJ-2026-01 Share of employees clicking .*: 3\.8 % on 2026-09-08 \(before: 4\.2 % on 2026-06-09\)$/);
  });

  it('(d2, d4) measurements after the review date are not used', () => {
    const { objectives } = planManagementReview(demo.index, '2026-07-01').inputs;
    assert.equal(objectives[1], 'OBJ-2026-02 Security awareness training completion: 86 % on 2026-06-30 (target at least 95 %, due 2026-12-31) - off target');
  });

  it('(d3) audits completed since the previous review with their findings', () => {
    assert.deepEqual(planManagementReview(demo.index, AS_OF).inputs.audits, [
      'AUD-2026-SURV-01 Surveillance audit 1 (certification cycle 2025-2028) (surveillance, 2026-09-22..2026-09-23): 2 findings: NC-2026-007 (minor, implemented), NC-2026-008 (opportunity, open)',
    ]);
  });

  it('(f) the risk register: risks above appetite, overdue treatment, expired and missing acceptances', () => {
    assert.deepEqual(planManagementReview(demo.index, AS_OF, { config: demo.config }).inputs.risks, [
      'Risk register: 12 risks not closed (1 open, 8 treating, 3 accepted)',
      'Above the risk appetite of 12: R-028 Single-region deployment (eu-central-1) cannot survive a regional outage (score 15, accept, owner cto@acme.example)',
      'Acceptance expired: R-014 Legacy NAS with old HR records is compromised, accepted by people-ops@acme.example, expired 2026-10-31',
      'Acceptance not recorded: R-019 Key-person dependency on the platform lead for the AWS organisation',
    ]);
    // Without a risk appetite nothing is "above" it; a treatment action overdue at the review date is listed.
    const later = planManagementReview(demo.index, '2027-01-20').inputs.risks;
    assert.ok(!later.some((l) => l.startsWith('Above')), later.join('\n'));
    assert.ok(later.includes("Treatment overdue: R-016 Legacy protocols (TLS 1.0/1.1, SMBv1, FTP) allow downgrade and interception: 'Disable TLS 1.0/1.1 on the public load balancers and the SFTP-only partner ga…' due 2027-01-15 (5 days overdue)"), later.join('\n'));
  });

  it('(g) the improvement plans (the draft covering the date, the ratified one that ended), then open opportunities', () => {
    assert.deepEqual(planManagementReview(demo.index, AS_OF).inputs.improvement, [
      'IP-2027 Continual improvement plan 2027 (draft): 0 of 2 initiatives done',
      "IP-2027 initiative 'NIS2 incident reporting' (open, owner ciso@acme.example, due 2027-03-31)",
      "IP-2027 initiative 'Cloud exit strategy' (open, owner cto@acme.example, due 2027-02-28)",
      'IP-2026 Continual improvement plan 2026 (ratified by ceo@acme.example on 2025-12-11, ended 2026-11-20): 2 of 6 initiatives done',
      "IP-2026 initiative 'MFA with FIDO2 keys' (in-progress, owner it-ops@acme.example, due 2027-02-28)",
      "IP-2026 initiative 'Retire legacy protocols and end-of-life hardware' (in-progress, owner platform-lead@acme.example, due 2027-03-31)",
      "IP-2026 initiative 'Phishing-awareness campaigns' (in-progress, owner people-ops@acme.example, due 2026-12-18)",
      "IP-2026 initiative 'Joiner/mover/leaver automation' (open, owner it-ops@acme.example, due 2027-02-28)",
      'NC-2026-008 Automate the joiner/mover/leaver process between HR system and IdP (open, owner it-ops@acme.example)',
      'OFI-2026-01 Offer passkeys to customer accounts (open, owner engineering-manager@acme.example)',
    ]);
  });

  it('writes a planned review with all ten inputs, placeholders with guidance for (b), (c), (e), (f) filled from the register', () => {
    const scaffold = createManagementReview(demo.index, demo.config, { date: AS_OF, asOf: AS_OF });
    assert.deepEqual(scaffold.files.map((f) => f.path), ['isms/reviews/MR-2026-2.yaml']);
    const text = scaffold.files[0].text;
    const value = parse(text);
    assert.equal(value.status, 'planned');
    assert.equal(value.date, AS_OF);
    assert.equal(value.previous, 'MR-2026-1');
    assert.equal(value.chair, 'ceo@acme.example');
    assert.deepEqual(Object.keys(value.inputs), ['previous_actions', 'issues', 'interested_parties', 'performance', 'feedback', 'risks', 'improvement']);
    assert.deepEqual(Object.keys(value.inputs.performance), ['nonconformities', 'monitoring', 'audits', 'objectives']);
    for (const key of ['issues', 'interested_parties', 'feedback']) assert.equal(value.inputs[key], null, key);
    assert.equal(value.inputs.risks[0], 'Risk register: 12 risks not closed (1 open, 8 treating, 3 accepted)');
    for (const letter of ['(b)', '(c)', '(e)', '(f)']) assert.ok(text.includes(`# ${letter} `), letter);
    const { cursor } = scaffold;
    assert.ok(text.slice(0, cursor!.offset).endsWith('  issues:'));
  });

  it('optionally writes a Markdown agenda beside it', () => {
    const scaffold = createManagementReview(demo.index, demo.config, { date: AS_OF, asOf: AS_OF, markdown: true });
    assert.deepEqual(scaffold.files.map((f) => f.path), ['isms/reviews/MR-2026-2.yaml', 'isms/reviews/MR-2026-2.md']);
    const md = scaffold.files[1].text;
    assert.match(md, /^<!-- Written from MR-2026-2\.yaml .* refreshing the agenda rewrites this file\. -->\n\n# Management review MR-2026-2 - agenda/);
    assert.match(md, /\| Nonconformity \| Title \| Severity \| Status \| Owner \|\n\|---\|---\|---\|---\|---\|\n\| NC-2026-002 \| Security assessment missing for three new sub-processors \| minor \| in-progress \| procurement@acme\.example \|/);
    assert.match(md, /### Deadlines that slipped \(d1\)\n\n- NC-2026-005 'Run restore tests monthly/);
    assert.match(md, /### Control reviews due by 2026-11-27 \(d2\)\n\n- /);
    assert.match(md, /## 1\. Status of actions from previous management reviews \(9\.3\.2 a\)\n\n- MR-2026-1\/1 /);
    assert.match(md, /- OBJ-2026-02 Security awareness training completion: 88 % .* - off target/);
    assert.match(md, /## 6\. Risk assessment and risk treatment plan \(9\.3\.2 f\)\n\n- Risk register: 12 risks not closed/);
  });

  it('passes check() with no schema diagnostics (and no review-input-missing while planned)', async () => {
    const root = demoCopy();
    const source = await check({ cwd: root, asOf: AS_OF });
    const diagnostics = await writtenDiagnostics(root, createManagementReview(source.index, source.config, { date: '2026-12-10', asOf: AS_OF, markdown: true }));
    assert.deepEqual(diagnostics, []);
  });

  it('is deterministic', () => {
    const a = createManagementReview(demo.index, demo.config, { date: AS_OF, asOf: AS_OF, markdown: true });
    const b = createManagementReview(demo.index, demo.config, { date: AS_OF, asOf: AS_OF, markdown: true });
    assert.deepEqual(a, b);
  });

  it('(d1) open actions whose due date moved: how often and by how much, from due_history', () => {
    const { slippedActions } = planManagementReview(demo.index, AS_OF).inputs;
    assert.ok(slippedActions.length > 0);
    assert.ok(slippedActions.includes("NC-2026-005 'Run restore tests monthly (automated) instead of quarterly (manual)' (it-ops@acme.example): due date moved once, by 25 days in all (2026-11-15 -> 2026-12-10)"), slippedActions.join('\n'));
  });

  it('(d2) control reviews due by the meeting are what control-review-overdue reports as of its date', async () => {
    const meeting = '2027-03-01';
    const { controlReviews } = planManagementReview(demo.index, meeting, { config: demo.config }).inputs;
    const later = await check({ cwd: DEMO, asOf: meeting });
    const overdue = later.diagnostics.filter((d) => d.code === 'control-review-overdue');
    assert.equal(controlReviews.length, overdue.length);
    assert.ok(controlReviews.length > 0);
    for (const line of controlReviews) assert.match(line, /^(A\.\d+\.\d+|[A-Z][\w.-]*) (was last reviewed|has never been reviewed)/);
  });

  it('refuses a date that already has a review, and an invalid date', () => {
    assert.throws(() => planManagementReview(demo.index, '2026-06-25'), /MR-2026-1 .* is already a management review on 2026-06-25/);
    assert.throws(() => planManagementReview(demo.index, '2026-02-30'), ScaffoldRefused);
  });

  it('without an earlier review: no previous, everything so far', () => {
    const plan = planManagementReview(demo.index, '2025-01-10');
    assert.equal(plan.previous, undefined);
    assert.equal(plan.id, 'MR-2025-3');
    assert.deepEqual(plan.inputs.previousActions, ['No previous management review is recorded in the repository.']);
    assert.equal(plan.inputs.nonconformities[0], 'Raised so far: 0');
  });
});

describe('scaffold: new nonconformity', () => {
  const request = { title: 'Backup restore test failed: wrong role', severity: 'major', source: 'monitoring', owner: 'it-ops@acme.example', asOf: AS_OF };

  it('takes the next free NC-<year>-<nnn> id', () => {
    assert.equal(nextNonconformityId(demo.index, AS_OF), 'NC-2026-013');
    assert.equal(nextNonconformityId(demo.index, '2027-01-02'), 'NC-2027-001');
  });

  it('writes a valid open record with the answers', async () => {
    const scaffold = createNonconformity(demo.index, demo.config, request);
    assert.equal(scaffold.files[0].path, 'isms/nonconformities/NC-2026-013.yaml');
    const value = parse(scaffold.files[0].text);
    assert.deepEqual(
      { kind: value.kind, id: value.id, title: value.title, severity: value.severity, source: value.source, raised: value.raised, owner: value.owner, status: value.status },
      { kind: 'Nonconformity', id: 'NC-2026-013', title: request.title, severity: 'major', source: 'monitoring', raised: AS_OF, owner: 'it-ops@acme.example', status: 'open' },
    );
    const text = scaffold.files[0].text;
    assert.equal(text.slice(scaffold.cursor!.offset, scaffold.cursor!.offset + scaffold.cursor!.length), value.description);
    const root = demoCopy();
    assert.deepEqual(structural(await writtenDiagnostics(root, scaffold)), []);
  });

  it('refuses an unknown severity or source and an empty title or owner', () => {
    assert.throws(() => createNonconformity(demo.index, demo.config, { ...request, severity: 'critical' }), /severity must be one of major, minor, observation, opportunity/);
    assert.throws(() => createNonconformity(demo.index, demo.config, { ...request, source: 'audit' }), /source must be one of/);
    assert.throws(() => createNonconformity(demo.index, demo.config, { ...request, title: '  ' }), /title is required/);
    assert.throws(() => createNonconformity(demo.index, demo.config, { ...request, owner: '' }), /owner is required/);
  });
});

describe('scaffold: repository init', () => {
  const scaffold = initRepository({ asOf: AS_OF, owner: 'ciso@example.com' });

  it('writes the config, 93 Annex A controls (applicable, not implemented) and an example nonconformity', () => {
    assert.deepEqual(scaffold.files.map((f) => f.path), [
      'isms.config.yaml', 'isms/controls/organizational.yaml', 'isms/controls/people.yaml', 'isms/controls/physical.yaml',
      'isms/controls/technological.yaml', 'isms/nonconformities/NC-2026-001.yaml', 'isms/risks/README.md', 'isms/plans/IP-2026.yaml',
    ]);
    const config = parseConfig(scaffold.files[0].text, 'isms.config.yaml', KNOWN_CODES);
    assert.deepEqual([config.folders.risks, config.folders.plans, config.riskAppetite], ['isms/risks', 'isms/plans', undefined]);
    const controls = scaffold.files.slice(1, 5).flatMap((f) => f.text.split(/^---$/m).map((doc) => parse(doc)));
    assert.equal(controls.length, 93);
    assert.ok(controls.every((c) => c.kind === 'Control' && c.applicable === true && c.status === 'not-implemented' && typeof c.title === 'string'));
    assert.deepEqual(controls.find((c) => c.id === 'A.8.24'), { kind: 'Control', id: 'A.8.24', title: 'Use of cryptography', theme: 'technological', applicable: true, status: 'not-implemented' });
  });

  it('the written repository passes check() with no schema diagnostics', async () => {
    const root = emptyDir();
    await writeScaffold(root, scaffold);
    const result = await check({ cwd: root, asOf: AS_OF });
    assert.equal(result.summary.records, 95);
    assert.deepEqual(structural(result.diagnostics), []);
    // The draft plan for the year awaits ratification.
    assert.deepEqual([...new Set(result.diagnostics.map((d) => d.code))].sort(), ['control-review-overdue', 'improvement-plan-not-ratified']);
  });

  it('refuses to overwrite anything: one existing target and nothing is written', async () => {
    const root = emptyDir();
    fs.mkdirSync(path.join(root, 'isms/controls'), { recursive: true });
    fs.writeFileSync(path.join(root, 'isms/controls/people.yaml'), '# mine\n');
    await assert.rejects(writeScaffold(root, scaffold), (e: Error) => e instanceof ScaffoldRefused && e.message.startsWith('isms/controls/people.yaml already exists'));
    assert.equal(fs.readFileSync(path.join(root, 'isms/controls/people.yaml'), 'utf8'), '# mine\n');
    assert.equal(fs.existsSync(path.join(root, 'isms.config.yaml')), false);
  });

  it('is deterministic', () => {
    assert.deepEqual(initRepository({ asOf: AS_OF, owner: 'ciso@example.com' }), scaffold);
  });
});

describe('scaffold: new risk', () => {
  it('takes the next free R-<nnn> id, with a treatment plan for mitigate and transfer', async () => {
    const scaffold = createRisk(demo.index, demo.config, { title: 'Laptop theft exposes customer data', owner: 'it-ops@acme.example', likelihood: 2, impact: 4, asOf: AS_OF });
    assert.deepEqual(scaffold.files.map((f) => f.path), ['isms/risks/R-031.yaml']);
    const value = parse(scaffold.files[0].text);
    assert.deepEqual([value.id, value.identified, value.likelihood, value.impact, value.treatment, value.status], ['R-031', AS_OF, 2, 4, 'mitigate', 'treating']);
    assert.deepEqual(value.treatment_plan.map((a: { due: string }) => a.due), ['2026-12-27']);
    const text = scaffold.files[0].text;
    assert.equal(text.slice(scaffold.cursor!.offset, scaffold.cursor!.offset + scaffold.cursor!.length), '<what could happen, to which assets, and the consequences>');
    assert.deepEqual(structural(await writtenDiagnostics(demoCopy(), scaffold)), []);
  });

  it('an accepted risk gets no plan and waits for the recorded acceptance; bad input is refused in one line', async () => {
    const scaffold = createRisk(demo.index, demo.config, { title: 'Office Wi-Fi', owner: 'cto', treatment: 'accept', asOf: AS_OF });
    const diagnostics = await writtenDiagnostics(demoCopy(), scaffold);
    assert.deepEqual(structural(diagnostics), []);
    assert.ok(diagnostics.some((d) => d.code === 'risk-acceptance-missing'));
    assert.throws(() => createRisk(demo.index, demo.config, { title: 't', owner: 'o', likelihood: 6, asOf: AS_OF }), /likelihood must be a whole number from 1 to 5 \(got 6\)/);
    assert.throws(() => createRisk(demo.index, demo.config, { title: 't', owner: 'o', treatment: 'ignore', asOf: AS_OF }), /treatment must be one of mitigate, accept, avoid, transfer/);
    assert.throws(() => createRisk(demo.index, demo.config, { title: ' ', owner: 'o', asOf: AS_OF }), /a title is required/);
  });
});

describe('scaffold: new improvement plan', () => {
  it('drafts initiatives from open opportunities not yet planned and objectives off target', async () => {
    const scaffold = createImprovementPlan(demo.index, demo.config, { year: 2028, asOf: AS_OF, owner: 'ciso@acme.example' });
    assert.deepEqual(scaffold.files.map((f) => f.path), ['isms/plans/IP-2028.yaml']);
    const value = parse(scaffold.files[0].text);
    assert.deepEqual([value.status, value.period], ['draft', { start: '2028-01-01', end: '2028-12-31' }]);
    assert.deepEqual(value.objectives, ['OBJ-2026-01', 'OBJ-2026-02', 'OBJ-2026-03', 'OBJ-2026-04']);
    // NC-2026-008 is in IP-2026 already; OFI-2026-01 is not. OBJ-2026-02 is off target (88 % < 95 %).
    assert.deepEqual(value.initiatives.map((i: Record<string, unknown>) => [i.title, i.owner, i.due, i.nonconformities ?? i.objectives]), [
      ['Offer passkeys to customer accounts', 'engineering-manager@acme.example', '2028-12-31', ['OFI-2026-01']],
      ['Meet the objective: Security awareness training completion', 'people-ops@acme.example', '2026-12-31', ['OBJ-2026-02']],
    ]);
    assert.equal(value.initiatives[1].description, 'Bring OBJ-2026-02 from 88 % (2026-10-31) to at-least 95 %');
    const root = demoCopy();
    assert.deepEqual(structural(await writtenDiagnostics(root, scaffold)), []);
    // The opportunity is planned now.
    assert.ok(!(await check({ cwd: root, asOf: AS_OF })).diagnostics.some((d) => d.code === 'opportunity-not-planned'));
  });

  it('defaults to the as-of year and refuses a year that has a plan', () => {
    assert.throws(() => createImprovementPlan(demo.index, demo.config, { asOf: AS_OF, owner: 'o' }), /the id IP-2026 is already used by an ImprovementPlan in isms\/plans\/IP-2026\.yaml/);
    assert.deepEqual(createImprovementPlan(demo.index, demo.config, { asOf: '2029-02-01', owner: 'o' }).files.map((f) => f.path), ['isms/plans/IP-2029.yaml']);
  });
});

describe('scaffold: new audit programme', () => {
  it('three years from next month, one planned internal audit a year, clauses 4-10 and the applicable controls spread across them', async () => {
    const scaffold = createAuditProgramme(demo.index, demo.config, { asOf: AS_OF, owner: 'ciso@acme.example' });
    assert.deepEqual(scaffold.files.map((f) => f.path), ['isms/audits/PRG-2026-2029.yaml', 'isms/audits/AUD-2027-INT-02.yaml', 'isms/audits/AUD-2028-INT-02.yaml', 'isms/audits/AUD-2029-INT-01.yaml']);
    const [programme, ...audits] = scaffold.files.map((f) => parse(f.text));
    assert.deepEqual(programme.period, { start: '2026-12-01', end: '2029-11-30' });
    assert.deepEqual(audits.map((a) => [a.date, a.programme, a.type, a.status]), [
      ['2027-06-01', 'PRG-2026-2029', 'internal', 'planned'], ['2028-06-01', 'PRG-2026-2029', 'internal', 'planned'], ['2029-06-01', 'PRG-2026-2029', 'internal', 'planned'],
    ]);
    assert.deepEqual(audits.flatMap((a) => a.clauses), ['4', '5', '6', '7', '8', '9', '10']);
    const controls = audits.flatMap((a) => a.controls as string[]);
    assert.equal(new Set(controls).size, controls.length);
    assert.equal(controls.length, 89);
    assert.deepEqual(audits.map((a) => a.controls.length), [30, 30, 29]);
    const diagnostics = await writtenDiagnostics(demoCopy(), scaffold);
    assert.deepEqual(structural(diagnostics), []);
    assert.ok(!diagnostics.some((d) => d.code === 'audit-programme-gap'), diagnostics.map((d) => d.message).join('\n'));
  });
});

describe('scaffold: writing', () => {
  it('refuses an existing RCA file before changing the nonconformity', async () => {
    const root = demoCopy();
    const source = await check({ cwd: root, asOf: AS_OF });
    const scaffold = createRootCauseAnalysis(source.index, source.config, { nonconformity: 'NC-2026-003', method: 'five-whys', asOf: AS_OF });
    fs.writeFileSync(path.join(root, 'isms/rca/RCA-NC-2026-003.yaml'), '# draft\n');
    const nc = fs.readFileSync(path.join(root, 'isms/nonconformities/NC-2026-003.yaml'), 'utf8');
    await assert.rejects(writeScaffold(root, scaffold), /isms\/rca\/RCA-NC-2026-003\.yaml already exists/);
    assert.equal(fs.readFileSync(path.join(root, 'isms/nonconformities/NC-2026-003.yaml'), 'utf8'), nc);
    assert.equal(fs.readFileSync(path.join(root, 'isms/rca/RCA-NC-2026-003.yaml'), 'utf8'), '# draft\n');
  });
});
