// Commands that write new records from the core scaffolds: create a root cause analysis (also the
// `missing-rca` quick fix), prepare the next management review agenda, new nonconformity, new
// risk, new improvement plan, new audit programme and initialise an ISMS repository. Every question
// goes through services.prompts; files are never overwritten (all targets are checked before
// anything is written). Every write is announced with Open and Undo (services.announce); Undo
// deletes the files created, refusing when one changed since.
import { uriExists } from './workspaceFiles';
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { CONFIG_FILE } from '../core/config/config';
import { localToday, parseDate } from '../core/model/dates';
import { NONCONFORMITY_SEVERITIES, NONCONFORMITY_SOURCES, RISK_TREATMENTS } from '../core/model/model';
import {
  createAuditProgramme, createImprovementPlan, createManagementReview, createNonconformity, createRisk, createRootCauseAnalysis,
  initRepository, nonconformitiesWithoutRca, refreshManagementReview, ScaffoldRefused, SEVERITY_HELP, type RcaMethod, type Scaffold,
} from '../core/scaffold';
import type { IsmsFolder } from './ismsFolder';
import { announce, editAndSave, type FileChange, type IsmsServices } from './services';
import type { IsmsRecord } from '../core/model/records';
import { readSettings } from './settings';

import { SCAFFOLD_COMMANDS, type ScaffoldResult } from './scaffoldLoader';

class Cancelled extends Error {}

/** The scaffold commands' handlers by command id (registered by scaffoldLoader.ts, loaded on first use). */
export function scaffoldHandlers(services: IsmsServices): Record<string, (...args: unknown[]) => Promise<ScaffoldResult | undefined>> {
  const run = <A extends unknown[]>(name: string, handler: (...args: A) => Promise<ScaffoldResult | undefined>) =>
    async (...args: A): Promise<ScaffoldResult | undefined> => {
      if (!vscode.workspace.isTrusted) {
        services.prompts.message('warning', `${name} writes files and is disabled in untrusted workspaces.`);
        return undefined;
      }
      try {
        return await handler(...args);
      } catch (e) {
        if (e instanceof Cancelled) return undefined;
        if (e instanceof ScaffoldRefused) {
          services.prompts.message('warning', `${name}: ${e.message}`);
          return undefined;
        }
        services.log.error(`${name} failed: ${(e as Error).stack ?? e}`);
        services.prompts.message('error', `${name} failed: ${(e as Error).message}`);
        return undefined;
      }
    };

  const asked = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Cancelled();
    return value;
  };
  /** A text the command cannot do without (a title, an owner): asked, trimmed; dismissed or empty cancels. */
  const askRequired = async (options: { title: string; prompt: string; value?: string; missing: string }): Promise<string> => {
    const { missing, ...box } = options;
    const text = asked(await services.prompts.inputBox({ ...box, validateInput: (v) => (v.trim() ? undefined : missing) })).trim();
    if (!text) throw new Cancelled();
    return text;
  };

  return {
    [SCAFFOLD_COMMANDS.createRootCauseAnalysis]: run('Create root cause analysis', async (nonconformityId?: unknown) => {
      const folder = await ismsFolder(services);
      let ncId = typeof nonconformityId === 'string' && nonconformityId.trim() ? nonconformityId.trim() : undefined;
      if (!ncId) {
        const candidates = nonconformitiesWithoutRca(folder.index);
        if (candidates.length === 0) throw new ScaffoldRefused('every nonconformity already has a root cause analysis (or is rejected); there is none to create');
        const picked = asked(await services.prompts.quickPick(
          candidates.map((nc) => ({ label: nc.id!, description: [nc.value.severity, nc.value.status].filter((v) => typeof v === 'string').join(' · '), detail: typeof nc.value.title === 'string' ? nc.value.title : undefined })),
          { title: 'Create root cause analysis (clause 10.2 b)', placeHolder: 'Nonconformity without a root cause analysis' },
        ));
        ncId = picked.label;
      }
      const method = asked(await services.prompts.quickPick(
        [
          { label: 'five-whys', description: 'Five whys: ask "why?" until a cause you control is reached' },
          { label: 'fishbone', description: 'Fishbone: possible causes by category (people, process, technology, …)' },
        ],
        { title: `Root cause analysis of ${ncId}`, placeHolder: 'Method' },
      )).label as RcaMethod;
      // The link edit is computed from the nonconformity file's current text (unsaved edits included).
      const nc = folder.index.recordsWithId(ncId).find((r) => r.kind === 'Nonconformity');
      const document = nc ? await vscode.workspace.openTextDocument(folder.uriOf(nc.file)) : undefined;
      if (document) services.workspace.flush(document);
      const version = document?.version;
      const scaffold = createRootCauseAnalysis(folder.index, folder.config, { nonconformity: ncId, method, asOf: folder.asOf });
      if (document && folder.index.file(nc!.file)?.text !== document.getText()) {
        throw new ScaffoldRefused(`${nc!.file} changed while the analysis was prepared; nothing was written. Try again.`);
      }
      return writeScaffold(services, folder.folder, scaffold, 'Create root cause analysis',
        (created, updated) => `Created the ${method} root cause analysis ${created.join(', ')} of ${ncId}${updated.length > 0 ? ` and linked it from ${ncId}` : ''}`,
        async (path, edits) => (document && path === nc!.file ? editAndSave(services, document, version!, edits, 'Create root cause analysis') : undefined));
    }),

    [SCAFFOLD_COMMANDS.prepareManagementReview]: run('Prepare management review agenda', async () => {
      const folder = await ismsFolder(services);
      const markdownWanted = vscode.workspace.getConfiguration('isms', folder.folder).get<boolean>('reviewAgendaMarkdown', true);
      // A planned review is refreshed in place rather than refused (a held one never is).
      const planned = folder.index.records().filter((r) => r.kind === 'ManagementReview' && !r.broken && r.id && r.value.status === 'planned');
      if (planned.length > 0) {
        const picked = asked(await services.prompts.quickPick<vscode.QuickPickItem & { review?: IsmsRecord }>([
          ...planned.map((review) => ({ label: `Refresh ${review.id}`, description: `planned for ${String(review.value.date)}: update its pre-filled inputs, keep your text`, review })),
          { label: 'New review…', description: 'prepare the next management review' },
        ], { title: 'Prepare management review agenda (clause 9.3)', placeHolder: 'A planned review exists' }));
        if (picked.review) return refreshReview(services, folder, picked.review, markdownWanted);
      }
      const date = asked(await services.prompts.inputBox({
        title: 'Prepare management review agenda (clause 9.3)', prompt: 'Date of the review (YYYY-MM-DD); the inputs are filled in as of this date',
        value: folder.asOf, validateInput: (v) => (parseDate(v.trim()) === undefined ? 'Enter a real date as YYYY-MM-DD' : undefined),
      })).trim();
      const scaffold = createManagementReview(folder.index, folder.config, { date, asOf: folder.asOf, markdown: markdownWanted });
      return writeScaffold(services, folder.folder, scaffold, 'Prepare management review agenda', (created) => `Created the management review agenda of ${date}: ${created.join(' and ')}`);
    }),

    [SCAFFOLD_COMMANDS.newNonconformity]: run('New nonconformity', async () => {
      const folder = await ismsFolder(services);
      const title = await askRequired({
        title: 'New nonconformity (clause 10.2)', prompt: 'Title: what is wrong, in one line',
        missing: 'A title is required',
      });
      const severity = asked(await services.prompts.quickPick(
        NONCONFORMITY_SEVERITIES.map((s) => ({ label: s, description: SEVERITY_HELP[s] })), { title: `New nonconformity: ${title}`, placeHolder: 'Severity' },
      )).label;
      const source = asked(await services.prompts.quickPick(
        NONCONFORMITY_SOURCES.map((s) => ({ label: s })), { title: `New nonconformity: ${title}`, placeHolder: 'Source: how it was found' },
      )).label;
      const owner = await askRequired({
        title: `New nonconformity: ${title}`, prompt: 'Owner: who is responsible for handling it',
        value: (await gitUserEmail(folder.root)) ?? '', missing: 'An owner is required',
      });
      const scaffold = createNonconformity(folder.index, folder.config, { title, severity, source, owner, asOf: folder.asOf });
      return writeScaffold(services, folder.folder, scaffold, 'New nonconformity', (created) => `Created nonconformity ${idOf(created[0])} (${severity}, ${source}, owner ${owner}) in ${created.join(', ')}`);
    }),

    [SCAFFOLD_COMMANDS.newRisk]: run('New risk', async () => {
      const folder = await ismsFolder(services);
      const title = await askRequired({
        title: 'New risk (clause 6.1.2)', prompt: 'Title: what could go wrong, in one line',
        missing: 'A title is required',
      });
      const levels = [1, 2, 3, 4, 5].map((n) => ({ label: String(n), description: ['rare / negligible', 'unlikely / minor', 'possible / moderate', 'likely / major', 'almost certain / severe'][n - 1] }));
      const likelihood = Number(asked(await services.prompts.quickPick(levels, { title: `New risk: ${title}`, placeHolder: 'Likelihood before treatment (1-5)' })).label);
      const impact = Number(asked(await services.prompts.quickPick(levels, { title: `New risk: ${title}`, placeHolder: 'Impact before treatment (1-5)' })).label);
      const treatment = asked(await services.prompts.quickPick(
        RISK_TREATMENTS.map((t) => ({ label: t, description: { mitigate: 'apply controls to reduce it', accept: 'the owner accepts it as it is', avoid: 'stop the activity', transfer: 'insurance or contract' }[t] })),
        { title: `New risk: ${title} (score ${likelihood * impact})`, placeHolder: 'Treatment (clause 6.1.3 a)' },
      )).label;
      const owner = await askRequired({
        title: `New risk: ${title}`, prompt: 'Risk owner: who is accountable for the risk and accepts the residual risk',
        value: (await gitUserEmail(folder.root)) ?? '', missing: 'A risk owner is required',
      });
      const scaffold = createRisk(folder.index, folder.config, { title, owner, likelihood, impact, treatment, asOf: folder.asOf });
      return writeScaffold(services, folder.folder, scaffold, 'New risk', (created) => `Created risk ${idOf(created[0])} (score ${likelihood * impact}, ${treatment}, owner ${owner}) in ${created.join(', ')}`);
    }),

    [SCAFFOLD_COMMANDS.newImprovementPlan]: run('New improvement plan', async () => {
      const folder = await ismsFolder(services);
      const thisYear = Number(folder.asOf.slice(0, 4));
      const year = Number(asked(await services.prompts.inputBox({
        title: 'New improvement plan (clause 10.1)', prompt: 'Year of the plan; open opportunities and objectives off target become draft initiatives',
        value: String(thisYear), validateInput: (v) => (/^\d{4}$/.test(v.trim()) ? undefined : 'Enter a year like 2027'),
      })).trim());
      const owner = (await gitUserEmail(folder.root)) ?? 'ciso';
      const scaffold = createImprovementPlan(folder.index, folder.config, { year, asOf: folder.asOf, owner });
      return writeScaffold(services, folder.folder, scaffold, 'New improvement plan', (created) => `Created the draft improvement plan ${idOf(created[0])} for ${year} in ${created.join(', ')}; have top management ratify it`);
    }),

    [SCAFFOLD_COMMANDS.newAuditProgramme]: run('New audit programme', async () => {
      const folder = await ismsFolder(services);
      const owner = await askRequired({
        title: 'New audit programme (clause 9.2.2)', prompt: 'Owner of the programme; three years from next month, one planned internal audit a year',
        value: (await gitUserEmail(folder.root)) ?? '', missing: 'An owner is required',
      });
      const scaffold = createAuditProgramme(folder.index, folder.config, { asOf: folder.asOf, owner });
      return writeScaffold(services, folder.folder, scaffold, 'New audit programme', (created) => `Created audit programme ${idOf(created[0])} and its planned audits ${created.slice(1).map(idOf).join(', ')} in ${created.join(', ')}`);
    }),

    [SCAFFOLD_COMMANDS.initRepository]: run('Initialise ISMS repository', async () => {
      const folders = vscode.workspace.workspaceFolders ?? [];
      if (folders.length === 0) throw new ScaffoldRefused('open the folder to initialise first (File > Open Folder)');
      const folder = folders.length === 1 ? folders[0] : asked(await services.prompts.quickPick(
        folders.map((f) => ({ label: f.name, description: f.uri.fsPath, folder: f })), { title: 'Initialise ISMS repository', placeHolder: 'Workspace folder' },
      )).folder;
      if (await uriExists(vscode.Uri.joinPath(folder.uri, CONFIG_FILE))) throw new ScaffoldRefused(`${folder.name} already has ${CONFIG_FILE}; nothing was written`);
      const owner = await askRequired({
        title: 'Initialise ISMS repository', prompt: 'Owner of the example nonconformity (e.g. the ISMS manager)',
        value: (await gitUserEmail(folder.uri.fsPath)) ?? '', missing: 'An owner is required',
      });
      const asOf = readSettings(folder).asOf ?? localToday();
      return writeScaffold(services, folder, initRepository({ asOf, owner }), 'Initialise ISMS repository', (created) => `Initialised the ISMS repository in ${folder.name}: ${created.length} files written`);
    }),
  };
}

/**
 * Refreshes a planned review's pre-filled inputs in place (announced, with Undo) and rewrites its
 * Markdown agenda; the review's file is edited in the editor when it has unsaved text.
 */
async function refreshReview(services: IsmsServices, folder: IsmsFolder, planned: IsmsRecord, markdownWanted: boolean): Promise<ScaffoldResult | undefined> {
  const uri = folder.uriOf(planned.file);
  const document = await vscode.workspace.openTextDocument(uri);
  services.workspace.flush(document);
  const refusal = folder.editRefusal(uri);
  if (refusal) throw new ScaffoldRefused(refusal);
  const version = document.version;
  const review = folder.readDocument(document).records.find((r) => r.document === planned.document && r.id === planned.id);
  if (!review) throw new ScaffoldRefused(`${planned.id} is no longer in ${planned.file}; nothing was changed`);
  const refresh = refreshManagementReview(folder.index, folder.config, review, document.getText());
  const skipped = refresh.skipped.length > 0 ? `; left as they are (no pre-filled block): ${refresh.skipped.join(', ')}` : '';
  const what = 'Prepare management review agenda';
  const change = await editAndSave(services, document, version, refresh.edits, what);
  if (!change) return undefined;
  const changes = [change];
  const result: ScaffoldResult = { created: [], updated: [planned.file] };
  if (markdownWanted) {
    // The Markdown agenda is derived from the record (its first line says so): rewritten whole.
    const mdUri = vscode.Uri.joinPath(folder.folder.uri, ...refresh.markdown.path.split('/'));
    if (await uriExists(mdUri)) {
      const md = await vscode.workspace.openTextDocument(mdUri);
      const unsaved = md.isDirty;
      if (unsaved) services.prompts.message('warning', `${refresh.markdown.path} has unsaved changes; it was not rewritten.`);
      const mdChange = unsaved ? undefined : await editAndSave(services, md, md.version, [{ start: 0, end: md.getText().length, newText: refresh.markdown.text }], what);
      if (mdChange) {
        changes.push(mdChange);
        result.updated.push(refresh.markdown.path);
      }
    } else if (await createFiles(new Map([[mdUri, refresh.markdown.text]]))) {
      changes.push({ uri: mdUri, before: undefined, after: refresh.markdown.text, wasDirty: false });
      result.created.push(refresh.markdown.path);
    }
  }
  announce(services, what, `Refreshed the pre-filled inputs of ${review.id} as of ${String(review.value.date)} (${refresh.refreshed.join(', ')})${skipped}${result.created.length > 0 ? `; created ${result.created.join(', ')}` : ''}`,
    changes, uri, Math.min(...refresh.edits.map((e) => e.start), document.getText().length));
  return result;
}

/** The ISMS folder to work in: the only one, the active editor's, or the one picked; scans finished. */
async function ismsFolder(services: IsmsServices): Promise<IsmsFolder> {
  await services.workspace.whenIdle();
  const folders = [...services.workspace.folders.values()];
  if (folders.length === 0) throw new ScaffoldRefused('open an ISMS repository folder first, or run "ISMS: Initialise ISMS repository"');
  let folder: IsmsFolder | undefined;
  if (folders.length === 1) folder = folders[0];
  else {
    const active = vscode.window.activeTextEditor?.document.uri;
    folder = active ? services.workspace.folderFor(active) : undefined;
    if (!folder) {
      const picked = await services.prompts.quickPick(folders.map((f) => ({ label: f.folder.name, description: f.root, folder: f })), { placeHolder: 'Workspace folder' });
      if (!picked) throw new Cancelled();
      folder = picked.folder;
    }
  }
  if (folder.configError) throw new ScaffoldRefused(`${folder.configError.message}; fix ${CONFIG_FILE} first`);
  return folder;
}


function gitUserEmail(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.email'], { cwd, timeout: 5000 }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined));
  });
}

/** Creates the files (uri → text) in one edit that fails if any exists (nothing is overwritten). */
async function createFiles(files: Map<vscode.Uri, string>): Promise<boolean> {
  const creation = new vscode.WorkspaceEdit();
  for (const [uri, text] of files) creation.createFile(uri, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(text) });
  return files.size === 0 || vscode.workspace.applyEdit(creation);
}

function idOf(path: string | undefined): string {
  return (path ?? '').split('/').pop()!.replace(/\.ya?ml$/, '');
}

/**
 * Writes the scaffold's new files (refusing, before writing anything, if one exists), applies its
 * edits through `applyEdit`, opens the first new file with the placeholder to fill selected, and
 * announces the write (`summary` of the paths created and updated) with Open and Undo.
 */
async function writeScaffold(
  services: IsmsServices, folder: vscode.WorkspaceFolder, scaffold: Scaffold, what: string,
  summary: (created: string[], updated: string[]) => string,
  applyEdit?: (path: string, edits: Scaffold['edits'][number]['edits']) => Promise<FileChange | undefined>,
): Promise<ScaffoldResult> {
  const uriOf = (path: string) => vscode.Uri.joinPath(folder.uri, ...path.split('/'));
  for (const file of scaffold.files) {
    if (await uriExists(uriOf(file.path))) throw new ScaffoldRefused(`${file.path} already exists; nothing was written (the tools never overwrite a file)`);
  }
  // One edit for all files, created only if absent: a file appearing since the check above makes
  // the whole edit fail rather than be overwritten.
  if (!(await createFiles(new Map(scaffold.files.map((f) => [uriOf(f.path), f.text]))))) {
    throw new ScaffoldRefused(`${scaffold.files.map((f) => f.path).join(', ')} could not be created (does one exist now?); nothing was overwritten`);
  }
  const changes: FileChange[] = scaffold.files.map((f) => ({ uri: uriOf(f.path), before: undefined, after: f.text, wasDirty: false }));
  const updated: string[] = [];
  for (const edit of scaffold.edits) {
    const change = applyEdit ? await applyEdit(edit.path, edit.edits) : undefined;
    if (!change) services.prompts.message('warning', `${what}: ${edit.path} could not be updated; update it by hand.`);
    else {
      changes.push(change);
      updated.push(edit.path);
    }
  }
  const created = scaffold.files.map((f) => f.path);
  const opened = scaffold.cursor?.path ?? scaffold.files[0]?.path;
  if (opened) {
    const document = await vscode.workspace.openTextDocument(uriOf(opened));
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    if (scaffold.cursor) {
      const start = document.positionAt(scaffold.cursor.offset);
      const end = document.positionAt(scaffold.cursor.offset + scaffold.cursor.length);
      editor.selection = new vscode.Selection(start, end);
      editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }
  if (changes.length > 0) announce(services, what, summary(created, updated), changes, opened ? uriOf(opened) : changes[0].uri, scaffold.cursor?.offset);
  return { created, updated };
}
