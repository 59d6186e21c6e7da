// The report's charts as Vega-Lite specifications, from the report model only. Rendering them
// to SVG (chartsSvg.ts) happens in Node, so neither the HTML report nor the dashboard runs a
// script to draw them. Each mark that stands for records carries an `href` the renderer decides
// (an anchor in the HTML report, a reveal request in the dashboard).
import { NONCONFORMITY_SEVERITIES } from '../model/model';
import { historyReason, THEME_LABELS, type ReportModel } from './reportModel';

/** The records a chart item stands for. */
export interface ChartTarget {
  ids: string[];
  /** The report section the item belongs to (HTML anchor without '#'). */
  section: string;
}

export type LinkFor = (target: ChartTarget) => string | undefined;

export interface ChartSpec {
  id: string;
  title: string;
  /** Why the chart is absent (no history, no data). */
  empty?: string;
  spec?: Record<string, unknown>;
  /** What the chart shows, for screen readers and the Markdown report. */
  description: string;
}

export const SEVERITY_COLOURS: Record<string, string> = { major: '#cf222e', minor: '#e16f24', observation: '#bf8700', opportunity: '#1f6feb' };
const STATE_COLOURS: Record<string, string> = {
  implemented: '#2da44e', partial: '#8fd18f', planned: '#e3b341', 'not-implemented': '#cf222e', unknown: '#8c959f', 'not-applicable': '#afb8c1', 'no-record': '#6e40c9',
};
const STATE_ORDER = ['implemented', 'partial', 'planned', 'not-implemented', 'unknown', 'not-applicable', 'no-record'];

const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: null,
  config: {
    font: 'system-ui, -apple-system, Segoe UI, sans-serif',
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' },
    legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', columns: 4, labelLimit: 260 },
  },
};

function chart(id: string, title: string, description: string, spec: Record<string, unknown>): ChartSpec {
  return { id, title, description, spec: { ...BASE, description, ...spec } };
}

const AGE_BUCKETS: ReadonlyArray<[label: string, max: number]> = [['0–30 d', 30], ['31–90 d', 90], ['91–180 d', 180], ['181–365 d', 365], ['> 1 year', Infinity]];

export function reportCharts(model: ReportModel, link: LinkFor): ChartSpec[] {
  return [trendChart(model), ageChart(model, link), closeChart(model, link), coverageChart(model, link), ...objectiveCharts(model, link), heatMapChart(model, link)];
}

function trendChart(model: ReportModel): ChartSpec {
  const title = 'Open nonconformities and overdue actions per month';
  const t = model.trend;
  if (t.months.length === 0) {
    return { id: 'trend', title, description: title, empty: model.history.available ? 'No months of history yet.' : `No git history: ${historyReason(model)}.` };
  }
  const values = t.months.flatMap((month, i) => [
    { month, series: 'Open nonconformities', n: t.openNonconformities[i] ?? 0 },
    { month, series: 'Overdue actions', n: t.overdueActions[i] ?? 0 },
  ]);
  return chart('trend', title, `${title}, ${t.months[0]} to ${t.months[t.months.length - 1]}`, {
    width: 520, height: 180, data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'month', type: 'ordinal', title: null, sort: null, axis: { labelAngle: -40 } },
      y: { field: 'n', type: 'quantitative', title: null, axis: { tickMinStep: 1 } },
      color: { field: 'series', type: 'nominal', title: null, scale: { range: ['#cf222e', '#e16f24'] } },
      tooltip: [{ field: 'month' }, { field: 'series' }, { field: 'n', title: 'count' }],
    },
  });
}

function ageChart(model: ReportModel, link: LinkFor): ChartSpec {
  const title = 'Age of open nonconformities';
  const open = model.nonconformities.filter((n) => n.open && n.daysOpen !== undefined);
  if (open.length === 0) return { id: 'age', title, description: title, empty: 'No open nonconformities.' };
  const values: Array<Record<string, unknown>> = [];
  for (const [bucket, max] of AGE_BUCKETS) {
    const min = AGE_BUCKETS[AGE_BUCKETS.findIndex(([b]) => b === bucket) - 1]?.[1] ?? -1;
    for (const severity of NONCONFORMITY_SEVERITIES) {
      const ids = open.filter((n) => n.severity === severity && n.daysOpen! > min && n.daysOpen! <= max).map((n) => n.id);
      if (ids.length) values.push({ bucket, severity, n: ids.length, href: link({ ids, section: 'corrective-actions' }) ?? null });
    }
  }
  return chart('age', title, `${title}: ${open.length} by days open and severity`, {
    width: 360, height: 180, data: { values },
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
  if (closed.length === 0) return { id: 'close', title, description: title, empty: 'No closed nonconformities with raised and closed dates.' };
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
  return chart('close', title, `${title}: median days from raised to closed`, {
    width: 360, height: 180, data: { values },
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
  return chart('coverage', title, `${title}: Statement of Applicability entries by state`, {
    width: 420, height: 150, data: { values },
    mark: { type: 'bar', cursor: 'pointer' },
    encoding: {
      y: { field: 'theme', type: 'nominal', title: null, sort: Object.values(THEME_LABELS) },
      x: { field: 'n', type: 'quantitative', title: 'controls', stack: 'zero' },
      color: { field: 'state', type: 'nominal', title: null, scale: { domain: STATE_ORDER, range: STATE_ORDER.map((s) => STATE_COLOURS[s]) } },
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
    const values = o.measurements.map((m) => ({ date: m.date, value: m.value, target: o.target, href }));
    const unit = o.unit ? ` (${o.unit})` : '';
    return chart(`objective-${o.id}`, title, `${o.title}: measurements against the target ${o.direction === 'at-least' ? 'of at least' : 'of at most'} ${o.target}${unit}`, {
      width: 260, height: 120, data: { values },
      layer: [
        { mark: { type: 'line', point: true, color: o.offTarget ? '#cf222e' : '#1f6feb', cursor: 'pointer' }, encoding: {
          x: { field: 'date', type: 'ordinal', title: null, axis: { labelAngle: -40 } },
          y: { field: 'value', type: 'quantitative', title: o.unit ?? null, scale: { zero: false, nice: true, domain: [Math.min(o.target!, ...o.measurements.map((m) => m.value)), Math.max(o.target!, ...o.measurements.map((m) => m.value))] } }, href: { field: 'href' }, tooltip: [{ field: 'date' }, { field: 'value' }] } },
        { mark: { type: 'rule', strokeDash: [4, 3], color: '#57606a' }, encoding: { y: { datum: o.target } } },
      ],
    });
  });
}

function heatMapChart(model: ReportModel, link: LinkFor): ChartSpec {
  const title = 'Risk heat map (likelihood × impact)';
  if (model.risks.filter((r) => r.open).length === 0) return { id: 'heatmap', title, description: title, empty: 'No open risks in the register.' };
  const values = model.heatMap.map((cell) => ({
    likelihood: cell.likelihood, impact: cell.impact, score: cell.likelihood * cell.impact, n: cell.risks.length, label: cell.risks.length ? String(cell.risks.length) : '',
    href: cell.risks.length ? link({ ids: cell.risks, section: 'risks' }) ?? null : null,
  }));
  return chart('heatmap', title, `${title} of the open risks (current score: residual when assessed)`, {
    width: 220, height: 220, data: { values },
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
