// The report's charts as Vega-Lite specifications, from the report model only. Rendering them
// to SVG (chartsSvg.ts) happens in Node, so neither the HTML report nor the dashboard runs a
// script to draw them. Each mark that stands for records carries an `href` the renderer decides
// (an anchor in the HTML report, a reveal request in the dashboard).
import { TREND_SEVERITIES, trendSeverity, type TrendSeverity } from '../history/gitHistory';
import { NONCONFORMITY_SEVERITIES } from '../model/model';
import { historyReason, THEME_LABELS, type ReportModel } from './reportModel';

/** The records a chart item stands for. */
export interface ChartTarget {
  ids: string[];
  /** The report section the item belongs to (HTML anchor without '#'). */
  section: string;
}

export type LinkFor = (target: ChartTarget) => string | undefined;

/**
 * How wide a chart is drawn: `wide` charts fill a cell of the report's two-column grid, `compact`
 * ones (the objectives, the heat map) a cell of a grid of narrower cells. The SVG scales to its
 * cell (html.ts); these widths are what its text is sized for.
 */
export type ChartSize = 'wide' | 'compact';
export const CHART_WIDTHS: Record<ChartSize, number> = { wide: 540, compact: 330 };

export interface ChartSpec {
  id: string;
  title: string;
  size: ChartSize;
  /** Why the chart is absent (no history, no data). */
  empty?: string;
  spec?: Record<string, unknown>;
  /** What the chart shows, for screen readers and the Markdown report. */
  description: string;
}

export const SEVERITY_COLOURS: Record<TrendSeverity, string> = { major: '#cf222e', minor: '#e16f24', observation: '#bf8700', opportunity: '#1f6feb', unspecified: '#8c959f' };
const STATE_COLOURS: Record<string, string> = {
  implemented: '#2da44e', partial: '#8fd18f', planned: '#e3b341', 'not-implemented': '#cf222e', unknown: '#8c959f', 'not-applicable': '#afb8c1', 'no-record': '#6e40c9',
};
const STATE_ORDER = ['implemented', 'partial', 'planned', 'not-implemented', 'unknown', 'not-applicable', 'no-record'];

const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: null,
  // The width given is the whole chart's (axes and legend included), so every chart of a size has
  // the same width and, scaled to the same cell, the same text size.
  autosize: { type: 'fit-x', contains: 'padding' },
  config: {
    font: 'system-ui, -apple-system, Segoe UI, sans-serif',
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' },
    legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', columns: 4, labelLimit: 260 },
  },
};

function chart(id: string, title: string, size: ChartSize, description: string, spec: Record<string, unknown>): ChartSpec {
  // The description is the figure's aria-label (html.ts), not part of the spec: charts that differ
  // only in their data then share one compiled view (chartsSvg.ts).
  return { id, title, size, description, spec: { ...BASE, width: CHART_WIDTHS[size], ...spec } };
}

function noChart(id: string, title: string, size: ChartSize, empty: string): ChartSpec {
  return { id, title, size, description: title, empty };
}

const AGE_BUCKETS: ReadonlyArray<[label: string, max: number]> = [['0–30 d', 30], ['31–90 d', 90], ['91–180 d', 180], ['181–365 d', 365], ['> 1 year', Infinity]];

export function reportCharts(model: ReportModel, link: LinkFor): ChartSpec[] {
  return [...trendCharts(model, link), ageChart(model, link), closeChart(model, link), coverageChart(model, link), ...objectiveCharts(model, link), heatMapChart(model, link)];
}

function trendCharts(model: ReportModel, link: LinkFor): ChartSpec[] {
  const severityTitle = 'Open nonconformities per month by severity';
  const overdueTitle = 'Overdue actions per month';
  const t = model.trend;
  if (t.months.length === 0) {
    const empty = model.history.available ? 'No months of history yet.' : `No git history: ${historyReason(model)}.`;
    return [noChart('trend', severityTitle, 'wide', empty), noChart('overdue-trend', overdueTitle, 'wide', empty)];
  }
  const span = `${t.months[0]} to ${t.months[t.months.length - 1]}`;
  // Every month of the trend is on the axis, also those without a bar.
  const monthAxis = { field: 'month', type: 'ordinal', title: null, scale: { domain: t.months }, axis: { labelAngle: -40 } };
  // Severities that never had an open nonconformity in the window are left out of the legend.
  const severities = TREND_SEVERITIES.filter((s) => t.openNonconformitiesBySeverity[s].some((n) => n > 0));
  // This month's bars stand for today's open nonconformities: they link to the corrective action log.
  const now = t.months.length - 1;
  const openNow = model.nonconformities.filter((n) => n.open);
  const values = t.months.flatMap((month, i) => severities.flatMap((severity) => {
    const n = t.openNonconformitiesBySeverity[severity][i] ?? 0;
    if (n === 0) return [];
    const ids = i === now ? openNow.filter((nc) => trendSeverity(nc.severity) === severity).map((nc) => nc.id) : [];
    return [{ month, severity, n, total: t.openNonconformities[i] ?? 0, order: TREND_SEVERITIES.indexOf(severity), href: ids.length ? link({ ids, section: 'corrective-actions' }) ?? null : null }];
  }));
  const severityChart = chart('trend', severityTitle, 'wide', `${severityTitle}, ${span}: ${severities.map((s) => `${s} ${t.openNonconformitiesBySeverity[s][now]}`).join(', ') || 'none'} open at the end`, {
    height: 190, data: { values },
    mark: { type: 'bar', cursor: 'pointer' },
    encoding: {
      x: monthAxis,
      y: { field: 'n', type: 'quantitative', title: null, stack: 'zero', axis: { tickMinStep: 1 }, scale: { domainMin: 0 } },
      color: { field: 'severity', type: 'nominal', title: null, scale: { domain: severities, range: severities.map((s) => SEVERITY_COLOURS[s]) } },
      order: { field: 'order', type: 'quantitative' },
      href: { field: 'href' },
      tooltip: [{ field: 'month' }, { field: 'severity' }, { field: 'n', title: 'open' }, { field: 'total', title: 'open (all severities)' }],
    },
  });
  const overdue = t.months.map((month, i) => ({ month, n: t.overdueActions[i] ?? 0 }));
  const overdueChart = chart('overdue-trend', overdueTitle, 'wide', `${overdueTitle}, ${span}: ${t.overdueActions[now] ?? 0} at the end`, {
    height: 150, data: { values: overdue },
    layer: [
      { mark: { type: 'area', color: '#cf222e', opacity: 0.18, line: false } },
      { mark: { type: 'line', color: '#cf222e', point: { color: '#cf222e' } } },
    ],
    encoding: {
      x: monthAxis,
      y: { field: 'n', type: 'quantitative', title: null, axis: { tickMinStep: 1 }, scale: { domainMin: 0 } },
      tooltip: [{ field: 'month' }, { field: 'n', title: 'overdue actions' }],
    },
  });
  return [severityChart, overdueChart];
}

function ageChart(model: ReportModel, link: LinkFor): ChartSpec {
  const title = 'Age of open nonconformities';
  const open = model.nonconformities.filter((n) => n.open && n.daysOpen !== undefined);
  if (open.length === 0) return noChart('age', title, 'wide', 'No open nonconformities.');
  const values: Array<Record<string, unknown>> = [];
  for (const [bucket, max] of AGE_BUCKETS) {
    const min = AGE_BUCKETS[AGE_BUCKETS.findIndex(([b]) => b === bucket) - 1]?.[1] ?? -1;
    for (const severity of NONCONFORMITY_SEVERITIES) {
      const ids = open.filter((n) => n.severity === severity && n.daysOpen! > min && n.daysOpen! <= max).map((n) => n.id);
      if (ids.length) values.push({ bucket, severity, n: ids.length, href: link({ ids, section: 'corrective-actions' }) ?? null });
    }
  }
  return chart('age', title, 'wide', `${title}: ${open.length} by days open and severity`, {
    height: 180, data: { values },
    mark: { type: 'bar', cursor: 'pointer' },
    encoding: {
      x: { field: 'bucket', type: 'ordinal', title: 'days open', sort: AGE_BUCKETS.map(([b]) => b), axis: { labelAngle: 0 } },
      y: { field: 'n', type: 'quantitative', title: null, axis: { tickMinStep: 1 } },
      color: severityColour(),
      href: { field: 'href' },
      tooltip: [{ field: 'bucket', title: 'days open' }, { field: 'severity' }, { field: 'n', title: 'nonconformities' }],
    },
  });
}

function closeChart(model: ReportModel, link: LinkFor): ChartSpec {
  const title = 'Days to close per quarter';
  const closed = model.nonconformities.filter((n) => n.daysToClose !== undefined && n.closed);
  if (closed.length === 0) return noChart('close', title, 'wide', 'No closed nonconformities with raised and closed dates.');
  const quarters = new Map<string, { days: number[]; ids: string[] }>();
  for (const n of closed) {
    const q = `${n.closed!.slice(0, 4)}-Q${Math.floor((Number(n.closed!.slice(5, 7)) - 1) / 3) + 1}`;
    const entry = quarters.get(q) ?? { days: [], ids: [] };
    entry.days.push(n.daysToClose!);
    entry.ids.push(n.id);
    quarters.set(q, entry);
  }
  const values = [...quarters.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([quarter, { days, ids }]) => {
    const sorted = [...days].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
    return { quarter, median, max: sorted[sorted.length - 1], closed: ids.length, href: link({ ids, section: 'corrective-actions' }) ?? null };
  });
  return chart('close', title, 'wide', `${title}: median days from raised to closed`, {
    height: 180, data: { values },
    layer: [
      { mark: { type: 'bar', color: '#2da44e', cursor: 'pointer' }, encoding: { y: { field: 'median', type: 'quantitative', title: 'median days' }, href: { field: 'href' } } },
      { mark: { type: 'tick', color: '#57606a', thickness: 2 }, encoding: { y: { field: 'max', type: 'quantitative' } } },
    ],
    encoding: {
      x: { field: 'quarter', type: 'ordinal', title: null, axis: { labelAngle: 0 } },
      tooltip: [{ field: 'quarter' }, { field: 'closed', title: 'closed' }, { field: 'median', title: 'median days' }, { field: 'max', title: 'longest (days)' }],
    },
  });
}

function coverageChart(model: ReportModel, link: LinkFor): ChartSpec {
  const title = 'Control coverage per theme';
  const counts = new Map<string, string[]>();
  for (const c of model.soa) {
    const key = `${c.theme}\u0000${c.state}`;
    counts.set(key, [...(counts.get(key) ?? []), c.id]);
  }
  const values = [...counts.entries()].map(([key, ids]) => {
    const [theme, state] = key.split('\u0000');
    return { theme: THEME_LABELS[theme] ?? theme, state, n: ids.length, order: STATE_ORDER.indexOf(state), href: link({ ids, section: 'soa' }) ?? null };
  });
  return chart('coverage', title, 'wide', `${title}: Statement of Applicability entries by state`, {
    height: 150, data: { values },
    mark: { type: 'bar', cursor: 'pointer' },
    encoding: {
      y: { field: 'theme', type: 'nominal', title: null, sort: Object.values(THEME_LABELS) },
      x: { field: 'n', type: 'quantitative', title: 'controls', stack: 'zero' },
      color: { field: 'state', type: 'nominal', title: null, scale: { domain: STATE_ORDER, range: STATE_ORDER.map((s) => STATE_COLOURS[s]) }, legend: { columns: 3 } },
      order: { field: 'order', type: 'quantitative' },
      href: { field: 'href' },
      tooltip: [{ field: 'theme' }, { field: 'state' }, { field: 'n', title: 'controls' }],
    },
  });
}

const MAX_OBJECTIVE_CHARTS = 24;

function objectiveCharts(model: ReportModel, link: LinkFor): ChartSpec[] {
  return model.objectives.filter((o) => o.measurements.length > 0 && o.target !== undefined).slice(0, MAX_OBJECTIVE_CHARTS).map((o) => {
    const title = `${o.id}: ${o.title}`;
    const href = link({ ids: [o.id], section: 'objectives' }) ?? null;
    // Everything that differs between objectives is in the data (the target too, and whether the
    // objective is off target), so their charts share one view; only the unit (the axis title) is in the spec.
    const values = o.measurements.map((m) => ({ date: m.date, value: m.value, target: o.target, track: o.offTarget ? 'off' : 'on', href }));
    const unit = o.unit ? ` (${o.unit})` : '';
    return chart(`objective-${o.id}`, title, 'compact', `${o.title}: measurements against the target ${o.direction === 'at-least' ? 'of at least' : 'of at most'} ${o.target}${unit}`, {
      height: 120, data: { values },
      // The y scale spans the measurements and the target (both layers' fields).
      resolve: { scale: { y: 'shared' } },
      layer: [
        { mark: { type: 'line', point: true, cursor: 'pointer' }, encoding: {
          x: { field: 'date', type: 'ordinal', title: null, axis: { labelAngle: -40 } },
          y: { field: 'value', type: 'quantitative', title: o.unit ?? null, scale: { zero: false, nice: true } },
          color: { field: 'track', type: 'nominal', scale: { domain: ['on', 'off'], range: ['#1f6feb', '#cf222e'] }, legend: null },
          href: { field: 'href' }, tooltip: [{ field: 'date' }, { field: 'value' }] } },
        { mark: { type: 'rule', strokeDash: [4, 3], color: '#57606a' }, encoding: { y: { field: 'target', aggregate: 'max', type: 'quantitative' } } },
      ],
    });
  });
}

function heatMapChart(model: ReportModel, link: LinkFor): ChartSpec {
  const title = 'Risk heat map (likelihood × impact)';
  if (model.risks.filter((r) => r.open).length === 0) return noChart('heatmap', title, 'compact', 'No open risks in the register.');
  const values = model.heatMap.map((cell) => ({
    likelihood: cell.likelihood, impact: cell.impact, score: cell.likelihood * cell.impact, n: cell.risks.length, label: cell.risks.length ? String(cell.risks.length) : '',
    href: cell.risks.length ? link({ ids: cell.risks, section: 'risks' }) ?? null : null,
  }));
  return chart('heatmap', title, 'compact', `${title} of the open risks (current score: residual when assessed)`, {
    height: 240, data: { values },
    encoding: {
      x: { field: 'impact', type: 'ordinal', title: 'impact', sort: [1, 2, 3, 4, 5], axis: { labelAngle: 0 } },
      y: { field: 'likelihood', type: 'ordinal', title: 'likelihood', sort: [5, 4, 3, 2, 1] },
    },
    layer: [
      { mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1, cursor: 'pointer' }, encoding: {
        color: { field: 'score', type: 'quantitative', title: 'score', scale: { domain: [1, 25], range: ['#dafbe1', '#fff8c5', '#ffd8b5', '#ffcecb', '#cf222e'] }, legend: null },
        href: { field: 'href' }, tooltip: [{ field: 'likelihood' }, { field: 'impact' }, { field: 'score' }, { field: 'n', title: 'risks' }] } },
      { mark: { type: 'text', fontSize: 13, fontWeight: 'bold', color: '#24292f' }, encoding: { text: { field: 'label' } } },
    ],
  });
}

function severityColour(): Record<string, unknown> {
  return { field: 'severity', type: 'nominal', title: null, scale: { domain: [...NONCONFORMITY_SEVERITIES], range: NONCONFORMITY_SEVERITIES.map((s) => SEVERITY_COLOURS[s]) } };
}
