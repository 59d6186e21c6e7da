// `isms report --format xlsx` (exceljs): sheets Summary, Corrective actions, Actions, Statement of
// Applicability, Risks and Trend (the git history's months), each with a bold header row, frozen
// panes, an autofilter and real date cells. A text cell that starts with = + - @ (or a tab or carriage return) gets a leading
// apostrophe, so no spreadsheet (nor a CSV saved from it) ever runs record text as a formula.
// The same model gives the same bytes: fixed workbook dates and fixed dates in the zip.
import type * as ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { TREND_SEVERITIES } from '../history/gitHistory';
import { daysInMonth } from '../model/dates';
import { summaryFigures } from './document';
import { THEME_LABELS, type ReportAction, type ReportModel } from './reportModel';

// exceljs's streaming writer (rows are written as they are added, so a large repository's
// workbook is never whole in memory: ~0.5 instead of ~2 GB for 100,000 actions), required alone:
// exceljs's main module also loads its streaming reader, whose promise library generates code
// from strings at load time.
const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter = require('exceljs/lib/stream/xlsx/workbook-writer');

type Value = string | number | Date | undefined;

const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: 'yyyy-mm-dd' };
const PLAIN_STYLE: Partial<ExcelJS.Style> = {};

interface Column {
  header: string;
  width: number;
  type?: 'date' | 'number' | 'text';
}

/** Text that a spreadsheet would read as a formula, neutralised with a leading apostrophe. */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function dateValue(text: string | undefined): Date | string | undefined {
  if (!text) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return safeText(text);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(m[3]) ? safeText(text) : date;
}

function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: readonly Column[], rows: ReadonlyArray<readonly Value[]>): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: columns.length } };
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  for (const row of rows) {
    const cells = row.map((v, i) => {
      if (v === undefined) return null;
      if (typeof v === 'string') return columns[i]?.type === 'date' ? dateValue(v) : safeText(v);
      return v;
    });
    const added = sheet.addRow(cells);
    // One style object for all date cells and one for all others: exceljs looks a style up by its
    // object first, so shared objects save serialising each cell's own style to find its id
    // (about a sixth of a large repository's whole report).
    added.eachCell((cell) => {
      cell.style = cell.value instanceof Date ? DATE_STYLE : PLAIN_STYLE;
    });
    added.commit();
  }
  sheet.commit();
}

const ACTION_COLUMNS: Column[] = [
  { header: 'Record', width: 18 }, { header: 'Kind', width: 16 }, { header: 'Action id', width: 12 }, { header: 'Action', width: 50 }, { header: 'Owner', width: 24 },
  { header: 'Due', width: 12, type: 'date' }, { header: 'Status', width: 12 }, { header: 'State', width: 12 }, { header: 'Days until due', width: 10, type: 'number' },
  { header: 'Completed', width: 12, type: 'date' }, { header: 'Due date changes', width: 40 }, { header: 'File', width: 36 },
];

function actionRow(a: ReportAction): Value[] {
  const changes = a.slipped.map((h) => `${h.from ?? '?'} → ${h.to ?? '?'}${h.reason ? ` (${h.reason})` : ''}`).join('; ');
  const open = a.state !== 'done' && a.state !== 'cancelled';
  return [a.record.id, a.recordKind, a.id, a.description, a.owner, a.due, a.status, a.state, open ? a.daysUntilDue : undefined, a.completed, changes || undefined, a.record.file];
}

/** YYYY-MM's last day, YYYY-MM-DD. */
function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

export async function renderXlsx(model: ReportModel, version: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk); done(); } });
  const stamp = dateValue(model.asOf) as Date;
  // Deflate level 3: the large benchmark workbook 9% smaller and faster to write than zlib's default here.
  const workbook = datedWorkbookWriter(stamp, { stream, useStyles: true, useSharedStrings: true, zip: { zlib: { level: 3 } } });
  workbook.creator = `isms ${version}`;
  workbook.created = stamp;
  workbook.modified = stamp;

  addSheet(workbook, 'Summary', [{ header: 'Figure', width: 36 }, { header: 'Value', width: 14 }, { header: 'Notes', width: 60 }], [
    ['As of', stamp, undefined],
    ...summaryFigures(model).map((f): Value[] => [f.label, /^\d+$/.test(f.value) ? Number(f.value) : f.value, undefined]),
    ...model.readiness.map((r): Value[] => [`${r.area} (${r.clause})`, r.findings, r.codes.join(', ')]),
    ['History', model.history.available ? 'yes' : 'no', model.history.reason],
  ]);

  addSheet(workbook, 'Corrective actions', [
    { header: 'Id', width: 16 }, { header: 'Title', width: 50 }, { header: 'Severity', width: 12 }, { header: 'Source', width: 16 }, { header: 'Raised', width: 12, type: 'date' },
    { header: 'Owner', width: 24 }, { header: 'Status', width: 12 }, { header: 'State', width: 20 }, { header: 'Days open', width: 10, type: 'number' },
    { header: 'Closed', width: 12, type: 'date' }, { header: 'Days to close', width: 10, type: 'number' }, { header: 'Root cause analysis', width: 40 },
    { header: 'Effectiveness', width: 14 }, { header: 'Effectiveness reviewed', width: 12, type: 'date' }, { header: 'Actions', width: 9, type: 'number' },
    { header: 'Open actions', width: 9, type: 'number' }, { header: 'Controls', width: 20 }, { header: 'Worst finding', width: 50 }, { header: 'File', width: 36 },
  ], model.nonconformities.map((n) => [
    n.id, n.title, n.severity, n.source, n.raised, n.owner, n.status, n.state, n.daysOpen, n.closed, n.daysToClose,
    n.rca ? [n.rca.id, n.rca.rootCauses.join('; ')].filter(Boolean).join(': ') : undefined,
    n.effectiveness?.result, n.effectiveness?.reviewedOn, n.actions.length, n.actions.filter((a) => a.state !== 'done' && a.state !== 'cancelled').length,
    n.controls.join(', ') || undefined, n.worst ? `${n.worst.code}: ${n.worst.message}` : undefined, n.ref.file,
  ]));

  const actions = [...model.nonconformities.flatMap((n) => n.actions), ...model.reviews.flatMap((r) => r.actions), ...model.risks.flatMap((r) => r.actions), ...model.plans.flatMap((p) => p.initiatives)];
  addSheet(workbook, 'Actions', ACTION_COLUMNS, actions.map(actionRow));

  addSheet(workbook, 'Statement of Applicability', [
    { header: 'Control', width: 10 }, { header: 'Title', width: 50 }, { header: 'Theme', width: 16 }, { header: 'Applicable', width: 11 }, { header: 'Justification', width: 40 },
    { header: 'Status', width: 16 }, { header: 'Owner', width: 24 }, { header: 'Last review', width: 12, type: 'date' }, { header: 'Next review', width: 12, type: 'date' },
    { header: 'Review overdue', width: 10 }, { header: 'Evidence', width: 50 }, { header: 'File', width: 36 },
  ], model.soa.map((c) => [
    c.id, c.title, THEME_LABELS[c.theme] ?? c.theme, c.hasRecord ? (c.applicable === true ? 'yes' : c.applicable === false ? 'no' : undefined) : 'no record',
    c.justification, c.status, c.owner, c.lastReview, c.nextReview, c.reviewOverdue ? 'yes' : undefined,
    c.evidence.map((e) => [e.description, e.path ?? e.url, e.date].filter(Boolean).join(' · ')).join('\n') || undefined, c.ref?.file,
  ]));

  addSheet(workbook, 'Risks', [
    { header: 'Risk', width: 14 }, { header: 'Title', width: 50 }, { header: 'Owner', width: 24 }, { header: 'Status', width: 12 }, { header: 'Treatment', width: 12 },
    { header: 'Likelihood', width: 10, type: 'number' }, { header: 'Impact', width: 10, type: 'number' }, { header: 'Residual likelihood', width: 10, type: 'number' },
    { header: 'Residual impact', width: 10, type: 'number' }, { header: 'Score', width: 8, type: 'number' }, { header: 'Controls', width: 24 }, { header: 'State', width: 16 }, { header: 'File', width: 36 },
  ], model.risks.map((r) => [r.id, r.title, r.owner, r.status, r.treatment, r.likelihood, r.impact, r.residual?.likelihood, r.residual?.impact, r.score, r.controls.join(', ') || undefined, r.state, r.ref.file]));

  // The history trend (empty without git history): a row per month, the month's last day as a date.
  const t = model.trend;
  addSheet(workbook, 'Trend', [
    { header: 'Month', width: 10 }, { header: 'Month end', width: 12, type: 'date' }, { header: 'Open nonconformities', width: 14, type: 'number' },
    ...TREND_SEVERITIES.map((s): Column => ({ header: `Open ${s}`, width: 12, type: 'number' })), { header: 'Overdue actions', width: 12, type: 'number' },
  ], t.months.map((month, i) => [
    month, i === t.months.length - 1 ? model.asOf : monthEnd(month), t.openNonconformities[i], ...TREND_SEVERITIES.map((s) => t.openNonconformitiesBySeverity[s][i]), t.overdueActions[i],
  ]));

  await workbook.commit();
  return Buffer.concat(chunks);
}

type ZipArchive = { append(source: unknown, data: { name: string; date?: Date }): unknown };

/**
 * exceljs adds its parts to an archiver zip without a date, so archiver stamps each with the
 * current time. This writer dates every entry with `stamp` (archiver writes it as UTC), so the
 * same model gives the same bytes, compressed once by Node's zlib. The zip is caught as exceljs's
 * constructor assigns it, before its first parts (theme, relationships) are added.
 */
function datedWorkbookWriter(stamp: Date, options: Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>): ExcelJS.stream.xlsx.WorkbookWriter {
  class DatedWorkbookWriter extends WorkbookWriter {
    // `declare`: no class field, which would be reset to undefined after the base constructor set it.
    declare private dated: ZipArchive | undefined;
    get zip(): ZipArchive | undefined {
      return this.dated;
    }
    set zip(zip: ZipArchive | undefined) {
      if (!zip || typeof zip.append !== 'function') throw new Error('exceljs no longer writes through an archiver zip: renderXlsx cannot date its entries');
      const append = zip.append;
      zip.append = (source, data) => append.call(zip, source, { ...data, date: stamp });
      this.dated = zip;
    }
  }
  const workbook = new DatedWorkbookWriter(options);
  if (!workbook.zip) throw new Error('exceljs no longer writes through an archiver zip: renderXlsx cannot date its entries');
  return workbook;
}
