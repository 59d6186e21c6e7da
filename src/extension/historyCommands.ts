// The quick fix of due-changed-without-history: *Record this change in due_history…* asks the
// reason and appends {from, to, reason, on} to the action's due_history (on: the commit's date,
// or as-of for a change not committed yet). `due` itself is left as it is. Announced with Open and
// Undo like every write (services.writeAnnounced).
import * as vscode from 'vscode';
import * as edits from '../core/edits/ismsEdits';
import { EditRefused } from '../core/edits/textEdit';
import { isMapping, type NodePath } from '../core/model/model';
import { actionLabel } from '../core/model/records';
import { openRecord, type RecordTarget } from './recordCommands';
import { writeAnnounced, type IsmsServices } from './services';

export const RECORD_DUE_CHANGE_COMMAND = 'isms.recordDueChange';

export interface DueChangeTarget extends RecordTarget {
  /** The action's path in the record, e.g. ['actions', 2]. */
  action: NodePath;
  from: string;
  to: string;
  on?: string;
}

export function registerHistoryCommands(services: IsmsServices): vscode.Disposable[] {
  const name = 'Record this change in due_history';
  return [
    vscode.commands.registerCommand(RECORD_DUE_CHANGE_COMMAND, async (target?: DueChangeTarget): Promise<boolean> => {
      if (!vscode.workspace.isTrusted) {
        services.prompts.message('warning', `${name} changes files and is disabled in untrusted workspaces.`);
        return false;
      }
      if (!target) {
        services.prompts.message('info', `${name}: use it from the quick fix (Ctrl+.) of a due-changed-without-history warning.`);
        return false;
      }
      try {
        const reason = await services.prompts.inputBox({
          title: `Why did the due date move from ${target.from} to ${target.to}?`, prompt: 'Recorded in due_history for the audit trail',
          validateInput: (v) => (v.trim() === '' ? 'A reason is required for the audit trail' : undefined),
        });
        if (!reason?.trim()) return false;
        const open = await openRecord(services, target);
        const computed = edits.recordDueChange(open.text, open.record, target.action, { from: target.from, to: target.to, reason, on: target.on ?? open.asOf });
        const action = target.action.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], open.record.value);
        const index = target.action[target.action.length - 1];
        const label = isMapping(action) ? actionLabel(action, typeof index === 'number' ? index : 0) : target.action.join('.');
        const summary = `Recorded in due_history of '${label}' in ${open.record.id ?? 'the record'} that the due date moved from ${target.from} to ${target.to}: ${reason.trim()}`;
        return (await writeAnnounced(services, open.document, open.version, computed, name, summary)) !== undefined;
      } catch (e) {
        if (e instanceof EditRefused) {
          services.prompts.message('warning', `${name}: ${e.message}`);
          return false;
        }
        throw e;
      }
    }),
  ];
}
