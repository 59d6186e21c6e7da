// The ISMS dashboard: a webview with the report's summary figures and charts for one workspace
// folder, and *ISMS: Export report…*. Everything comes from the report model (src/core/report),
// built from the folder's live index; the report bundle (dist/report.js) is loaded on first use.
// The page is rendered in the extension (SVG charts, no remote content) under a strict CSP; its one
// script (with a nonce) only posts which item was clicked. While the panel is hidden, edits only
// mark it stale: it is rebuilt when shown again.
import * as vscode from 'vscode';
import { loadReportModule, type ReportModule } from '../../core/report/lazy';
import type { ReportModel } from '../../core/report/reportModel';
import type { locate } from '../../core/views/viewModel';
import type { IsmsFolder } from '../ismsFolder';
import type { IsmsServices } from '../services';
import { readSettings } from '../settings';

declare const ISMS_VERSION: string | undefined;
const VERSION = typeof ISMS_VERSION === 'string' ? ISMS_VERSION : '0.0.0-dev';
const REFRESH_DEBOUNCE_MS = 400;

/** What the dashboard shows, for tests: the figures by key and the click targets. */
export interface DashboardState {
  folder: string;
  figures: Record<string, string>;
  /** The records behind each figure key. */
  figureIds: Record<string, string[]>;
  charts: string[];
  /** How many times the page was rendered (live updates). */
  renders: number;
}

export interface DashboardHandle {
  readonly panel: vscode.WebviewPanel;
  state(): DashboardState | undefined;
  /** Resolves after the next render. */
  whenRendered(): Promise<DashboardState>;
  /** What a click on a figure (by key) or a chart item (by target number) does. */
  click(target: { figure: string } | { target: number }): Promise<void>;
}

interface Target {
  ids: string[];
  section: string;
}

class Dashboard implements DashboardHandle {
  private targets: Target[] = [];
  private figureTargets = new Map<string, Target>();
  private current: DashboardState | undefined;
  private stale = true;
  private timer: NodeJS.Timeout | undefined;
  private renders = 0;
  private waiting: Array<(s: DashboardState) => void> = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly panel: vscode.WebviewPanel, private readonly services: IsmsServices, private readonly helpers: DashboardHelpers, private folder: IsmsFolder, onDispose: () => void) {
    this.disposables.push(
      services.workspace.onDidChange(() => this.changed()),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) this.schedule(0);
      }),
      panel.webview.onDidReceiveMessage((m: unknown) => this.received(m)),
      panel.onDidDispose(() => {
        if (this.timer) clearTimeout(this.timer);
        for (const d of this.disposables) d.dispose();
        onDispose();
      }),
    );
    this.schedule(0);
  }

  state(): DashboardState | undefined {
    return this.current;
  }

  whenRendered(): Promise<DashboardState> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  show(folder: IsmsFolder): void {
    if (folder !== this.folder) {
      this.folder = folder;
      this.schedule(0);
    }
    this.panel.reveal();
  }

  async click(target: { figure: string } | { target: number }): Promise<void> {
    const t = 'figure' in target ? this.figureTargets.get(target.figure) : this.targets[target.target];
    if (!t) return;
    await revealRecords(this.services, this.helpers, this.folder, t);
  }

  private changed(): void {
    this.stale = true;
    if (this.panel.visible) this.schedule(REFRESH_DEBOUNCE_MS);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.render().catch((e: unknown) => this.services.log.error(`dashboard: ${(e as Error).stack ?? e}`));
    }, delay);
  }

  private async render(): Promise<void> {
    if (!this.panel.visible) return; // rebuilt when shown again
    this.stale = false;
    const report = await loadReportModule();
    const folder = this.folder;
    const webview = this.panel.webview;
    const nonce = newNonce();
    if (folder.configError || !readSettings(folder.folder).enable) {
      this.targets = [];
      this.figureTargets.clear();
      webview.html = page(report, nonce, folder.folder.name, `<p class="empty">${report.escapeHtml(folder.configError ? `${folder.configError.message}. The dashboard is paused until the config is fixed.` : 'ISMS checks are turned off for this folder (isms.enable).')}</p>`);
      this.rendered({ folder: folder.folder.name, figures: {}, figureIds: {}, charts: [], renders: ++this.renders });
      return;
    }
    const model = report.reportFromIndex(folder.index, folder.config, folder.status, historyOf(this.services, report, folder));
    const targets: Target[] = [];
    const link = (t: Target) => {
      targets.push(t);
      return `#reveal-${targets.length - 1}`;
    };
    const charts = await report.renderCharts(report.reportCharts(model, link));
    const figures = report.summaryFigures(model);
    this.targets = targets;
    this.figureTargets = new Map(figures.map((f) => [f.key, { ids: f.ids, section: f.section }]));
    const body = [
      `<p class="subtitle">${report.escapeHtml(`${folder.folder.name} · as of ${model.asOf}${readSettings(folder.folder).asOf ? ' (setting isms.asOf)' : ''}`)}</p>`,
      report.renderBlock({ type: 'figures', figures }, () => '#'),
      report.renderChartsHtml(charts),
      readiness(report, model),
    ].join('\n');
    webview.html = page(report, nonce, folder.folder.name, body);
    this.rendered({
      folder: folder.folder.name,
      figures: Object.fromEntries(figures.map((f) => [f.key, f.value])),
      figureIds: Object.fromEntries(figures.map((f) => [f.key, f.ids])),
      charts: charts.filter((c) => c.svg).map((c) => c.id),
      renders: ++this.renders,
    });
  }

  private rendered(state: DashboardState): void {
    this.current = state;
    for (const resolve of this.waiting.splice(0)) resolve(state);
  }

  private received(message: unknown): void {
    const m = message as { type?: string; figure?: unknown; target?: unknown };
    if (m?.type !== 'reveal') return;
    if (typeof m.figure === 'string') void this.click({ figure: m.figure });
    else if (typeof m.target === 'number' && Number.isInteger(m.target)) void this.click({ target: m.target });
  }
}

/** The folder's git history as the editor last read it (trail and trend), if it was read. */
function historyOf(services: IsmsServices, report: ReportModule, folder: IsmsFolder): ReturnType<ReportModule['historyReport']> | undefined {
  const result = services.workspace.historyOf(folder)?.result;
  return result ? report.historyReport(result, folder.index.records(), folder.index.asOf) : undefined;
}

function readiness(report: ReportModule, model: ReportModel): string {
  const rows = model.readiness.map((r) => `<tr><td>${report.escapeHtml(r.area)}</td><td>${report.escapeHtml(r.clause)}</td><td class="${r.findings ? 'attention' : 'ok'}">${r.findings}</td></tr>`).join('');
  return `<table><caption>Findings of the rules by area</caption><thead><tr><th>Area</th><th>Clause</th><th>Findings</th></tr></thead><tbody>${rows}</tbody></table>`;
}

// The charts' CSS is the report's (report.CHART_CSS), on these variables taken from the theme.
const DASHBOARD_CSS = `
:root { --fg: var(--vscode-foreground); --muted: var(--vscode-descriptionForeground); --line: var(--vscode-panel-border); --panel: transparent; }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 12px 20px; }
.subtitle { color: var(--vscode-descriptionForeground); }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 8px; margin: 8px 0 16px; }
.figure { display: block; text-decoration: none; color: inherit; border: 1px solid var(--vscode-panel-border); border-left-width: 4px; border-radius: 4px; padding: 8px 10px; background: var(--vscode-sideBar-background); cursor: pointer; }
.figure:focus { outline: 1px solid var(--vscode-focusBorder); }
.figure .value { font-size: 22px; font-weight: 600; } .figure .label { color: var(--vscode-descriptionForeground); font-size: 12px; }
.figure.ok { border-left-color: var(--vscode-charts-green); } .figure.attention { border-left-color: var(--vscode-charts-yellow); }
.figure.bad { border-left-color: var(--vscode-charts-red); } .figure.neutral { border-left-color: var(--vscode-panel-border); }
table { border-collapse: collapse; margin: 16px 0; } caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--vscode-panel-border); padding: 3px 8px; text-align: left; }
td.ok { color: var(--vscode-charts-green); } td.attention { color: var(--vscode-charts-yellow); }
`;

// Posts a reveal request for a clicked figure (data-figure) or chart item (href #reveal-N); nothing else.
const SCRIPT = `(() => {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const el = event.target instanceof Element ? event.target : null;
    const figure = el && el.closest('[data-figure]');
    if (figure) { event.preventDefault(); vscode.postMessage({ type: 'reveal', figure: figure.getAttribute('data-figure') }); return; }
    const link = el && el.closest('a');
    const href = link && (link.getAttribute('href') || link.getAttribute('xlink:href') || '');
    const m = href && /^#reveal-(\\d+)$/.exec(href);
    if (m) { event.preventDefault(); vscode.postMessage({ type: 'reveal', target: Number(m[1]) }); }
  });
})();`;

/** The page: nothing is loaded, not even from the extension (no webview.cspSource in the CSP). */
function page(report: ReportModule, nonce: string, title: string, body: string): string {
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:;`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${report.escapeHtml(`ISMS dashboard · ${title}`)}</title><style nonce="${nonce}">${DASHBOARD_CSS}${report.CHART_CSS}</style></head>
<body><h1>ISMS dashboard</h1>
${body}
<script nonce="${nonce}">${SCRIPT}</script></body></html>`;
}

function newNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let nonce = '';
  for (let i = 0; i < 32; i++) nonce += chars.charAt(Math.floor(Math.random() * chars.length));
  return nonce;
}

/** Opens the record behind a click (one: directly; several: the user picks) and reveals it in the sidebar. */
async function revealRecords(services: IsmsServices, helpers: DashboardHelpers, folder: IsmsFolder, target: Target): Promise<void> {
  if (target.ids.length === 0) {
    if (target.section === 'diagnostics') await vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  let id = target.ids[0];
  if (target.ids.length > 1) {
    const items = target.ids.map((i) => {
      const record = folder.index.recordsWithId(i)[0];
      const title = record && typeof record.value.title === 'string' ? record.value.title : undefined;
      return { label: i, description: title ?? (record ? '' : 'Annex A control without a record'), id: i };
    });
    const picked = await services.prompts.quickPick(items, { title: 'ISMS dashboard', placeHolder: `${items.length} records: open which?`, matchOnDescription: true });
    if (!picked) return;
    id = picked.id;
  }
  const record = folder.index.recordsWithId(id)[0];
  if (!record) {
    // An Annex A control without a Control record: show it in the Controls view.
    await vscode.commands.executeCommand('isms.controls.focus');
    services.prompts.message('info', `${id} has no Control record yet: the Statement of Applicability does not say whether it applies.`);
    return;
  }
  const location = helpers.locate(folder.index, record);
  const range = new vscode.Range(location.range.start.line, location.range.start.character, location.range.end.line, location.range.end.character);
  const document = await vscode.workspace.openTextDocument(folder.uriOf(location.file));
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  editor.selection = new vscode.Selection(range.start, range.start);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (record.kind === 'Nonconformity' || record.kind === 'ManagementReview' || record.kind === 'Control') {
    await vscode.commands.executeCommand('isms.revealInSidebar').then(undefined, () => undefined);
  }
}

async function pickFolder(services: IsmsServices): Promise<IsmsFolder | undefined> {
  const active = vscode.window.activeTextEditor && services.workspace.folderFor(vscode.window.activeTextEditor.document.uri);
  if (active) return active;
  const folders = [...services.workspace.folders.values()];
  if (folders.length <= 1) return folders[0];
  const picked = await services.prompts.quickPick(folders.map((f) => ({ label: f.folder.name, description: f.root, folder: f })), { placeHolder: 'Workspace folder' });
  return picked?.folder;
}

const FORMATS = [
  { label: 'HTML', description: 'one self-contained file with charts; print it to PDF from a browser', format: 'html', ext: 'html', filters: { HTML: ['html'] } },
  { label: 'Markdown', description: 'for the repository or a wiki', format: 'md', ext: 'md', filters: { Markdown: ['md'] } },
  { label: 'Excel workbook (xlsx)', description: 'Summary, Corrective actions, Actions, Statement of Applicability, Risks', format: 'xlsx', ext: 'xlsx', filters: { Excel: ['xlsx'] } },
  { label: 'OSCAL POA&M (JSON)', description: 'plan of action and milestones of the open nonconformities', format: 'poam', ext: 'poam.json', filters: { JSON: ['json'] } },
] as const;

const apis = new WeakMap<IsmsServices, { current: () => Dashboard | undefined }>();

/** The open dashboard, for tests. */
export function dashboardHandle(services: IsmsServices): DashboardHandle | undefined {
  return apis.get(services)?.current();
}

export interface DashboardCommands {
  open(): Promise<DashboardHandle | undefined>;
  exportReport(format?: string, target?: vscode.Uri): Promise<vscode.Uri | undefined>;
  dispose(): void;
}

export interface DashboardHelpers {
  locate: typeof locate;
}

/** The commands' implementations (register.ts registers them at activation and calls these). */
export function dashboardCommands(services: IsmsServices, helpers: DashboardHelpers): DashboardCommands {
  let dashboard: Dashboard | undefined;
  apis.set(services, { current: () => dashboard });
  const open = async (): Promise<DashboardHandle | undefined> => {
    await services.workspace.whenIdle();
    const folder = await pickFolder(services);
    if (!folder) {
      services.prompts.message('info', 'ISMS dashboard: open a folder that holds an ISMS repository first.');
      return undefined;
    }
    if (dashboard) {
      dashboard.show(folder);
      return dashboard;
    }
    const panel = vscode.window.createWebviewPanel('isms.dashboard', 'ISMS dashboard', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: false });
    dashboard = new Dashboard(panel, services, helpers, folder, () => { dashboard = undefined; });
    return dashboard;
  };

  const exportReport = async (format?: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> => {
    await services.workspace.whenIdle();
    const folder = await pickFolder(services);
    if (!folder) {
      services.prompts.message('info', 'ISMS: Export report: open a folder that holds an ISMS repository first.');
      return undefined;
    }
    if (folder.configError) {
      services.prompts.message('error', `ISMS: Export report: ${folder.configError.message}; fix the config first.`);
      return undefined;
    }
    const choice = format !== undefined ? FORMATS.find((f) => f.format === format) : await services.prompts.quickPick([...FORMATS], { title: 'ISMS: Export report', placeHolder: 'Format' });
    if (!choice) return undefined;
    const uri = target ?? await vscode.window.showSaveDialog({
      title: `Export the ISMS report (${choice.label})`, filters: Object.fromEntries(Object.entries(choice.filters).map(([name, exts]) => [name, [...exts]])),
      defaultUri: vscode.Uri.joinPath(folder.folder.uri, `isms-report-${folder.asOf}.${choice.ext}`),
    });
    if (!uri) return undefined;
    const report = await loadReportModule();
    const model = report.reportFromIndex(folder.index, folder.config, folder.status, historyOf(services, report, folder));
    const content = choice.format === 'poam' ? report.poamJson(model, { repository: folder.folder.name, version: VERSION }) : await report.renderReport(model, choice.format, VERSION);
    try {
      await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    } catch (e) {
      services.prompts.message('error', `ISMS: Export report: cannot write ${uri.fsPath}: ${(e as Error).message}`);
      return undefined;
    }
    services.log.info(`exported the ${choice.label} report of ${folder.folder.name} as of ${model.asOf} to ${uri.fsPath}`);
    if (!target) {
      void vscode.window.showInformationMessage(`ISMS report written to ${vscode.workspace.asRelativePath(uri)}.`, 'Open').then(async (answer) => {
        if (answer !== 'Open') return;
        if (choice.format === 'md' || choice.format === 'poam') await vscode.window.showTextDocument(uri);
        else await vscode.env.openExternal(uri);
      });
    }
    return uri;
  };

  return {
    open, exportReport,
    dispose: () => {
      dashboard?.panel.dispose();
      apis.delete(services);
    },
  };
}
