// Commands that change a record in place: extend a due date (with its audit trail), mark an
// action done, record an effectiveness review, close a nonconformity, mark a control reviewed.
// Quick fixes and the sidebar call the same commands with a target naming the record.
import * as vscode from 'vscode';
import { addDays, formatDate, localToday, parseDate } from '../core/model/dates';
import * as edits from '../core/edits/ismsEdits';
import { EditRefused, type TextEdit } from '../core/edits/textEdit';
import { readIsmsFile } from '../core/reading/ismsFile';
import { closingProblem } from '../core/status/nonconformityClosing';
import { actionLabel, type IsmsRecord } from '../core/model/records';
import { applyEngineEdits, type IsmsServices } from './services';

/** A record: the file and the index of its YAML document. */
export interface RecordTarget {
  uri: string;
  document: number;
}

/** An action of a record: its index in `list` (default: the record's list of actions). */
export interface ActionTarget extends RecordTarget {
  action: number;
  /** `actions`, a Risk's `treatment_plan` or an ImprovementPlan's `initiatives`. */
  list?: string;
}

function actionRef(target: ActionTarget): edits.ActionRef {
  return target.list ? { list: target.list, index: target.action } : target.action;
}

export interface OpenRecord {
  document: vscode.TextDocument;
  version: number;
  text: string;
  record: IsmsRecord;
  asOf: string;
}

export const RECORD_COMMANDS = {
  extendDueDate: 'isms.extendDueDate',
  markActionDone: 'isms.markActionDone',
  recordEffectivenessReview: 'isms.recordEffectivenessReview',
  closeNonconformity: 'isms.closeNonconformity',
  markControlReviewed: 'isms.markControlReviewed',
} as const;

export function registerRecordCommands(services: IsmsServices): vscode.Disposable[] {
  const run = <T extends RecordTarget>(name: string, handler: (open: OpenRecord, target: T) => Promise<TextEdit[] | undefined>) =>
    async (target?: T): Promise<boolean> => {
      if (!vscode.workspace.isTrusted) {
        services.prompts.message('warning', `${name} changes files and is disabled in untrusted workspaces.`);
        return false;
      }
      if (!target) {
        services.prompts.message('info', `${name}: use it from a quick fix (Ctrl+.) on the record or from the ISMS sidebar.`);
        return false;
      }
      try {
        const open = await openRecord(services, target);
        const computed = await handler(open, target);
        if (!computed) return false;
        return await applyEngineEdits(services, open.document, open.version, computed, name);
      } catch (e) {
        if (e instanceof EditRefused) {
          services.prompts.message('warning', `${name}: ${e.message}`);
          return false;
        }
        throw e;
      }
    };

  return [
    vscode.commands.registerCommand(RECORD_COMMANDS.extendDueDate, run<ActionTarget>('Extend due date', async (open, target) => {
      const action = edits.actionAt(open.record, actionRef(target));
      const due = parseDate(action.due);
      if (due === undefined) throw new EditRefused('the action has no valid due date to extend');
      const base = Math.max(due, parseDate(open.asOf)!);
      const choices = [14, 30].map((days) => ({ label: formatDate(addDays(base, days)), description: `+${days} days` }));
      const picked = await services.prompts.quickPick([...choices, { label: 'Other date…', description: 'type a date' }], {
        title: `Extend due date of '${actionLabel(action, target.action)}' (now ${String(action.due)})`,
        placeHolder: 'New due date',
      });
      if (!picked) return undefined;
      let newDue = picked.label;
      if (picked.label === 'Other date…') {
        const typed = await services.prompts.inputBox({
          title: 'New due date', prompt: 'YYYY-MM-DD', value: choices[0].label,
          validateInput: (v) => (parseDate(v.trim()) === undefined ? 'Enter a real date as YYYY-MM-DD' : undefined),
        });
        if (!typed) return undefined;
        newDue = typed.trim();
      }
      if (parseDate(newDue) === undefined) throw new EditRefused(`'${newDue}' is not a real date (YYYY-MM-DD)`);
      const reason = await services.prompts.inputBox({
        title: 'Reason for the new due date', prompt: 'Recorded in due_history for the audit trail',
        validateInput: (v) => (v.trim() === '' ? 'A reason is required for the audit trail' : undefined),
      });
      if (!reason?.trim()) return undefined;
      return edits.extendDueDate(open.text, open.record, actionRef(target), { newDue, reason, on: open.asOf });
    })),
    vscode.commands.registerCommand(RECORD_COMMANDS.markActionDone, run<ActionTarget>('Mark action done', async (open, target) => {
      edits.actionAt(open.record, actionRef(target));
      return edits.markActionDone(open.text, open.record, actionRef(target), open.asOf);
    })),
    vscode.commands.registerCommand(RECORD_COMMANDS.recordEffectivenessReview, run<RecordTarget>('Record effectiveness review', async (open) => {
      const result = await services.prompts.quickPick(
        [
          { label: 'effective', description: 'the corrective actions eliminated the cause' },
          { label: 'not-effective', description: 'the nonconformity recurred or the cause remains' },
          { label: 'pending', description: 'not yet possible to judge' },
        ],
        { title: `Effectiveness review of ${open.record.id ?? 'the nonconformity'} (clause 10.2 d)`, placeHolder: 'Result' },
      );
      if (!result) return undefined;
      const reviewedBy = await services.prompts.inputBox({ title: 'Reviewed by', prompt: 'Who judged the effectiveness', validateInput: (v) => (v.trim() ? undefined : 'Required') });
      if (!reviewedBy?.trim()) return undefined;
      const reviewedOn = await services.prompts.inputBox({
        title: 'Reviewed on', value: open.asOf, prompt: 'YYYY-MM-DD',
        validateInput: (v) => (parseDate(v.trim()) === undefined ? 'Enter a real date as YYYY-MM-DD' : undefined),
      });
      if (!reviewedOn) return undefined;
      return edits.recordEffectivenessReview(open.text, open.record, {
        result: result.label as edits.EffectivenessReview['result'], reviewedBy: reviewedBy.trim(), reviewedOn: reviewedOn.trim(),
      });
    })),
    vscode.commands.registerCommand(RECORD_COMMANDS.closeNonconformity, run<RecordTarget>('Close nonconformity', async (open) => {
      const problem = closingProblem(open.record);
      if (problem) throw new EditRefused(problem);
      return edits.closeNonconformity(open.text, open.record, open.asOf);
    })),
    vscode.commands.registerCommand(RECORD_COMMANDS.markControlReviewed, run<RecordTarget>('Mark control reviewed', async (open) => {
      if (open.record.kind !== 'Control') throw new EditRefused('this record is not a Control');
      return edits.markControlReviewed(open.text, open.record, open.asOf);
    })),
  ];
}



/** Opens the target's document and reads the record from its current text (unsaved edits included). */
export async function openRecord(services: IsmsServices, target: RecordTarget): Promise<OpenRecord> {
  const uri = vscode.Uri.parse(target.uri);
  const document = await vscode.workspace.openTextDocument(uri);
  services.workspace.flush(document);
  const folder = services.workspace.folderFor(uri);
  const refusal = folder?.editRefusal(uri);
  if (refusal) throw new EditRefused(refusal);
  const text = document.getText();
  const file = folder ? folder.readDocument(document) : readIsmsFile(uri.fsPath, text);
  const record = file.records.find((r) => r.document === target.document);
  if (!record || record.broken) throw new EditRefused(`the record in ${vscode.workspace.asRelativePath(uri)} could not be read; fix its YAML first`);
  return { document, version: document.version, text, record, asOf: folder?.asOf ?? localToday() };
}
