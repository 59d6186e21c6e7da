// `isms report --format html`: one self-contained file. Inline CSS (allowed by its hash in a
// strict Content-Security-Policy) and inline SVG charts; no script, no external URL, nothing
// fetched. Record text is always escaped: it is data, never markup. Light and dark follow the
// reader's colour scheme; print styles start each section on a new page.
import { createHash } from 'node:crypto';
import { anchorFor, type Block, type Cell, type ReportDocument, type Row } from './document';
import { CHART_WIDTHS } from './charts';
import type { RenderedChart } from './chartsSvg';

const HTML_SPECIAL = /[&<>"']/;
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  // Most record text has nothing to escape: no copy, no callback per character then.
  return HTML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]) : text;
}

/** Text with its line breaks kept. */
function textHtml(text: string): string {
  const escaped = escapeHtml(text);
  return escaped.includes('\n') ? escaped.replace(/\n/g, '<br>') : escaped;
}

/**
 * The charts' layout and colours, shared with the dashboard (which sets the variables from VS Code's
 * theme): a grid of cells each chart's SVG scales to (charts.ts draws them for CHART_WIDTHS), up to
 * a third larger than drawn so the text never grows much; axis and legend text and the grid lines
 * take the theme's colours, the marks keep theirs.
 */
export const CHART_CSS = `
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, ${CHART_WIDTHS.wide - 60}px), 1fr)); gap: 16px; margin: 8px 0 16px; }
.charts.compact { grid-template-columns: repeat(auto-fill, minmax(min(100%, ${CHART_WIDTHS.compact - 40}px), 1fr)); }
figure.chart { margin: 0; padding: 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); min-width: 0; }
figure.chart figcaption { font-weight: 600; margin-bottom: 4px; } .empty { color: var(--muted); font-style: italic; }
.chart svg { display: block; width: 100%; height: auto; max-width: ${Math.round(CHART_WIDTHS.wide * 1.34)}px; margin: 0 auto; }
.charts.compact .chart svg { max-width: ${Math.round(CHART_WIDTHS.compact * 1.34)}px; }
.chart svg .role-axis-label text, .chart svg .role-axis-title text, .chart svg .role-legend-label text, .chart svg .role-legend-title text { fill: var(--fg); }
.chart svg .role-axis-grid path, .chart svg .role-axis-grid line { stroke: var(--line); }
.chart svg .role-axis-domain line, .chart svg .role-axis-tick line { stroke: var(--muted); }
.chart svg a { cursor: pointer; }
`;

export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
  --ok: #1a7f37; --attention: #9a6700; --bad: #cf222e; --accent: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
  --ok: #3fb950; --attention: #d29922; --bad: #f85149; --accent: #4493f8; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 32px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
.subtitle { color: var(--muted); margin: 0 0 16px; }
nav ol { columns: 2; padding-left: 20px; } a { color: var(--accent); }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 12px 0 20px; }
.figure { display: block; text-decoration: none; color: inherit; border: 1px solid var(--line); border-left-width: 4px; border-radius: 6px; padding: 10px 12px; background: var(--panel); }
.figure .value { font-size: 24px; font-weight: 600; } .figure .label { color: var(--muted); font-size: 12px; }
.figure.ok { border-left-color: var(--ok); } .figure.attention { border-left-color: var(--attention); } .figure.bad { border-left-color: var(--bad); } .figure.neutral { border-left-color: var(--line); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 18px; font-size: 12.5px; }
/* On a narrow screen a wide table scrolls sideways instead of widening the page (its header then
   stays at the top of the table, not of the window). */
@media screen and (max-width: 900px) { .table { overflow-x: auto; } .table.wide table { min-width: 960px; } .table th { position: static; } }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--panel); position: sticky; top: 0; overflow-wrap: normal; word-break: keep-all; }
tr:target td { outline: 2px solid var(--accent); }
td.ok { color: var(--ok); } td.attention { color: var(--attention); } td.bad { color: var(--bad); font-weight: 600; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
${CHART_CSS}
@media print {
  :root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #ffffff; --line: #d1d9e0; --ok: #1a7f37; --attention: #9a6700; --bad: #cf222e; --accent: #0969da; }
  body { max-width: none; padding: 0; font-size: 11px; } nav { display: none; }
  section { break-before: page; } section:first-of-type { break-before: auto; }
  table { font-size: 10px; } th { position: static; } tr, figure.chart, .figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  /* One wide chart per line at about its drawn size, two compact ones: text stays readable on paper. */
  .charts { grid-template-columns: minmax(0, 1fr); } .charts.compact { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .chart svg { max-width: 560px; } .charts.compact .chart svg { max-width: 330px; }
}
`;

export function renderHtml(doc: ReportDocument): string {
  const css = REPORT_CSS;
  const hash = createHash('sha256').update(css).digest('base64');
  const csp = `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">', '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(`${doc.title} · ${doc.subtitle}`)}</title>`, `<style>${css}</style>`, '</head>', '<body>',
    `<header><h1>${escapeHtml(doc.title)}</h1><p class="subtitle">${escapeHtml(doc.subtitle)}</p></header>`,
    '<nav><ol>', ...doc.sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`), '</ol></nav>');
  for (const section of doc.sections) {
    out.push(`<section id="${section.id}">`, `<h2>${escapeHtml(section.title)}</h2>`);
    for (const block of section.blocks) out.push(renderBlock(block));
    out.push('</section>');
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

export function renderBlock(block: Block, figureLink: (ids: string[], section: string) => string = anchorLink): string {
  switch (block.type) {
    case 'paragraph':
      return `<p>${textHtml(block.text)}</p>`;
    case 'figures':
      return `<div class="figures">${block.figures.map((f) => `<a class="figure ${f.tone}" href="${escapeHtml(figureLink(f.ids, f.section))}" data-figure="${escapeHtml(f.key)}"><div class="value">${escapeHtml(f.value)}</div><div class="label">${escapeHtml(f.label)}</div></a>`).join('')}</div>`;
    case 'charts':
      return renderCharts(block.charts);
    case 'table':
      return renderTable(block.caption, block.columns, block.rows, block.empty);
  }
}

/** The charts in grids: consecutive charts of one size share a grid (wide and compact cells do not mix). */
export function renderCharts(charts: readonly RenderedChart[]): string {
  const grids: RenderedChart[][] = [];
  for (const c of charts) {
    const last = grids[grids.length - 1];
    if (last && last[0].size === c.size) last.push(c);
    else grids.push([c]);
  }
  return grids.map((grid) => `<div class="charts${grid[0].size === 'compact' ? ' compact' : ''}">${grid.map((c) => `<figure class="chart" data-chart="${escapeHtml(c.id)}"><figcaption>${escapeHtml(c.title)}</figcaption>${
    c.svg ? `<div role="img" aria-label="${escapeHtml(c.description)}">${c.svg}</div>` : `<p class="empty">${escapeHtml(c.empty ?? '')}</p>`}</figure>`).join('')}</div>`).join('');
}

function anchorLink(ids: string[], section: string): string {
  return ids.length === 1 ? `#${anchorFor(ids[0])}` : `#${section}`;
}

function renderTable(caption: string | undefined, columns: readonly string[], rows: readonly Row[], empty: string): string {
  if (rows.length === 0) return empty ? `${caption ? `<p><strong>${escapeHtml(caption)}</strong></p>` : ''}<p class="empty">${escapeHtml(empty)}</p>` : '';
  const head = `<thead><tr>${columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((row) => `<tr${row.anchor ? ` id="${escapeHtml(row.anchor)}"` : ''}>${row.cells.map(cellHtml).join('')}</tr>`).join('\n');
  return `<div class="table${columns.length > 6 ? ' wide' : ''}"><table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}${head}<tbody>\n${body}\n</tbody></table></div>`;
}

function cellHtml(cell: Cell | string): string {
  const c = typeof cell === 'string' ? { text: cell } : cell;
  const content = c.code && c.text ? `<code>${textHtml(c.text)}</code>` : textHtml(c.text);
  return `<td${c.tone && c.tone !== 'neutral' ? ` class="${c.tone}"` : ''}>${content}</td>`;
}
