// The report bundle's surface (dist/report.js): everything `isms report`, `isms export poam`, the
// dashboard and *ISMS: Export report…* need. The CLI and the extension load it on first use
// (lazy.ts), so the charting and spreadsheet libraries cost nothing until then.
import type { IsmsConfig } from '../config/config';
import type { RepositoryIndex } from '../index/repositoryIndex';
import { formatDate } from '../model/dates';
import type { IsmsDiagnostic } from '../model/model';
import { reportCharts, type ChartTarget, type LinkFor } from './charts';
import { renderCharts, type RenderedChart } from './chartsSvg';
import { anchorFor, reportDocument, summaryFigures, type Figure } from './document';
import { renderHtml } from './html';
import { reportJson } from './json';
import { renderMarkdown } from './markdown';
import { poamJson } from './poam';
import { buildReport, type ReportHistory, type ReportModel } from './reportModel';
import { runReport, statusSourceFor } from './run';
import { fromStatusModel } from './fromStatusModel';
import type { RepositoryStatus } from '../status/statusModel';
import { renderXlsx } from './xlsx';

export type ReportFormat = 'html' | 'md' | 'json' | 'xlsx';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'json', 'xlsx'];

export { runReport, poamJson, reportJson, buildReport, summaryFigures, renderCharts, reportCharts };
export { historyReport } from '../history';
export type { ReportModel, ReportHistory, Figure, RenderedChart, ChartTarget, LinkFor };
export { escapeHtml, renderBlock, renderCharts as renderChartsHtml, CHART_CSS, REPORT_CSS } from './html';

/** The report in one format: text, or the xlsx workbook's bytes. */
export async function renderReport(model: ReportModel, format: ReportFormat, version: string): Promise<string | Buffer> {
  switch (format) {
    case 'json':
      return reportJson(model);
    case 'xlsx':
      return renderXlsx(model, version);
    case 'html':
    case 'md': {
      const charts = format === 'html' ? await renderCharts(reportCharts(model, (t) => (t.ids.length === 1 ? `#${anchorFor(t.ids[0])}` : `#${t.section}`))) : reportCharts(model, () => undefined);
      const doc = reportDocument(model, charts, version);
      return format === 'html' ? renderHtml(doc) : renderMarkdown(doc);
    }
  }
}

/**
 * The report of a whole index, as the editor holds it (every file, after config and
 * suppressions), read through the editor's own status model when given.
 */
export function reportFromIndex(index: RepositoryIndex, config: IsmsConfig, status?: Pick<RepositoryStatus, 'of'>, history?: ReportHistory): ReportModel {
  const paths = index.paths().sort();
  const diagnostics: IsmsDiagnostic[] = paths.flatMap((p) => index.diagnosticsFor(p));
  const records = paths.flatMap((p) => index.file(p)?.records ?? []);
  return buildReport({ asOf: formatDate(index.asOf), config, records, diagnostics, repository: index, status: status ? fromStatusModel(status) : statusSourceFor({ index }), history });
}
