// `isms report` and `isms export poam`: the report model's FORMAT.md fields against the rules'
// results, the HTML/Markdown/xlsx/JSON outputs (self-contained, escaped, formula-safe,
// deterministic), the OSCAL POA&M validated against the official schema, and the CLI's exits.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as ExcelJSTypes from 'exceljs';
import { main } from '../../src/cli/main';
import { check } from '../../src/core/engine/check';
import { loadReportModule } from '../../src/core/report/lazy';
import { uuidV5, token, dateTime } from '../../src/core/report/poam';
import { escapeMarkdown } from '../../src/core/report/markdown';
import { safeText } from '../../src/core/report/xlsx';
import { tempRepo } from './helpers/tempRepo';

const Workbook: typeof ExcelJSTypes.Workbook = require('exceljs/lib/doc/workbook');

const AS_OF = '2026-11-27';
const HOSTILE_IMG = '<img src=x onerror=alert(1)>';
const HOSTILE_STYLE = '</style><script>alert(1)</script>';

const FILES: Record<string, string> = {
  'isms/nc/NC-2026-001.yaml': `kind: Nonconformity
id: NC-2026-001
title: "${HOSTILE_IMG}"
severity: major
source: internal-audit
raised: 2026-06-01
owner: "=HYPERLINK(\\"http://evil.example\\")"
status: in-progress
controls: [A.5.1]
actions:
  - id: A1
    description: "+SUM(1,2) rotate keys"
    owner: "@ana"
    due: 2026-11-01
    status: open
    due_history:
      - { from: 2026-10-01, to: 2026-11-01, reason: "-waiting for vendor", approved_by: ciso }
  - description: Second action
    owner: ben@example.com
    due: 2026-12-05
    status: open
`,
  'isms/nc/NC-2026-002.yaml': `kind: Nonconformity
id: NC-2026-002
title: "${HOSTILE_STYLE}"
description: "-2+3 is a formula"
severity: minor
source: incident
raised: 2026-09-01
owner: ben@example.com
status: open
clauses: ["9.2"]
actions:
  - description: Fix it
    owner: ben@example.com
    due: 2026-12-30
    status: open
`,
  'isms/nc/NC-2026-003.yaml': `kind: Nonconformity
id: NC-2026-003
title: Closed one
severity: minor
source: monitoring
raised: 2026-01-10
owner: ana@example.com
status: closed
closed: 2026-03-01
actions:
  - description: Done thing
    owner: ana@example.com
    due: 2026-02-01
    status: done
    completed: 2026-02-01
effectiveness:
  result: effective
  reviewed_on: 2026-03-01
  reviewed_by: ciso
`,
  'isms/controls/a51.yaml': `kind: Control
id: A.5.1
title: Policies for information security
applicable: true
status: implemented
owner: ciso@example.com
last_reviewed: 2025-01-10
evidence:
  - url: "javascript:alert(1)"
    description: "${HOSTILE_IMG}"
---
kind: Control
id: A.7.4
title: Physical security monitoring
applicable: false
`,
  'isms/objectives/OBJ-1.yaml': `kind: Objective
id: OBJ-1
title: Patch fast
metric: days to patch
direction: at-most
target: 14
unit: days
measurements:
  - { date: 2026-06-30, value: 20 }
  - { date: 2026-09-30, value: 16 }
`,
  'isms/reviews/MR-2026.yaml': `kind: ManagementReview
id: MR-2026
date: 2026-10-01
status: held
decisions: [Keep going]
inputs:
  previous_actions: none
`,
  'isms/broken.yaml': 'kind: Nonconformity\nid: NC-BROKEN\ntitle: [unclosed\n',
};

const NC_WITH_DUE = (due: string) => `kind: Nonconformity
id: NC-2026-010
title: Moved
severity: minor
source: monitoring
raised: 2026-09-01
owner: ana@example.com
status: open
actions:
  - description: Do it
    owner: ana@example.com
    due: ${due}
    status: open
    due_history:
      - { from: 2026-10-15, to: 2026-11-30, reason: vendor late }
`;

let repo: string;

before(() => {
  repo = tempRepo(FILES);
});

async function run(argv: string[], cwd = repo) {
  return main(argv, cwd, false, false);
}

describe('report model', () => {
  it('has the FORMAT.md fields, with diagnostics equal to isms check for the same as-of', async () => {
    const { stdout, code } = await run(['report', '--format', 'json', '--as-of', AS_OF]);
    assert.equal(code, 0);
    const json = JSON.parse(stdout);
    const checked = await check({ cwd: repo, asOf: AS_OF });
    assert.equal(json.asOf, AS_OF);
    assert.deepEqual(Object.keys(json).slice(0, 5), ['asOf', 'summary', 'diagnostics', 'trend', 'trail']);
    assert.deepEqual(json.diagnostics, { errors: checked.summary.errors, warnings: checked.summary.warnings, infos: checked.summary.infos });
    const count = (c: string) => checked.diagnostics.filter((d) => d.code === c).length;
    assert.deepEqual(json.summary, {
      nonconformities: { open: 2, overdueActions: count('overdue-action'), dueSoonActions: count('action-due-soon') },
      controls: { applicable: 1, implemented: 1, reviewOverdue: count('control-review-overdue'), noRecord: 91 },
      risks: { open: 0, aboveAppetite: 0 },
    });
    // The fixture's findings, so the counts above are not vacuous.
    assert.equal(count('overdue-action'), 1);
    assert.equal(count('action-due-soon'), 1);
    assert.equal(count('control-review-overdue'), 1);
    assert.ok(checked.summary.errors >= 1, 'the syntax error is part of the report');
    assert.deepEqual(Object.keys(json.trend).slice(0, 3), ['months', 'openNonconformities', 'overdueActions']);
    assert.deepEqual(json.trend, { months: [], openNonconformities: [], overdueActions: [], openNonconformitiesBySeverity: { major: [], minor: [], observation: [], opportunity: [], unspecified: [] } });
    assert.deepEqual(json.trail, []);
    assert.equal(json.history.available, false);
  });

  it('takes states from the diagnostics: the overdue action, days open and to close, slipped due dates', async () => {
    const { model } = await (await loadReportModule()).runReport({ cwd: repo, asOf: AS_OF });
    const nc1 = model.nonconformities.find((n) => n.id === 'NC-2026-001')!;
    assert.equal(nc1.state, 'overdue');
    assert.equal(nc1.daysOpen, 179);
    assert.deepEqual(nc1.actions.map((a) => [a.state, a.daysUntilDue]), [['overdue', -26], ['due-soon', 8]]);
    assert.deepEqual(nc1.actions[0].slipped, [{ from: '2026-10-01', to: '2026-11-01', reason: '-waiting for vendor', approvedBy: 'ciso', on: undefined }]);
    assert.equal(model.nonconformities.find((n) => n.id === 'NC-2026-003')!.daysToClose, 50);
    assert.equal(model.soa.length, 93);
    assert.equal(model.soa.find((c) => c.id === 'A.5.1')!.reviewOverdue, true);
    assert.deepEqual(model.actionsByOwner.map((o) => [o.owner, o.overdue.length, o.dueSoon.length]), [['@ana', 1, 0], ['ben@example.com', 0, 1]]);
    assert.equal(model.objectives[0].offTarget, true);
    assert.equal(model.reviews[0].inputsCovered, 1);
  });
});

const NC_SEVERITY = (severity: string) => `kind: Nonconformity
id: NC-2026-011
title: Graded
severity: ${severity}
source: internal-audit
raised: 2026-09-10
owner: ana@example.com
status: open
`;

describe('report with git history', () => {
  let dir: string;
  before(() => {
    dir = tempRepo({ 'isms/nc/NC-2026-010.yaml': NC_WITH_DUE('2026-10-15'), 'isms/nc/NC-2026-011.yaml': NC_SEVERITY('major') });
    const git = (args: string[], date?: string) => execFileSync('git', args, {
      cwd: dir, stdio: 'pipe',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Ana', GIT_AUTHOR_EMAIL: 'ana@example.com', GIT_COMMITTER_NAME: 'Ana', GIT_COMMITTER_EMAIL: 'ana@example.com', ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
    });
    git(['init', '-q', '-b', 'main']);
    git(['add', '-A']);
    git(['commit', '-q', '-m', 'first'], '2026-09-15T10:00:00Z');
    fs.writeFileSync(path.join(dir, 'isms/nc/NC-2026-010.yaml'), NC_WITH_DUE('2026-11-30'));
    fs.writeFileSync(path.join(dir, 'isms/nc/NC-2026-011.yaml'), NC_SEVERITY('minor'));
    git(['commit', '-q', '-am', 'move the due date, downgrade NC-2026-011'], '2026-10-20T10:00:00Z');
    // as-of's month is the working tree: graded an observation, not committed
    fs.writeFileSync(path.join(dir, 'isms/nc/NC-2026-011.yaml'), NC_SEVERITY('observation'));
  });

  it('has the trail and the trend the history reader gives, split by severity', async () => {
    const { stdout, code } = await run(['report', '--format', 'json', '--as-of', AS_OF], dir);
    assert.equal(code, 0);
    const json = JSON.parse(stdout);
    assert.equal(json.history.available, true);
    const moved = json.trail.filter((e: { type: string }) => e.type === 'due-moved');
    assert.equal(moved.length, 1);
    assert.equal(moved[0].record, 'NC-2026-010');
    assert.equal(moved[0].from, '2026-10-15');
    assert.equal(moved[0].to, '2026-11-30');
    assert.equal(moved[0].date, '2026-10-20');
    assert.match(moved[0].author, /Ana <ana@example\.com>/);
    assert.deepEqual(Object.keys(json.trend), ['months', 'openNonconformities', 'overdueActions', 'openNonconformitiesBySeverity']);
    assert.deepEqual(json.trend.months, ['2026-09', '2026-10', '2026-11']);
    assert.deepEqual(json.trend.openNonconformities, [2, 2, 2]);
    assert.deepEqual(json.trend.overdueActions, [0, 0, 0]);
    assert.deepEqual(json.trend.openNonconformitiesBySeverity, { major: [1, 0, 0], minor: [1, 2, 1], observation: [0, 0, 1], opportunity: [0, 0, 0], unspecified: [0, 0, 0] });
  });

  it('draws the split as stacked bars per severity, and gives its numbers in the HTML, Markdown and xlsx', async () => {
    const report = await loadReportModule();
    const { model } = await report.runReport({ cwd: dir, asOf: AS_OF });
    const trend = report.reportCharts(model, (t) => `#${t.section}`).find((c) => c.id === 'trend')!;
    assert.equal(trend.title, 'Open nonconformities per month by severity');
    const spec = trend.spec as { mark: { type: string }; encoding: Record<string, { field?: string; stack?: string; scale?: { domain?: string[] } }>; data: { values: Array<Record<string, unknown>> } };
    assert.equal(spec.mark.type, 'bar');
    assert.equal(spec.encoding.y.stack, 'zero');
    assert.equal(spec.encoding.color.field, 'severity');
    assert.deepEqual(spec.encoding.color.scale!.domain, ['major', 'minor', 'observation'], 'severities never open in the window are left out');
    assert.deepEqual(spec.encoding.x.scale!.domain, ['2026-09', '2026-10', '2026-11']);
    assert.deepEqual(spec.data.values.map((v) => [v.month, v.severity, v.n]), [['2026-09', 'major', 1], ['2026-09', 'minor', 1], ['2026-10', 'minor', 2], ['2026-11', 'minor', 1], ['2026-11', 'observation', 1]]);
    // this month's bars link to the corrective action log; past months' bars link nowhere
    assert.deepEqual(spec.data.values.map((v) => v.href), [null, null, null, '#corrective-actions', '#corrective-actions']);

    const html = (await run(['report', '--as-of', AS_OF], dir)).stdout;
    assert.ok(html.includes('<figure class="chart" data-chart="trend"><figcaption>Open nonconformities per month by severity</figcaption><div role="img"'));
    assert.ok(html.includes('<figure class="chart" data-chart="overdue-trend"><figcaption>Overdue actions per month</figcaption><div role="img"'));
    const trendSvg = /data-chart="trend">.*?(<svg[^>]*>)/.exec(html)![1];
    assert.match(trendSvg, /width="100%"/, 'the chart scales to its cell');
    assert.match(trendSvg, /viewBox="0 0 540 \d+"/);
    assert.doesNotMatch(trendSvg, / height="/);
    // one rect per bar segment of the stack, in the severities' colours
    const trendFigure = /data-chart="trend">(.*?)<\/figure>/.exec(html)![1];
    assert.equal((trendFigure.match(/<path[^>]*fill="#cf222e"/g) ?? []).length, 1 + 1, 'one major bar and its legend symbol');

    const md = (await run(['report', '--format', 'md', '--as-of', AS_OF], dir)).stdout;
    assert.ok(md.includes('| Month | Open nonconformities | major | minor | observation | opportunity | unspecified | Overdue actions |'), md);
    assert.ok(md.includes('| 2026-09 | 2 | 1 | 1 | 0 | 0 | 0 | 0 |'), md);
    assert.ok(md.includes('| 2026-11 | 2 | 0 | 1 | 1 | 0 | 0 | 0 |'), md);

    const file = path.join(dir, 'trend.xlsx');
    assert.equal((await run(['report', '--as-of', AS_OF, '--out', file], dir)).code, 0);
    const workbook = new Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('Trend')!;
    const rows = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => (r.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)));
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['Month', 'Month end', 'Open nonconformities', 'Open major', 'Open minor', 'Open observation', 'Open opportunity', 'Open unspecified', 'Overdue actions']);
    assert.deepEqual(rows, [
      ['2026-09', '2026-09-30', 2, 1, 1, 0, 0, 0, 0],
      ['2026-10', '2026-10-31', 2, 0, 2, 0, 0, 0, 0],
      ['2026-11', AS_OF, 2, 0, 1, 1, 0, 0, 0],
    ]);
  });
});

describe('report outputs', () => {
  it('HTML of the demo repository: every chart link is an anchor (empty heat-map cells link nowhere)', async () => {
    const { stdout } = await run(['report', 'examples/acme-isms', '--as-of', AS_OF], path.join(__dirname, '..', '..'));
    assert.match(stdout, /R-028/, 'the demo has a risk register');
    assert.doesNotMatch(stdout, /\b(src|href)="(?!#)/i);
  });

  it('HTML: one file, strict CSP, no script, no external URL, every open nonconformity, hostile text escaped', async () => {
    const { stdout } = await run(['report', '--as-of', AS_OF]);
    assert.match(stdout, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-/);
    assert.doesNotMatch(stdout, /<script/i);
    assert.doesNotMatch(stdout, /<img/i);
    // URLs in record text show as text; nothing the browser would load or follow.
    assert.doesNotMatch(stdout, /url\(|@import|xmlns=/i);
    assert.ok(stdout.includes('http://evil.example'), 'a URL in record text is text');
    assert.doesNotMatch(stdout, /\b(src|href)="(?!#)/i, 'links are anchors in the document');
    assert.doesNotMatch(stdout, /href="javascript:/i);
    assert.ok(stdout.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(stdout.includes('&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(stdout.includes('javascript:alert(1)'), 'the evidence URL shows as text');
    for (const id of ['NC-2026-001', 'NC-2026-002']) assert.ok(stdout.includes(`<tr id="rec-${id}">`), id);
    assert.equal((stdout.match(/<svg/g) ?? []).length >= 4, true, 'charts are inline SVG');
    assert.match(stdout, /@media print/);
    assert.match(stdout, /prefers-color-scheme: dark/);
    assert.match(stdout, /No git history: the repository is not inside a git work tree/);
  });

  it('Markdown: no raw HTML passes through', async () => {
    const { stdout } = await run(['report', '--format', 'md', '--as-of', AS_OF]);
    assert.doesNotMatch(stdout, /<(img|script|\/style|br)/i);
    assert.ok(stdout.includes('&lt;img src=x onerror=alert\\(1\\)&gt;') || stdout.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(stdout.includes('NC-2026-001') && stdout.includes('NC-2026-002'));
    assert.equal(escapeMarkdown('[x](javascript:alert(1))'), '\\[x\\](javascript:alert(1))');
    assert.equal(escapeMarkdown('# not a heading'), '\\# not a heading');
  });

  it('charts (as the dashboard renders them too): record text in titles, axes and labels is text', async () => {
    const dir = tempRepo({
      'isms/objectives/OBJ-9.yaml': `kind: Objective\nid: OBJ-9\ntitle: "${HOSTILE_STYLE}"\nmetric: m\ndirection: at-least\ntarget: 5\nunit: "${HOSTILE_IMG}"\nmeasurements:\n  - { date: 2026-06-30, value: 3 }\n  - { date: 2026-09-30, value: 6 }\n`,
      'isms/controls/X-1.yaml': `kind: Control\nid: X-1\ntitle: Own\ntheme: "${HOSTILE_IMG}"\napplicable: true\nstatus: implemented\nowner: ana\n`,
    });
    const report = await loadReportModule();
    const { model } = await report.runReport({ cwd: dir, asOf: AS_OF });
    const html = report.renderChartsHtml(await report.renderCharts(report.reportCharts(model, (t) => `#reveal-${t.ids.join('-')}`)));
    assert.ok(html.includes('data-chart="objective-OBJ-9"') && html.includes('data-chart="coverage"'));
    assert.doesNotMatch(html, /<(img|script|\/style)/i);
    assert.ok(html.includes('OBJ-9: &lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;'), 'the caption');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the axis title and the theme label, escaped by vega');
    assert.doesNotMatch(html, /\b(src|href)="(?!#)/i);
  });

  it('charts differing only in data share a view and draw the same SVG elements as views of their own', async () => {
    const report = await loadReportModule();
    const { model } = await report.runReport({ cwd: path.join(__dirname, '..', '..', 'examples', 'acme-isms'), asOf: AS_OF });
    const specs = report.reportCharts(model, (t) => `#${t.section}`);
    const objectives = specs.filter((c) => c.id.startsWith('objective-') && c.spec?.encoding === undefined && JSON.stringify((c.spec as { layer: unknown }).layer).includes('"title":"%"'));
    assert.ok(objectives.length >= 2, 'the demo has objectives measured in % (one shared view)');
    const shared = await report.renderCharts(specs);
    const own = await report.renderCharts(specs, { shareViews: false });
    // A shared view may list a mark's items in another order (kept items first); the elements are the same.
    const elements = (svg: string | undefined) => (svg ?? '').split('><').sort();
    for (const [i, chart] of own.entries()) assert.deepEqual(elements(shared[i].svg), elements(chart.svg), chart.id);
    assert.ok(own.filter((c) => c.svg).length >= 8);
  });

  it('the same repository and as-of give the same bytes (json, html, md, xlsx, POA&M)', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'isms-report-'));
    for (const ext of ['json', 'html', 'md', 'xlsx']) {
      const a = path.join(out, `a.${ext}`);
      const b = path.join(out, `b.${ext}`);
      assert.equal((await run(['report', '--as-of', AS_OF, '--out', a])).code, 0);
      assert.equal((await run(['report', '--as-of', AS_OF, '--out', b])).code, 0);
      assert.ok(fs.readFileSync(a).equals(fs.readFileSync(b)), ext);
    }
    await run(['export', 'poam', '--out', path.join(out, 'a.poam.json')]);
    await run(['export', 'poam', '--out', path.join(out, 'b.poam.json'), '--as-of', '2027-05-01']);
    assert.ok(fs.readFileSync(path.join(out, 'a.poam.json')).equals(fs.readFileSync(path.join(out, 'b.poam.json'))), 'the POA&M does not depend on the date');
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('xlsx: the five sheets and Trend, with header rows, frozen panes, filters, date cells and no formula', async () => {
    const file = path.join(repo, 'report.xlsx');
    assert.equal((await run(['report', '--as-of', AS_OF, '--out', 'report.xlsx'])).code, 0);
    const workbook = new Workbook();
    await workbook.xlsx.readFile(file);
    assert.deepEqual(workbook.worksheets.map((s) => s.name), ['Summary', 'Corrective actions', 'Actions', 'Statement of Applicability', 'Risks', 'Trend']);
    for (const sheet of workbook.worksheets) {
      assert.equal(sheet.views[0]?.state, 'frozen', sheet.name);
      assert.ok(sheet.autoFilter, sheet.name);
      assert.equal(sheet.getRow(1).font?.bold, true, sheet.name);
    }
    const cas = workbook.getWorksheet('Corrective actions')!;
    const header = (cas.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const rowOf = (id: string) => cas.getRows(2, cas.rowCount - 1)!.find((r) => r.getCell(1).value === id)!;
    assert.ok(rowOf('NC-2026-001').getCell(col('Raised')).value instanceof Date);
    assert.equal((rowOf('NC-2026-001').getCell(col('Raised')).value as Date).toISOString(), '2026-06-01T00:00:00.000Z');
    assert.equal(rowOf('NC-2026-001').getCell(col('Owner')).value, `'=HYPERLINK("http://evil.example")`);
    assert.equal(rowOf('NC-2026-001').getCell(col('Title')).value, HOSTILE_IMG);
    let formulas = 0;
    for (const sheet of workbook.worksheets) sheet.eachRow((row) => row.eachCell((cell) => {
      if (cell.type === 6 /* Formula */ || (typeof cell.value === 'string' && /^[=+\-@]/.test(cell.value))) formulas++;
    }));
    assert.equal(formulas, 0);
    const actions = workbook.getWorksheet('Actions')!;
    const values = actions.getRows(2, actions.rowCount - 1)!.map((r) => (r.values as unknown[]).slice(1));
    assert.ok(values.some((v) => v.includes("'+SUM(1,2) rotate keys") && v.includes("'@ana")));
    assert.equal(safeText('-1'), "'-1");
    assert.equal(safeText('ok = fine'), 'ok = fine');
  });

  it('xlsx: LibreOffice reads the same cells (a second, independent reader)', async function () {
    const soffice = ['soffice', 'libreoffice'].find((c) => spawnSync(c, ['--version'], { encoding: 'utf8' }).status === 0);
    if (!soffice) {
      console.log('      (skipped: LibreOffice (soffice) is not installed; apt-get install libreoffice-calc-nogui)');
      this.skip();
    }
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isms-xlsx-'));
    const file = path.join(dir, 'report.xlsx');
    await run(['report', '--as-of', AS_OF, '--out', file]);
    // Every sheet as CSV (UTF-8, comma, quoted text): report-<Sheet name>.csv.
    execFileSync(soffice!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, file], { stdio: 'ignore', timeout: 110_000 });
    const csv = (sheet: string) => fs.readFileSync(path.join(dir, `report-${sheet}.csv`), 'utf8');
    const cas = csv('Corrective actions');
    assert.ok(cas.includes(HOSTILE_IMG));
    assert.ok(cas.includes(`"'=HYPERLINK(""http://evil.example"")"`), cas.split('\n')[1]);
    assert.match(cas, /NC-2026-001,.*,2026-06-01,/);
    assert.ok(csv('Actions').includes("'+SUM(1,2) rotate keys"));
    assert.ok(csv('Statement of Applicability').includes('A.5.1'));
    assert.ok(csv('Summary').includes('Open nonconformities'));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('isms export poam', () => {
  it('is valid OSCAL 1.1.2 (and so is NIST\'s example, as a check of the validation)', async () => {
    const out = path.join(repo, 'poam.json');
    const { code, stderr } = await run(['export', 'poam', '--out', 'poam.json']);
    assert.equal(code, 0, stderr);
    const example = path.join(__dirname, '..', 'fixtures', 'oscal', 'ifa_plan-of-action-and-milestones.json');
    const failures = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'helpers', 'validateOscal.cjs'), example, out], { encoding: 'utf8' }));
    assert.deepEqual(failures, []);
    const poam = JSON.parse(fs.readFileSync(out, 'utf8'))['plan-of-action-and-milestones'];
    assert.equal(poam['poam-items'].length, 2, 'the open nonconformities only');
    assert.equal(poam.metadata['oscal-version'], '1.1.2');
    const risk = poam.risks.find((r: { title: string }) => r.title.startsWith('NC-2026-001'));
    assert.equal(risk.remediations.length, 2);
    assert.equal(risk.remediations[0].tasks[0].timing['on-date'].date, '2026-11-01T00:00:00Z');
    assert.equal(risk.uuid, uuidV5('risk:NC-2026-001'));
    const finding = poam.findings.find((f: { title: string }) => f.title.startsWith('NC-2026-002'));
    assert.equal(finding.target['target-id'], 'clause-9.2');
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) { assert.ok(v.length > 0, 'no empty arrays'); v.forEach(walk); } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(poam);
  });

  it('UUID v5, tokens and date-times', () => {
    // RFC 4122 appendix / Python uuid.uuid5(NAMESPACE_DNS, 'www.example.com').
    assert.equal(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
    assert.equal(token('clause', '9.2'), 'clause-9.2');
    assert.equal(token('control', 'A.8.20'), 'A.8.20');
    assert.equal(dateTime('2026-02-30'), undefined);
    assert.equal(dateTime('2026-02-28'), '2026-02-28T00:00:00Z');
  });
});

describe('isms report: bad input', () => {
  it('a bad config exits 2 with one line, as isms check does', async () => {
    const bad = tempRepo({ 'isms/a.yaml': 'kind: Control\n' }, { config: 'dueSoonDays: many\n' });
    const report = await run(['report'], bad);
    const checked = await run(['check'], bad);
    assert.equal(report.code, 2);
    assert.equal(report.stdout, '');
    assert.equal(report.stderr, checked.stderr);
    assert.equal(report.stderr.trim().split('\n').length, 1);
  });

  it('an unwritable --out is one clear line, exit 2', async () => {
    const result = await run(['report', '--out', path.join(repo, 'no', 'such', 'folder', 'r.html')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^isms: --out .*r\.html: cannot write the report there \(ENOENT\)\n$/);
  });

  it('says what it wrote, counted in words (1 file, 2 errors)', async () => {
    const one = tempRepo({ 'isms/a.yaml': 'kind: Control\nid: A.5.1\n' });
    const out = path.join(one, 'r.md');
    const result = await run(['report', '--as-of', AS_OF, '--out', out], one);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^isms: wrote the md report as of 2026-11-27 to .*r\.md \(1 file, \d+ errors?, \d+ warnings?\)\n$/);
    assert.doesNotMatch(result.stderr, /\b1 (files|errors|warnings)\b/);
  });

  it('usage errors', async () => {
    assert.equal((await run(['report', '--format', 'pdf'])).code, 2);
    assert.equal((await run(['export', 'sbom'])).code, 2);
    assert.equal((await run(['report', 'a', 'b'])).code, 2);
    const xlsx = await main(['report', '--format', 'xlsx'], repo, false, true);
    assert.equal(xlsx.code, 2);
    assert.match(xlsx.stderr, /--out FILE/);
  });
});
