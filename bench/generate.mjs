// Seeded generator of synthetic ISMS repositories for `npm run bench`.
//
//   node bench/generate.mjs [small|medium|large ...] [--seed N] [--force]
//
// Writes bench/repos/<size>/ (git-ignored): isms.config.yaml plus isms/** record files with
// realistic text, comments, folded scalars, flow lists, multi-document SoA files and references
// between records (NC -> Audit/RCA/Control, RCA -> NC, Audit -> Control/NC/AuditProgramme, MR -> MR,
// Risk -> Control, ImprovementPlan -> NC/Risk/Objective/Control/MR). A known,
// seeded share of records violates each rule; the counts of planted violations per code are
// written to bench/repos/<size>/planted.json so a run can show what each tool found.
// The same seed and size always give byte-identical files.
import { mkdirSync, writeFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR_VERSION = 6;
export const AS_OF = '2026-11-27';
/** Files per size. `single-*` sizes have the other shape: one small record per file (generateSingle). */
export const SIZES = { small: 100, medium: 1000, 'records-2k': 2000, large: 10000, 'single-2k': 2000, 'single-10k': 10000 };
export const shapeOf = (size) => (size.startsWith('single-') ? 'single' : 'records');
const here = dirname(fileURLToPath(import.meta.url));
export const REPOS_DIR = join(here, 'repos');

/** Writes the generated files (repository-relative path -> text) under `dir`; returns their bytes. */
function writeFiles(dir, files) {
  let bytes = 0;
  for (const [rel, text] of files) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

/** mulberry32: small, fast, seedable (the history generator uses it too). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = {
  subject: ['access review', 'firewall rule set', 'backup restore test', 'supplier assessment', 'vulnerability scan', 'privileged account', 'TLS certificate', 'logging pipeline', 'onboarding checklist', 'offboarding process', 'change request', 'incident ticket', 'encryption key', 'asset inventory', 'patch window', 'DNS record', 'data retention job', 'MFA enrolment', 'laptop fleet', 'CI pipeline secret'],
  problem: ['was not performed within the agreed interval', 'was missing for two quarters', 'was approved without a second reviewer', 'failed silently for 30 days', 'was documented only in a personal notebook', 'did not cover the production environment', 'was overdue by six weeks', 'had no named owner', 'was performed but not recorded', 'contradicted the policy'],
  verb: ['Automate', 'Document', 'Review', 'Schedule', 'Train staff on', 'Monitor', 'Add an alert for', 'Re-assess', 'Migrate', 'Decommission', 'Update the runbook for', 'Assign an owner to'],
  people: ['ciso@acme.example', 'cto@acme.example', 'platform-lead@acme.example', 'it-ops@acme.example', 'people-ops@acme.example', 'security@acme.example', 'dpo@acme.example', 'finance@acme.example', 'sre-team@acme.example', 'legal@acme.example'],
  why: ['the owner left the company', 'the tool was replaced mid-year', 'nobody was alerted on failure', 'the procedure was ambiguous', 'the supplier changed the API', 'the budget was approved late', 'the team was understaffed during the migration'],
};
const ANNEX_A = [
  ...Array.from({ length: 37 }, (_, i) => `A.5.${i + 1}`),
  ...Array.from({ length: 8 }, (_, i) => `A.6.${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `A.7.${i + 1}`),
  ...Array.from({ length: 34 }, (_, i) => `A.8.${i + 1}`),
];
const CODES = ['yaml-syntax', 'schema', 'invalid-date', 'duplicate-id', 'unknown-reference', 'overdue-action', 'action-due-soon', 'missing-rca', 'effectiveness-review-missing', 'effectiveness-review-overdue', 'status-inconsistent', 'control-review-overdue', 'soa-justification-missing', 'review-input-missing', 'objective-off-target',
  'risk-acceptance-missing', 'risk-acceptance-expired', 'risk-review-overdue', 'risk-treatment-missing', 'improvement-plan-not-ratified',
  'audit-programme-gap'];

const pad = (n, w = 4) => String(n).padStart(w, '0');
const DAY = 86400000;
const AS_OF_MS = Date.parse(`${AS_OF}T00:00:00Z`);
const date = (offsetDays) => new Date(AS_OF_MS + offsetDays * DAY).toISOString().slice(0, 10);

export function generate(size, { seed = 27001, force = false } = {}) {
  const fileCount = SIZES[size];
  if (!fileCount) throw new Error(`unknown size '${size}' (small, medium, large)`);
  const dir = join(REPOS_DIR, size);
  const stampFile = join(dir, 'planted.json');
  if (!force && existsSync(stampFile)) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    if (stamp.generator === GENERATOR_VERSION && stamp.seed === seed) return { dir, ...stamp };
  }
  rmSync(dir, { recursive: true, force: true });
  if (shapeOf(size) === 'single') return generateSingle(size, fileCount, seed, dir, stampFile);
  const r = rng(seed ^ fileCount);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const chance = (p) => r() < p;
  const planted = Object.fromEntries(CODES.map((c) => [c, 0]));
  // Plants a violation with probability p; the 3rd candidate of a code still without one always
  // gets one, so even the small repository has every rule violated at least once.
  const candidates = Object.fromEntries(CODES.map((c) => [c, 0]));
  const plant = (code, p) => {
    const hit = chance(p);
    if (!hit && !(++candidates[code] >= 3 && planted[code] === 0)) return false;
    planted[code]++;
    return true;
  };
  const files = new Map();
  let actions = 0;
  let records = 0;

  // Share of files per kind: NC 76 %, RCA 8 %, Audit 5 %, MR 3 %, Objective 3 %, Risk 2 %, one
  // improvement plan a year (at least 2), one audit programme per 200 files (at least 1), SoA the rest.
  const n = {
    nc: Math.round(fileCount * 0.76), rca: Math.round(fileCount * 0.08), audit: Math.round(fileCount * 0.05),
    mr: Math.round(fileCount * 0.03), obj: Math.round(fileCount * 0.03), risk: Math.round(fileCount * 0.02),
    plan: Math.max(2, Math.min(7, Math.round(fileCount * 0.01))), prg: Math.max(1, Math.round(fileCount / 200)),
  };
  n.soa = fileCount - n.nc - n.rca - n.audit - n.mr - n.obj - n.risk - n.plan - n.prg;
  const ncIds = Array.from({ length: n.nc }, (_, i) => `NC-${2020 + (i % 7)}-${pad(i + 1, 5)}`);
  const auditIds = Array.from({ length: n.audit }, (_, i) => `AUD-${2020 + (i % 7)}-${pad(i + 1)}`);
  const rcaIds = Array.from({ length: n.rca }, (_, i) => `RCA-${ncIds[(i * 7) % n.nc]}`);
  const ownControlIds = [];
  const sentence = () => `The ${pick(WORDS.subject)} ${pick(WORDS.problem)}`;

  // --- SoA files: own controls plus Annex A entries, many documents per file -----------------
  for (let f = 0; f < n.soa; f++) {
    const docs = [`# Statement of Applicability, part ${f + 1}\n# Owner of this file: ${pick(WORDS.people)}. Reviewed in the quarterly control review cycle;\n# update last_reviewed when you review a control and add evidence links.\n`];
    const count = int(10, 30);
    for (let c = 0; c < count; c++) {
      const id = f === 0 && c < ANNEX_A.length ? ANNEX_A[c] : `CTL-${pad(f)}-${pad(c, 2)}`;
      if (!id.startsWith('A.')) ownControlIds.push(id);
      const applicable = !chance(0.06);
      let body = `kind: Control\nid: ${id}\ntitle: ${pick(WORDS.verb)} ${pick(WORDS.subject)}\ntheme: ${pick(['organizational', 'people', 'physical', 'technological'])}\napplicable: ${applicable}\n`;
      if (!applicable) {
        if (!plant('soa-justification-missing', 0.4)) body += `justification: >-\n  Not applicable because ${pick(WORDS.why)}; re-assessed yearly.\n`;
      } else {
        body += `status: ${pick(['implemented', 'implemented', 'partial', 'planned'])}\nowner: ${pick(WORDS.people)}\n`;
        if (plant('control-review-overdue', 0.1)) body += `last_reviewed: ${date(-int(760, 1200))}\n`;
        else body += `last_reviewed: ${date(-int(1, 150))}\n`;
        if (chance(0.3)) body += `review_interval: P${pick([6, 12, 24])}M\n`;
        if (chance(0.5)) body += `evidence:\n  - url: https://wiki.acme.example/isms/evidence/${id}\n    description: ${sentence()}\n    date: ${date(-int(1, 200))}\n`;
      }
      if (plant('schema', 0.01)) body += `ownr: ${pick(WORDS.people)}   # typo\n`;
      docs.push(body);
      records++;
    }
    files.set(`isms/controls/soa-${pad(f, 3)}.yaml`, docs.join('---\n'));
  }
  const controlRef = () => (chance(0.7) || ownControlIds.length === 0 ? pick(ANNEX_A) : pick(ownControlIds));

  // --- Nonconformities -------------------------------------------------------------------------
  const rcaFor = new Map(rcaIds.map((id) => [id.slice(4), id]));
  for (let i = 0; i < n.nc; i++) {
    let id = ncIds[i];
    if (i > 0 && plant('duplicate-id', 0.004)) { id = ncIds[i - 1]; planted['duplicate-id']++; }
    const severity = pick(['major', 'minor', 'minor', 'observation', 'opportunity']);
    const status = pick(['open', 'in-progress', 'in-progress', 'implemented', 'closed', 'closed', 'rejected']);
    const raisedDays = -int(30, 900);
    const lines = [];
    if (chance(0.3)) lines.push(`# Raised in ${pick(['the internal audit', 'a customer complaint', 'the weekly security review', 'incident post-mortem'])}; see the ticket for details.`);
    lines.push('kind: Nonconformity', `id: ${id}`, `title: ${sentence()}`, `severity: ${severity}`,
      `source: ${pick(['internal-audit', 'external-audit', 'incident', 'management-review', 'monitoring', 'risk-assessment', 'complaint', 'other'])}`,
      `raised: ${plant('invalid-date', 0.01) ? '2026-02-30' : date(raisedDays)}`, `raised_by: ${pick(WORDS.people)}`, `owner: ${pick(WORDS.people)}`,
      'description: >-', `  ${sentence()}, because ${pick(WORDS.why)}. ${sentence()}; the finding was`, `  confirmed with ${pick(WORDS.people)} during the follow-up.`,
      `correction: ${pick(WORDS.verb)} the ${pick(WORDS.subject)} immediately.`);
    if (chance(0.6) && auditIds.length) lines.push(`audit: ${plant('unknown-reference', 0.01) ? 'AUD-1999-0001' : pick(auditIds)}`);
    const controls = Array.from({ length: int(0, 4) }, controlRef);
    if (controls.length && plant('unknown-reference', 0.01)) controls.push('A.9.99');
    if (controls.length) lines.push(chance(0.5) ? `controls: [${controls.join(', ')}]` : `controls:\n${controls.map((c) => `  - ${c}`).join('\n')}`);
    lines.push(`clauses: ["10.2"${chance(0.5) ? ', "9.2"' : ''}]`);
    const rca = rcaFor.get(id);
    if (rca) lines.push(`rca: ${rca}`);
    else if (severity === 'major' && status !== 'rejected') planted['missing-rca']++;
    lines.push(`status: ${plant('schema', 0.005) ? 'done' : status}`);
    const actionCount = int(3, 21);
    lines.push('actions:');
    let plantedInconsistent = false;
    for (let a = 0; a < actionCount; a++) {
      actions++;
      const finished = status === 'closed' || status === 'implemented' || status === 'rejected' || chance(0.5);
      let aStatus = finished ? pick(['done', 'done', 'done', 'cancelled']) : pick(['open', 'in-progress']);
      if ((status === 'implemented' || status === 'closed') && !plantedInconsistent && plant('status-inconsistent', 0.05)) { aStatus = 'open'; plantedInconsistent = true; }
      let due;
      if (aStatus === 'open' || aStatus === 'in-progress') {
        const kind = r();
        if (kind < 0.15) { due = date(-int(1, 120)); planted['overdue-action']++; }
        else if (kind < 0.25) { due = date(int(0, 14)); planted['action-due-soon']++; }
        else due = date(int(15, 300));
      } else due = date(raisedDays + int(10, 60));
      lines.push(`  - id: CA-${a + 1}`, `    description: ${pick(WORDS.verb)} the ${pick(WORDS.subject)} (${pick(WORDS.why)})`, `    owner: ${pick(WORDS.people)}`, `    due: ${due}`, `    status: ${aStatus}${chance(0.05) ? '   # agreed in the weekly review' : ''}`);
      if (aStatus === 'done') lines.push(`    completed: ${date(raisedDays + int(5, 25))}`);
      if (chance(0.1)) lines.push('    due_history:', `      - from: ${date(raisedDays + 5)}`, `        to: ${due}`, `        reason: ${pick(WORDS.why)}`, `        approved_by: ${pick(WORDS.people)}`);
    }
    if (status === 'closed') {
      if (plant('effectiveness-review-missing', 0.08)) {
        // no effectiveness block
      } else lines.push('effectiveness:', '  result: effective', `  reviewed_by: ${pick(WORDS.people)}`, `  reviewed_on: ${date(-int(1, 20))}`, `  notes: ${sentence()} no longer.`);
      lines.push(`closed: ${date(-int(1, 20))}`);
    } else if (status === 'implemented') {
      lines.push('effectiveness:', '  result: pending', `  due: ${plant('effectiveness-review-overdue', 0.3) ? date(-int(1, 60)) : date(int(1, 90))}`);
    }
    if (chance(0.02)) lines.push(`x-ticket: SEC-${int(1000, 9999)}`);
    let text = lines.join('\n') + '\n';
    if (plant('yaml-syntax', 0.004)) text = text.replace('\nseverity:', '\n  severity:');
    files.set(`isms/nonconformities/${2020 + (i % 7)}/${id}${files.has(`isms/nonconformities/${2020 + (i % 7)}/${id}.yaml`) ? '-dup' : ''}.yaml`, text);
    records++;
  }

  // --- Root cause analyses ---------------------------------------------------------------------
  rcaIds.forEach((id) => {
    const nc = plant('unknown-reference', 0.01) ? 'NC-1999-00001' : id.slice(4);
    const fishbone = chance(0.5);
    let text = `kind: RootCauseAnalysis\nid: ${id}\nnonconformity: ${nc}\nmethod: ${fishbone ? 'fishbone' : 'five-whys'}\ndate: ${date(-int(10, 400))}\nfacilitator: ${pick(WORDS.people)}\nparticipants:\n  - ${pick(WORDS.people)}\n  - ${pick(WORDS.people)}\nproblem: ${sentence()}.\n`;
    if (fishbone) text += `causes:\n  technology:\n    - ${sentence()}\n  process:\n    - ${sentence()}\n    - ${pick(WORDS.why)}\n  people:\n    - ${pick(WORDS.why)}\n`;
    else text += `whys:\n${Array.from({ length: 5 }, () => `  - ${pick(WORDS.why)}`).join('\n')}\n`;
    text += `root_causes:\n  - ${sentence()}\n`;
    files.set(`isms/rca/${id}.yaml`, text);
    records++;
  });

  // --- Audits --------------------------------------------------------------------------------
  auditIds.forEach((id) => {
    const completed = chance(0.8);
    const findings = Array.from({ length: int(0, 5) }, () => pick(ncIds));
    if (findings.length && plant('unknown-reference', 0.01)) findings.push('NC-1999-00002');
    const programme = chance(0.5) ? `programme: PRG-${pad(int(1, n.prg))}\n` : '';
    const text = `# Audit report: https://wiki.acme.example/isms/audits/${id}\nkind: Audit\nid: ${id}\n${programme}type: ${pick(['internal', 'external', 'surveillance'])}\ntitle: ${pick(['Internal', 'Surveillance', 'Supplier'])} audit ${id}\ndate: ${date(-int(1, 700))}\nstatus: ${completed ? 'completed' : 'planned'}\nscope: >-\n  ${sentence()}; focus on ${pick(WORDS.subject)} and ${pick(WORDS.subject)}.\nauditor: ${pick(['Jane Doe (Lead Auditor)', 'External CB', 'Internal audit team'])}\nclauses: ["9.2", "10.2"]\ncontrols:\n${Array.from({ length: int(1, 8) }, () => `  - ${controlRef()}`).join('\n')}\n${findings.length ? `findings:\n${findings.map((f) => `  - ${f}`).join('\n')}\n` : ''}`;
    files.set(`isms/audits/${id}.yaml`, text);
    records++;
  });

  // --- Management reviews -------------------------------------------------------------------------
  const INPUTS = ['previous_actions', 'issues', 'interested_parties', 'feedback', 'risks', 'improvement'];
  for (let i = 0; i < n.mr; i++) {
    const id = `MR-${pad(i + 1)}`;
    const held = chance(0.85);
    const lines = [`# Management review ${i + 1}. Minutes: https://wiki.acme.example/isms/mr/${id}`, 'kind: ManagementReview', `id: ${id}`, `date: ${date(-int(1, 700))}`, `status: ${held ? 'held' : 'planned'}`, `chair: ${pick(WORDS.people)}`, 'attendees:', ...Array.from({ length: 4 }, () => `  - ${pick(WORDS.people)}`)];
    if (i > 0) lines.push(`previous: ${plant('unknown-reference', 0.01) ? 'MR-0000' : `MR-${pad(i)}`}`);
    lines.push('inputs:');
    const missing = held && plant('review-input-missing', 0.3) ? pick(INPUTS) : undefined;
    for (const input of INPUTS) if (input !== missing) lines.push(`  ${input}: ${sentence()}.`);
    lines.push('  performance:', `    nonconformities: ${pick(ncIds)} and ${pick(ncIds)} raised.`, `    monitoring: ${sentence()}.`, `    audits: ${pick(auditIds)} done.`, '    objectives:', `      - "${sentence()}"`);
    lines.push('decisions:', `  - ${pick(WORDS.verb)} the ${pick(WORDS.subject)}`, 'actions:');
    for (let a = 0; a < int(10, 30); a++) {
      actions++;
      const open = chance(0.4);
      let due;
      if (open) {
        const kind = r();
        if (kind < 0.15) { due = date(-int(1, 120)); planted['overdue-action']++; }
        else if (kind < 0.25) { due = date(int(0, 14)); planted['action-due-soon']++; }
        else due = date(int(15, 300));
      } else due = date(-int(20, 600));
      lines.push(`  - id: ${id}/${a + 1}`, `    description: ${pick(WORDS.verb)} the ${pick(WORDS.subject)}`, `    owner: ${pick(WORDS.people)}`, `    due: ${due}`, `    status: ${open ? pick(['open', 'in-progress']) : 'done'}`);
      if (!open) lines.push(`    completed: ${date(-int(20, 600))}`);
    }
    files.set(`isms/reviews/${id}.yaml`, lines.join('\n') + '\n');
    records++;
  }

  // --- Objectives -----------------------------------------------------------------------------
  for (let i = 0; i < n.obj; i++) {
    const id = `OBJ-${pad(i + 1)}`;
    const target = int(5, 95);
    const off = plant('objective-off-target', 0.3);
    const ms = [];
    const count = int(2, 8);
    for (let m = 0; m < count; m++) {
      const last = m === count - 1;
      const value = last ? (off ? target + int(1, 10) : target - int(0, 4)) : target + int(-5, 5);
      ms.push(`  - date: ${date(-30 * (count - m))}\n    value: ${value}${chance(0.2) ? `\n    note: ${sentence()}` : ''}`);
    }
    const text = `kind: Objective\nid: ${id}\ntitle: ${pick(WORDS.verb)} the ${pick(WORDS.subject)}\nmetric: Number of ${pick(WORDS.subject)} findings per quarter\ndirection: at-most\ntarget: ${target}\nunit: findings\nowner: ${pick(WORDS.people)}\ndue: ${date(int(30, 400))}\nmeasurements:\n${ms.join('\n')}\n`;
    files.set(`isms/objectives/${id}.yaml`, text);
    records++;
  }

  // --- Risks: a register with treatment plans, acceptances and controls ------------------------
  const riskIds = Array.from({ length: n.risk }, (_, i) => `R-${pad(i + 1)}`);
  riskIds.forEach((id) => {
    const treatment = pick(['mitigate', 'mitigate', 'mitigate', 'accept', 'avoid', 'transfer']);
    const lines = [`# Risk register entry ${id}`, 'kind: Risk', `id: ${id}`, `title: ${sentence()}`, `owner: ${pick(WORDS.people)}`, `identified: ${date(-int(200, 900))}`];
    lines.push(`assessed: ${plant('risk-review-overdue', 0.1) ? date(-int(370, 700)) : date(-int(1, 300))}`);
    lines.push(`likelihood: ${int(1, 5)}`, `impact: ${int(1, 5)}`, 'residual:', `  likelihood: ${int(1, 3)}`, `  impact: ${int(1, 3)}`, `treatment: ${treatment}`);
    lines.push(`controls: [${Array.from({ length: int(1, 4) }, () => controlRef()).join(', ')}]`);
    if ((treatment === 'mitigate' || treatment === 'transfer') && !plant('risk-treatment-missing', 0.05)) {
      lines.push('treatment_plan:');
      for (let a = 0; a < int(1, 4); a++) {
        actions++;
        const open = chance(0.5);
        lines.push(`  - description: ${pick(WORDS.verb)} the ${pick(WORDS.subject)}`, `    owner: ${pick(WORDS.people)}`, `    due: ${open ? date(int(15, 300)) : date(-int(20, 300))}`, `    status: ${open ? 'in-progress' : 'done'}`);
        if (!open) lines.push(`    completed: ${date(-int(20, 300))}`);
      }
    }
    if (treatment === 'accept' && !plant('risk-acceptance-missing', 0.1)) {
      lines.push('acceptance:', `  accepted_by: ${pick(WORDS.people)}`, `  accepted_on: ${date(-int(30, 300))}`, `  expires: ${plant('risk-acceptance-expired', 0.1) ? date(-int(1, 60)) : date(int(30, 400))}`);
    }
    lines.push(`status: ${treatment === 'accept' ? 'accepted' : treatment === 'avoid' ? 'open' : 'treating'}`);
    files.set(`isms/risks/${id}.yaml`, lines.join('\n') + '\n');
    records++;
  });

  // --- Improvement plans: one a year, the current one ratified (or, planted, still a draft) ----
  for (let i = 0; i < n.plan; i++) {
    const year = 2026 - n.plan + 1 + i;
    const current = year === 2026;
    const draft = current && plant('improvement-plan-not-ratified', 0.5);
    const lines = [`# Continual improvement plan ${year}`, 'kind: ImprovementPlan', `id: IP-${year}`, `title: Continual improvement plan ${year}`, 'period:', `  start: ${year}-01-01`, `  end: ${year}-12-31`];
    lines.push(`status: ${draft ? 'draft' : current ? 'ratified' : 'superseded'}`);
    if (!draft && current) lines.push(`ratified_by: ${pick(WORDS.people)}`, `ratified_on: ${year}-01-15`);
    if (n.mr > 0) lines.push(`review: MR-${pad(int(1, n.mr))}`);
    lines.push('initiatives:');
    for (let a = 0; a < int(3, 10); a++) {
      actions++;
      const done = chance(0.4);
      lines.push(`  - title: ${pick(WORDS.verb)} the ${pick(WORDS.subject)}`, `    description: ${sentence()}`, `    owner: ${pick(WORDS.people)}`, `    due: ${year}-${pad(int(2, 12), 2)}-15`, `    status: ${done ? 'done' : current ? 'in-progress' : 'cancelled'}`);
      if (done) lines.push(`    completed: ${year}-01-31`);
      if (riskIds.length > 0) lines.push(`    risks: [${pick(riskIds)}]`);
      lines.push(`    nonconformities: [${pick(ncIds)}]`, `    controls: [${controlRef()}]`);
    }
    files.set(`isms/plans/IP-${year}.yaml`, lines.join('\n') + '\n');
    records++;
  }

  // --- Audit programmes: three years each, scope narrowed to a few clauses (gaps are planted) -----
  for (let i = 0; i < n.prg; i++) {
    const id = `PRG-${pad(i + 1)}`;
    const start = 2020 + (i % 5);
    const clauses = plant('audit-programme-gap', 0.3) ? '["4", "5", "6", "7", "8", "9", "10"]' : '["9", "10"]';
    const text = `# Internal audit programme ${id}\nkind: AuditProgramme\nid: ${id}\ntitle: Internal audit programme ${start}-${start + 2}\nperiod:\n  start: ${start}-01-01\n  end: ${start + 2}-12-31\nowner: ${pick(WORDS.people)}\nclauses: ${clauses}\ncontrols: [${Array.from({ length: int(2, 6) }, () => controlRef()).join(', ')}]\n`;
    files.set(`isms/audits/${id}.yaml`, text);
    records++;
  }

  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'isms.config.yaml'), '# Synthetic benchmark repository (bench/generate.mjs)\ndueSoonDays: 14\noverdueErrorAfterDays: 30\ncontrolReviewInterval: P12M\n');
  const bytes = writeFiles(dir, files);
  const stamp = { generator: GENERATOR_VERSION, seed, size, asOf: AS_OF, files: files.size, records, actions, bytes, planted };
  writeFileSync(stampFile, JSON.stringify(stamp, null, 2) + '\n');
  return { dir, ...stamp };
}

/**
 * The other shape: one record of about 1 KB per file, as teams that keep each nonconformity, control
 * or objective in its own file have it. Block (`|`) and folded (`>`) scalars, double-quoted strings
 * (some with escapes), 1–3 actions; 2 % of the files carry one defect (a YAML syntax error, a
 * misspelt field, an invalid date, an unknown reference or an overdue action).
 */
function generateSingle(size, fileCount, seed, dir, stampFile) {
  const r = rng(seed ^ fileCount ^ 0x51);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const chance = (p) => r() < p;
  const sentence = () => `The ${pick(WORDS.subject)} ${pick(WORDS.problem)}`;
  const DEFECTS = ['yaml-syntax', 'schema', 'invalid-date', 'unknown-reference', 'overdue-action'];
  const planted = Object.fromEntries(DEFECTS.map((c) => [c, 0]));
  const files = new Map();
  let records = 0;
  let actions = 0;
  const nControls = Math.round(fileCount * 0.3);
  const nObjectives = Math.round(fileCount * 0.05);
  const controlIds = Array.from({ length: nControls }, (_, i) => (i < ANNEX_A.length ? ANNEX_A[i] : `CTL-${pad(i)}`));
  for (let i = 0; i < fileCount; i++) {
    // Every 50th file has one defect (2 %), its kind chosen in turn.
    const defect = i % 50 === 25 ? DEFECTS[(i / 50 | 0) % DEFECTS.length] : undefined;
    if (defect) planted[defect]++;
    let rel;
    let text;
    if (i < nControls) {
      const id = controlIds[i];
      const applicable = !chance(0.05);
      text = `# ${id}: ${pick(WORDS.verb)} ${pick(WORDS.subject)}\nkind: Control\nid: ${id}\ntitle: "${pick(WORDS.verb)} the ${pick(WORDS.subject)}"\n` +
        `theme: ${pick(['organizational', 'people', 'physical', 'technological'])}\napplicable: ${applicable}\n` +
        (applicable
          ? `status: ${pick(['implemented', 'partial', 'planned'])}\nowner: "${pick(WORDS.people)}"\nlast_reviewed: ${defect === 'invalid-date' ? '2026-02-30' : date(-int(1, 300))}\n` +
            `justification: |\n  Included because ${sentence().toLowerCase()}.\n  ${pick(WORDS.verb)} the ${pick(WORDS.subject)} every quarter; evidence in the wiki.\n  ${sentence()}; ${pick(WORDS.why)}.\n  Owner: ${pick(WORDS.people)}\n`
          : `justification: >-\n  Not applicable: ${pick(WORDS.why)}.\n  Re-assessed at every management review.\n`) +
        `evidence:\n  - url: "https://wiki.acme.example/isms/evidence/${id}"\n    description: "${sentence()}${chance(0.2) ? ' \\"verified\\"' : ''}"\n    date: ${date(-int(1, 200))}\n` +
        (defect === 'schema' ? `ownr: ${pick(WORDS.people)}\n` : '');
      rel = `isms/controls/${id}.yaml`;
    } else if (i < nControls + nObjectives) {
      const id = `OBJ-${pad(i - nControls + 1)}`;
      const target = int(5, 95);
      text = `kind: Objective\nid: ${id}\ntitle: "${pick(WORDS.verb)} the ${pick(WORDS.subject)}"\nmetric: >\n  Number of ${pick(WORDS.subject)} findings\n  per quarter\ndirection: at-most\ntarget: ${target}\nunit: findings\nowner: ${pick(WORDS.people)}\n` +
        `due: ${defect === 'invalid-date' ? '2026-13-01' : date(int(30, 400))}\nmeasurements:\n${Array.from({ length: int(2, 4) }, (_, m) => `  - date: ${date(-30 * (m + 1))}\n    value: ${target - int(0, 4)}`).join('\n')}\n` +
        (defect === 'schema' ? 'direction_: at-most\n' : '');
      rel = `isms/objectives/${id}.yaml`;
    } else {
      const n = i - nControls - nObjectives;
      const id = `NC-${2020 + (n % 7)}-${pad(n + 1, 5)}`;
      const status = pick(['open', 'in-progress', 'in-progress', 'implemented', 'closed']);
      const lines = [`# Raised in ${pick(['the internal audit', 'a customer complaint', 'the weekly security review'])}.`, 'kind: Nonconformity', `id: ${id}`,
        `title: "${sentence()}${chance(0.1) ? ' \\u2014 again' : ''}"`, `severity: ${pick(['minor', 'minor', 'observation', 'opportunity'])}`,
        `source: ${pick(['internal-audit', 'external-audit', 'incident', 'monitoring'])}`, `raised: ${defect === 'invalid-date' ? '2026-02-30' : date(-int(30, 400))}`,
        `owner: ${pick(WORDS.people)}`, 'description: |', `  ${sentence()}, because ${pick(WORDS.why)}.`, `  ${sentence()}; found by ${pick(WORDS.people)} and confirmed by ${pick(WORDS.people)}.`, `  ${sentence()}.`,
        'correction: >-', `  ${pick(WORDS.verb)} the ${pick(WORDS.subject)}`, `  immediately and inform ${pick(WORDS.people)}.`];
      if (chance(0.5)) lines.push(`controls: [${defect === 'unknown-reference' ? 'A.9.99' : pick(controlIds)}]`);
      else if (defect === 'unknown-reference') lines.push('controls: [A.9.99]');
      lines.push(`status: ${defect === 'schema' ? 'inprogress' : status}`, 'actions:');
      const count = int(1, 3);
      for (let a = 0; a < count; a++) {
        actions++;
        const done = status === 'closed' || status === 'implemented';
        const due = defect === 'overdue-action' && a === 0 ? date(-int(40, 90)) : done ? date(-int(5, 60)) : date(int(15, 200));
        lines.push(`  - description: "${pick(WORDS.verb)} the ${pick(WORDS.subject)}"`, `    owner: ${pick(WORDS.people)}`, `    due: ${due}`,
          `    status: ${done ? 'done' : defect === 'overdue-action' && a === 0 ? 'open' : pick(['open', 'in-progress'])}`);
        if (done) lines.push(`    completed: ${date(-int(1, 4))}`);
      }
      if (status === 'closed') lines.push('effectiveness:', '  result: effective', `  reviewed_by: ${pick(WORDS.people)}`, `  reviewed_on: ${date(-int(1, 4))}`, `closed: ${date(-int(1, 4))}`);
      else if (status === 'implemented') lines.push('effectiveness:', '  result: pending', `  due: ${date(int(10, 90))}`);
      text = lines.join('\n') + '\n';
      if (defect === 'yaml-syntax') text = text.replace('\nseverity:', '\n  severity:');
      rel = `isms/nonconformities/${2020 + (n % 7)}/${id}.yaml`;
    }
    files.set(rel, text);
    records++;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'isms.config.yaml'), '# Synthetic benchmark repository, one record per file (bench/generate.mjs)\n');
  const bytes = writeFiles(dir, files);
  const stamp = { generator: GENERATOR_VERSION, seed, size, shape: 'single', asOf: AS_OF, files: files.size, records, actions, bytes, planted };
  writeFileSync(stampFile, JSON.stringify(stamp, null, 2) + '\n');
  return { dir, ...stamp };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const seedAt = args.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 27001;
  const sizes = args.filter((a, i) => !a.startsWith('--') && (seedAt < 0 || i !== seedAt + 1));
  for (const size of sizes.length ? sizes : Object.keys(SIZES)) {
    const t = Date.now();
    const info = generate(size, { seed, force: args.includes('--force') });
    console.log(`${size}: ${info.files} files, ${info.records} records, ${info.actions} actions, ${(info.bytes / 1e6).toFixed(1)} MB (${Date.now() - t} ms) -> ${info.dir}`);
  }
}
