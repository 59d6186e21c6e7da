// Renders the report's Vega-Lite charts to SVG strings in Node: compiled by vega-lite, run by a
// headless vega View, expressions evaluated by vega-interpreter (no code generated from strings).
// The SVG is inlined into the HTML report and the dashboard; it contains no script.
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

export async function renderCharts(charts: readonly ChartSpec[]): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const chart of charts) out.push(chart.spec ? { ...chart, svg: await renderSvg(chart.spec) } : chart);
  return out;
}

export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const { vega, compile, expressionInterpreter } = await load();
  const compiled = compile(spec as unknown as TopLevelSpec).spec;
  // No loader may fetch anything: the data is inline.
  const loader = vega.loader({ mode: 'http' });
  loader.load = () => Promise.reject(new Error('charts load no external data'));
  const view = new vega.View(vega.parse(compiled, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter, loader } as Vega.ViewOptions);
  try {
    const svg = await view.toSVG();
    // Inline SVG in HTML needs no namespace declarations; dropping them leaves no URL in the output.
    // A mark without records behind it (an empty heat-map cell) has a null href: vega writes "null",
    // a link to nowhere; it gets none.
    // The chart scales to its container: width 100% and the height from the viewBox's proportions.
    return svg.replace(/ xmlns(:xlink)?="[^"]*"/g, '').replace(/xlink:href=/g, 'href=').replace(/ href="null"/g, '')
      .replace(/^<svg([^>]*?) width="[\d.]+" height="[\d.]+"/, '<svg$1 width="100%" preserveAspectRatio="xMidYMin meet"');
  } finally {
    view.finalize();
  }
}
