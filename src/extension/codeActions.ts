// Quick fixes for ISMS diagnostics, each linked to its diagnostic. Edits that need no answer
// are returned as WorkspaceEdits; those that ask (dates, reasons, reviewers) run a command.
import * as vscode from 'vscode';
import { ANNEX_A_CONTROLS, control2013 } from '../core/catalog';
import { replaceAll2013Ids } from '../core/edits/successorEdits';
import { actionsIn } from '../core/edits/workItems';
import * as edits from '../core/edits/ismsEdits';
import { EditRefused, type TextEdit } from '../core/edits/textEdit';
import { recordAtOffset } from '../core/reading/ismsFile';
import type { IsmsDiagnostic } from '../core/model/model';
import { closest } from '../core/model/nearest';
import { referencesOf, type IsmsRecord } from '../core/model/records';
import { documentationUrl } from '../core/rules';
import { diagnosticCode, matchEngineDiagnostic } from './diagnosticConversion';
import { ADD_FIELD_COMMAND } from './addField';
import { RECORD_COMMANDS, type ActionTarget, type RecordTarget } from './recordCommands';
import { toWorkspaceEdit, type IsmsServices } from './services';
import { RECORD_DUE_CHANGE_COMMAND, type DueChangeTarget } from './historyCommands';

export const CREATE_RCA_COMMAND = 'isms.createRootCauseAnalysis';

export class IsmsCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly services: IsmsServices) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === 'isms');
    if (ours.length === 0) return [];
    // Asked for (Ctrl+.): apply the pending typed change first. The lightbulb's automatic request
    // after every keystroke does not force the re-check: it matches the diagnostics VS Code shows
    // against the engine's from the same check, and edits are computed from the current text.
    if (context.triggerKind === vscode.CodeActionTriggerKind.Invoke) this.services.workspace.flush(document);
    const folder = this.services.workspace.folderFor(document.uri);
    const relative = folder?.relativePath(document.uri);
    if (!folder || !relative) return [];
    const editable = vscode.workspace.isTrusted && folder.editRefusal(document.uri) === undefined;
    const engine = this.services.workspace.engineDiagnostics(document.uri);
    // Edits are computed from the document's current text, never from a stale index.
    const text = document.getText();
    const file = folder.readDocument(document);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const source = matchEngineDiagnostic(diagnostic, engine);
      const record = source?.path ? recordAtOffset(file, document.offsetAt(diagnostic.range.start)) : undefined;
      if (source && record && editable) actions.push(...this.fixesFor(document, text, diagnostic, source, record));
      const code = diagnosticCode(diagnostic);
      if (code && code !== 'config') {
        if (editable) {
          const disable = this.edit(document, diagnostic, `Disable ${code} for this line`, () => edits.disableForLine(text, document.offsetAt(diagnostic.range.start), code));
          if (disable) actions.push(disable);
        }
        const docs = new vscode.CodeAction(`Open documentation for ${code}`, vscode.CodeActionKind.QuickFix);
        docs.diagnostics = [diagnostic];
        docs.command = { command: 'vscode.open', title: docs.title, arguments: [vscode.Uri.parse(documentationUrl(code))] };
        actions.push(docs);
      }
    }
    return actions;
  }

  private fixesFor(document: vscode.TextDocument, text: string, diagnostic: vscode.Diagnostic, source: IsmsDiagnostic, record: IsmsRecord): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    const recordTarget: RecordTarget = { uri: document.uri.toString(), document: record.document };
    const path = source.path ?? [];
    switch (source.code) {
      case 'overdue-action':
      case 'action-due-soon': {
        const actionIndex = typeof path[1] === 'number' ? path[1] : undefined;
        if (actionIndex === undefined) break;
        const target: ActionTarget = { ...recordTarget, action: actionIndex };
        // Each asks before it writes (a date, a reason, an owner): one click never closes an action.
        out.push(this.command(diagnostic, 'Extend due date…', RECORD_COMMANDS.extendDueDate, [target]));
        out.push(this.command(diagnostic, 'Mark action done…', RECORD_COMMANDS.markActionDone, [target]));
        const action = actionsIn([record]).find((a) => a.index === actionIndex)?.action;
        if (action?.status === 'open') out.push(this.command(diagnostic, 'Set action in progress', RECORD_COMMANDS.setActionInProgress, [target]));
        out.push(this.command(diagnostic, 'Reassign action…', RECORD_COMMANDS.reassignAction, [target]));
        out.push(this.command(diagnostic, 'Cancel action…', RECORD_COMMANDS.cancelAction, [target]));
        break;
      }
      // v2 rules that ask for an action on the record.
      case 'opportunity-not-planned':
      case 'risk-treatment-missing':
      case 'review-decisions-missing':
        out.push(this.command(diagnostic, 'Add action…', RECORD_COMMANDS.addAction, [recordTarget]));
        break;
      case 'due-changed-without-history': {
        const fix = source.fix;
        if (fix?.kind !== 'record-due-change' || path.length < 2) break;
        const target: DueChangeTarget = { ...recordTarget, action: path[path.length - 1] === 'due' ? path.slice(0, -1) : path, from: fix.from, to: fix.to, on: fix.on };
        out.push(this.command(diagnostic, 'Record this change in due_history…', RECORD_DUE_CHANGE_COMMAND, [target], true));
        break;
      }
      case 'missing-rca':
        out.push(this.command(diagnostic, 'Create root cause analysis…', CREATE_RCA_COMMAND, [record.id], true));
        break;
      case 'effectiveness-review-missing':
      case 'effectiveness-review-overdue':
        out.push(this.command(diagnostic, 'Record effectiveness review…', RECORD_COMMANDS.recordEffectivenessReview, [recordTarget], true));
        break;
      case 'control-review-overdue':
        out.push(this.command(diagnostic, 'Mark control reviewed today', RECORD_COMMANDS.markControlReviewed, [recordTarget]));
        break;
      case 'schema': {
        const fix = source.fix;
        if (fix?.kind === 'replace-value') {
          const a = this.edit(document, diagnostic, `Change to '${fix.value}'`, () => edits.replaceValue(text, record, path, fix.value), true);
          if (a) out.push(a);
        } else if (fix?.kind === 'rename-key') {
          const a = this.edit(document, diagnostic, `Rename to '${fix.field}'`, () => edits.renameField(text, record, path, fix.field), true);
          if (a) out.push(a);
        } else if (fix?.kind === 'add-field') {
          out.push(this.command(diagnostic, `Add '${fix.field}'`, ADD_FIELD_COMMAND, [{ ...recordTarget, path, field: fix.field }], true));
        }
        break;
      }
      case 'unknown-reference': {
        const ref = referencesOf(record).find((r) => r.path.join('/') === path.join('/'));
        const old = ref?.expected === 'Control' ? control2013(ref.target) : undefined;
        if (old) {
          // The 2022 successors from the correspondence table, never a spelling neighbour.
          for (const successor of old.successors) {
            const a = this.edit(document, diagnostic, `Change to '${successor.id}' (${successor.title})`, () => edits.replaceValue(text, record, path, successor.id), old.successors.length === 1);
            if (a) out.push(a);
          }
          const all = this.replaceAll2013(document, diagnostic, text);
          if (all) out.push(all);
          break;
        }
        const suggestion = this.nearestReference(document.uri, record, path);
        if (suggestion) {
          const a = this.edit(document, diagnostic, `Change to '${suggestion}'`, () => edits.replaceValue(text, record, path, suggestion), true);
          if (a) out.push(a);
        }
        break;
      }
      default:
        break;
    }
    return out;
  }

  /** "Replace all 2013 ids in this file", when the file has more than one (see core/edits/successorEdits.ts). */
  private replaceAll2013(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, text: string): vscode.CodeAction | undefined {
    const folder = this.services.workspace.folderFor(document.uri);
    if (!folder) return undefined;
    const isUnknown = (id: string) => !folder.index.recordsWithId(id).some((r) => r.kind === 'Control');
    const records = folder.readDocument(document).records;
    let count = 0;
    const action = this.edit(document, diagnostic, 'Replace all 2013 ids in this file', () => {
      const replacement = replaceAll2013Ids(text, records, isUnknown);
      count = replacement.count;
      return replacement.edits;
    });
    return action && count > 1 ? action : undefined;
  }

  /** The closest existing id of the kind the reference expects (Annex A catalog for controls). */
  private nearestReference(uri: vscode.Uri, record: IsmsRecord, path: readonly (string | number)[]): string | undefined {
    const ref = referencesOf(record).find((r) => r.path.join('/') === path.join('/'));
    const folder = this.services.workspace.folderFor(uri);
    if (!ref || !folder) return undefined;
    const ids = new Set(folder.index.records().filter((r) => r.kind === ref.expected && r.id).map((r) => r.id as string));
    if (ref.expected === 'Control') for (const c of ANNEX_A_CONTROLS) ids.add(c.id);
    ids.delete(ref.target);
    return closest(ref.target, ids);
  }

  private edit(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: string, compute: () => TextEdit[], preferred = false): vscode.CodeAction | undefined {
    try {
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.edit = toWorkspaceEdit(document, compute());
      action.diagnostics = [diagnostic];
      action.isPreferred = preferred;
      return action;
    } catch (e) {
      if (e instanceof EditRefused) {
        this.services.log.info(`${title} not offered: ${e.message}`);
        return undefined;
      }
      throw e;
    }
  }

  private command(diagnostic: vscode.Diagnostic, title: string, command: string, args: unknown[], preferred = false): vscode.CodeAction {
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.command = { command, title, arguments: args };
    action.diagnostics = [diagnostic];
    action.isPreferred = preferred;
    return action;
  }
}
