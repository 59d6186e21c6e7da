// Quick fixes for ISMS diagnostics, each linked to its diagnostic. Edits that need no answer
// are returned as WorkspaceEdits; those that ask (dates, reasons, reviewers) run a command.
import * as vscode from 'vscode';
import { ANNEX_A_CONTROLS } from '../core/catalog';
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
    this.services.workspace.flush(document);
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
        // The path is [list, index, 'due']: `actions`, `treatment_plan` or `initiatives`.
        const list = typeof path[0] === 'string' ? path[0] : undefined;
        const actionIndex = typeof path[1] === 'number' ? path[1] : undefined;
        if (actionIndex === undefined || list === undefined) break;
        const target: ActionTarget = { ...recordTarget, action: actionIndex, list };
        out.push(this.command(diagnostic, 'Extend due date…', RECORD_COMMANDS.extendDueDate, [target]));
        const asOf = this.services.workspace.folderFor(document.uri)?.asOf;
        const done = asOf ? this.edit(document, diagnostic, 'Mark action done', () => edits.markActionDone(text, record, { list, index: actionIndex }, asOf)) : undefined;
        if (done) out.push(done);
        break;
      }
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
