// Renders the report's Vega-Lite charts to SVG strings in Node: compiled by vega-lite, run by a
// headless vega View, expressions evaluated by vega-interpreter (no code generated from strings).
// The SVG is inlined into the HTML report and the dashboard; it contains no script.
//
// Charts whose specifications differ only in their data (the objectives' charts, mostly) share one
// compiled view: the first compiles it, the others swap its data and draw again. Compiling and
// building a view is most of a chart's cost, and the drawing depends on nothing but the spec and the
// data, so the SVG is the same as a view of its own would give (tested).
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from './charts';

interface Libraries {
  vega: typeof Vega;
  compile: typeof import('vega-lite').compile;
  expressionInterpreter: unknown;
}

let libraries: Promise<Libraries> | undefined;

/** vega, vega-lite and vega-interpreter are ES modules: imported on first use. */
function load(): Promise<Libraries> {
  return (libraries ??= Promise.all([import('vega'), import('vega-lite'), import('vega-interpreter')]).then(([vega, vl, interpreter]) => ({
    vega: vega as typeof Vega, compile: vl.compile, expressionInterpreter: (interpreter as { expressionInterpreter: unknown }).expressionInterpreter,
  })));
}

export interface RenderedChart extends ChartSpec {
  svg?: string;
}

/** The name the inline data of a chart gets, so a shared view can be given another chart's. */
const DATA = 'chart_values';

export async function renderCharts(charts: readonly ChartSpec[], options: { shareViews?: boolean } = {}): Promise<RenderedChart[]> {
  const views = new Map<string, Vega.View>();
  try {
    const out: RenderedChart[] = [];
    for (const chart of charts) {
      if (!chart.spec) {
        out.push(chart);
        continue;
      }
      if (options.shareViews === false) {
        out.push({ ...chart, svg: await renderSvg(chart.spec) });
        continue;
      }
      const { values, spec } = splitData(chart.spec);
      const key = JSON.stringify(spec);
      let view = views.get(key);
      if (!view) views.set(key, (view = await newView(spec)));
      out.push({ ...chart, svg: await drawn(view, values) });
    }
    return out;
  } finally {
    for (const view of views.values()) view.finalize();
  }
}

/** One chart in a view of its own. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const { values, spec: named } = splitData(spec);
  const view = await newView(named);
  try {
    return await drawn(view, values);
  } finally {
    view.finalize();
  }
}

/** The spec with its inline data replaced by a named data source, and that data. */
function splitData(spec: Record<string, unknown>): { values: unknown[] | undefined; spec: Record<string, unknown> } {
  const data = spec.data as { values?: unknown } | undefined;
  if (!data || !Array.isArray(data.values) || Object.keys(data).length !== 1) return { values: undefined, spec };
  return { values: data.values, spec: { ...spec, data: { name: DATA } } };
}

async function newView(spec: Record<string, unknown>): Promise<Vega.View> {
  const { vega, compile, expressionInterpreter } = await load();
  const compiled = compile(spec as unknown as TopLevelSpec).spec;
  // No loader may fetch anything: the data is inline.
  const loader = vega.loader({ mode: 'http' });
  loader.load = () => Promise.reject(new Error('charts load no external data'));
  return new vega.View(vega.parse(compiled, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter, loader } as Vega.ViewOptions);
}

async function drawn(view: Vega.View, values: unknown[] | undefined): Promise<string> {
  // New data, and the layout (the padding for the axes' labels) computed again for it.
  if (values) view.data(DATA, values).resize();
  const svg = await view.toSVG();
  // Inline SVG in HTML needs no namespace declarations; dropping them leaves no URL in the output.
  // A mark without records behind it (an empty heat-map cell) has a null href: vega writes "null",
  // a link to nowhere; it gets none.
  // The chart scales to its container: width 100% and the height from the viewBox's proportions.
  return svg.replace(/ xmlns(:xlink)?="[^"]*"/g, '').replace(/xlink:href=/g, 'href=').replace(/ href="null"/g, '')
    .replace(/^<svg([^>]*?) width="[\d.]+" height="[\d.]+"/, '<svg$1 width="100%" preserveAspectRatio="xMidYMin meet"');
}
