// Commands that change a record in place: extend a due date (with its audit trail), mark an
// action done (date and evidence asked), add, reassign, start or cancel an action, record an
// effectiveness review, close a nonconformity, mark a control reviewed. Quick fixes and the
// sidebar call them with a target naming the record (the sidebar's node carries uri, document and
// action); from the command palette they ask which record or action. Every write is announced
// with Open and Undo (services.writeAnnounced).
import * as vscode from 'vscode';
import { formatDate, localToday, parseDate } from '../core/model/dates';
import * as edits from '../core/edits/ismsEdits';
import { EditRefused, type TextEdit } from '../core/edits/textEdit';
import { actionHolders, actionsIn, parseNewDueDate, repositoryOwners } from '../core/edits/workItems';
import { readIsmsFile } from '../core/reading/ismsFile';
import { closingProblem } from '../core/status/nonconformityClosing';
import { actionLabel, type IsmsRecord } from '../core/model/records';
import type { YamlMapping } from '../core/model/model';
import type { IsmsFolder } from './ismsFolder';
import { writeAnnounced, type IsmsServices } from './services';

/** A record: the file and the index of its YAML document. */
export interface RecordTarget {
  uri: string;
  document: number;
}

/** An action of a record that holds actions: its index in the record's action list. */
export interface ActionTarget extends RecordTarget {
  action: number;
}

export interface OpenRecord {
  document: vscode.TextDocument;
  version: number;
  text: string;
  record: IsmsRecord;
  asOf: string;
}

/** What a handler computed: the edits, and one line saying what they change in which record. */
interface Change {
  edits: TextEdit[];
  summary: string;
}

export const RECORD_COMMANDS = {
  extendDueDate: 'isms.extendDueDate',
  markActionDone: 'isms.markActionDone',
  addAction: 'isms.addAction',
  reassignAction: 'isms.reassignAction',
  setActionInProgress: 'isms.setActionInProgress',
  cancelAction: 'isms.cancelAction',
  recordEffectivenessReview: 'isms.recordEffectivenessReview',
  closeNonconformity: 'isms.closeNonconformity',
  markControlReviewed: 'isms.markControlReviewed',
} as const;

/** workspaceState key: who approved the last due date change, offered again next time. */
export const LAST_APPROVER_KEY = 'isms.lastDueDateApprover';

const DATE_HINT = 'Enter a real date as YYYY-MM-DD';

/** How a command without a target (the command palette) picks one. */
type Picker<T extends RecordTarget> = (services: IsmsServices, name: string) => Promise<T | undefined>;

export function registerRecordCommands(services: IsmsServices): vscode.Disposable[] {
  // Resolves to true when something was written (and announced).
  const run = <T extends RecordTarget>(name: string, pick: Picker<T> | undefined, handler: (open: OpenRecord, target: T) => Promise<Change | undefined>) =>
    async (given?: T): Promise<boolean> => {
      if (!vscode.workspace.isTrusted) {
        services.prompts.message('warning', `${name} changes files and is disabled in untrusted workspaces.`);
        return false;
      }
      try {
        const target = isTarget(given) ? given : pick ? await pick(services, name) : undefined;
        if (!target) {
          if (!pick) services.prompts.message('info', `${name}: use it from a quick fix (Ctrl+.) on the record or from the ISMS sidebar.`);
          return false;
        }
        const open = await openRecord(services, target);
        const change = await handler(open, target);
        if (!change) return false;
        return (await writeAnnounced(services, open.document, open.version, change.edits, name, change.summary)) !== undefined;
      } catch (e) {
        if (e instanceof EditRefused) {
          services.prompts.message('warning', `${name}: ${e.message}`);
          return false;
        }
        services.log.error(`${name} failed: ${(e as Error).stack ?? String(e)}`);
        services.prompts.message('error', `${name} failed: ${(e as Error).message}`);
        return false;
      }
    };

  const openActions = pickAction((a) => a.status === 'open' || a.status === 'in-progress');
  const command = vscode.commands.registerCommand;
  return [
    command(RECORD_COMMANDS.extendDueDate, run<ActionTarget>('Extend due date', pickAction((a) => (a.status === 'open' || a.status === 'in-progress') && typeof a.due === 'string'), async (open, target) => {
      const action = edits.actionAt(open.record, target.action);
      const due = parseDate(action.due);
      if (due === undefined) throw new EditRefused('the action has no valid due date to extend');
      const base = Math.max(due, parseDate(open.asOf)!);
      const label = actionLabel(action, target.action);
      type DateItem = vscode.QuickPickItem & { date: string };
      const presets: DateItem[] = (['+14d', '+1m'] as const).map((step) => {
        const parsed = parseNewDueDate(step, base, action.due) as { date: string; how: string };
        return { label: parsed.date, description: parsed.how, date: parsed.date };
      });
      const picked = await services.prompts.pickOrType<DateItem>(presets, {
        title: `Extend due date of '${label}' in ${recordLabel(open.record)} (now ${String(action.due)})`,
        placeHolder: 'New due date: pick one, or type YYYY-MM-DD, +14d, +2w, +1m',
      }, (typed) => {
        const parsed = parseNewDueDate(typed, base, action.due);
        return 'problem' in parsed ? parsed.problem : { label: parsed.date, description: parsed.how, date: parsed.date };
      });
      if (!picked) return undefined;
      const reason = await services.prompts.inputBox({
        title: `Reason for moving '${label}' to ${picked.date}`, prompt: 'Recorded in due_history for the audit trail',
        validateInput: (v) => (v.trim() === '' ? 'A reason is required for the audit trail' : undefined),
      });
      if (!reason?.trim()) return undefined;
      const remembered = services.state?.get<string>(LAST_APPROVER_KEY) ?? '';
      const approver = await services.prompts.inputBox({
        title: `Who approved moving '${label}' to ${picked.date}?`, prompt: 'Optional: recorded as approved_by; leave empty when nobody had to approve',
        value: remembered,
      });
      if (approver === undefined) return undefined;
      if (approver.trim() && approver.trim() !== remembered) await services.state?.update(LAST_APPROVER_KEY, approver.trim());
      return {
        edits: edits.extendDueDate(open.text, open.record, target.action, { newDue: picked.date, reason, approvedBy: approver.trim() || undefined, on: open.asOf }),
        summary: `Moved the due date of '${label}' in ${recordLabel(open.record)} from ${String(action.due)} to ${picked.date}${approver.trim() ? `, approved by ${approver.trim()}` : ''}`,
      };
    })),

    command(RECORD_COMMANDS.markActionDone, run<ActionTarget>('Mark action done', openActions, async (open, target) => {
      const action = edits.actionAt(open.record, target.action);
      const label = actionLabel(action, target.action);
      const asOf = parseDate(open.asOf)!;
      const completed = await services.prompts.inputBox({
        title: `Mark '${label}' in ${recordLabel(open.record)} done`, prompt: 'Completion date (YYYY-MM-DD)', value: open.asOf,
        validateInput: (v) => {
          const day = parseDate(v.trim());
          if (day === undefined) return DATE_HINT;
          return day > asOf ? `The completion date cannot be after today (${open.asOf})` : undefined;
        },
      });
      if (completed === undefined) return undefined;
      const day = completed.trim();
      if (parseDate(day) === undefined || parseDate(day)! > asOf) throw new EditRefused(`'${day}' is not a completion date on or before ${open.asOf}; nothing was changed`);
      const evidence = await services.prompts.inputBox({
        title: `Evidence that '${label}' is done (optional)`, prompt: 'A repository path or URL (a report, a ticket); appended to the action as evidence. Leave empty for none.',
        validateInput: (v) => (/[\r\n]/.test(v) ? 'One path or URL, on one line' : undefined),
      });
      if (evidence === undefined) return undefined;
      return {
        edits: edits.markActionDone(open.text, open.record, target.action, day, evidence.trim() || undefined),
        summary: `Marked '${label}' in ${recordLabel(open.record)} done on ${day}${evidence.trim() ? ` with evidence ${evidence.trim()}` : ''}`,
      };
    })),

    command(RECORD_COMMANDS.addAction, run<RecordTarget>('Add action', pickActionHolder, async (open) => {
      const name = recordLabel(open.record);
      const required = (what: string) => (v: string) => (v.trim() ? undefined : `${what} is required`);
      const description = await services.prompts.inputBox({ title: `Add action to ${name}`, prompt: 'Description: what will be done', validateInput: required('A description') });
      if (!description?.trim()) return undefined;
      const owner = await pickOwner(services, open, `Owner of '${description.trim()}'`, undefined);
      if (!owner) return undefined;
      const due = await services.prompts.inputBox({
        title: `Due date of '${description.trim()}'`, prompt: 'YYYY-MM-DD', value: formatDate(parseDate(open.asOf)! + 30),
        validateInput: (v) => (parseDate(v.trim()) === undefined ? DATE_HINT : undefined),
      });
      if (due === undefined || parseDate(due.trim()) === undefined) return undefined;
      return {
        edits: edits.addAction(open.text, open.record, { description, owner, due: due.trim() }),
        summary: `Added the action '${description.trim()}' (owner ${owner}, due ${due.trim()}) to ${name}`,
      };
    })),

    command(RECORD_COMMANDS.reassignAction, run<ActionTarget>('Reassign action', openActions, async (open, target) => {
      const action = edits.actionAt(open.record, target.action);
      const label = actionLabel(action, target.action);
      const current = typeof action.owner === 'string' ? action.owner : undefined;
      const owner = await pickOwner(services, open, `Reassign '${label}' in ${recordLabel(open.record)}${current ? ` (now ${current})` : ''}`, current);
      if (!owner) return undefined;
      if (owner === current) throw new EditRefused(`${owner} already owns the action; nothing was changed`);
      return {
        edits: edits.reassignAction(open.text, open.record, target.action, owner),
        summary: `Reassigned '${label}' in ${recordLabel(open.record)}${current ? ` from ${current}` : ''} to ${owner}`,
      };
    })),

    command(RECORD_COMMANDS.setActionInProgress, run<ActionTarget>('Set action in progress', pickAction((a) => a.status === 'open'), async (open, target) => {
      const label = actionLabel(edits.actionAt(open.record, target.action), target.action);
      return { edits: edits.setActionInProgress(open.text, open.record, target.action), summary: `Set '${label}' in ${recordLabel(open.record)} in progress` };
    })),

    command(RECORD_COMMANDS.cancelAction, run<ActionTarget>('Cancel action', openActions, async (open, target) => {
      const label = actionLabel(edits.actionAt(open.record, target.action), target.action);
      const reason = await services.prompts.inputBox({
        title: `Cancel '${label}' in ${recordLabel(open.record)}`, prompt: 'Reason: recorded as cancel_reason for the audit trail',
        validateInput: (v) => (v.trim() ? undefined : 'A reason is required for the audit trail'),
      });
      if (!reason?.trim()) return undefined;
      return { edits: edits.cancelAction(open.text, open.record, target.action, reason), summary: `Cancelled '${label}' in ${recordLabel(open.record)}: ${reason.trim()}` };
    })),

    command(RECORD_COMMANDS.recordEffectivenessReview, run<RecordTarget>('Record effectiveness review', undefined, async (open) => {
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
        validateInput: (v) => (parseDate(v.trim()) === undefined ? DATE_HINT : undefined),
      });
      if (!reviewedOn) return undefined;
      return {
        edits: edits.recordEffectivenessReview(open.text, open.record, {
          result: result.label as edits.EffectivenessReview['result'], reviewedBy: reviewedBy.trim(), reviewedOn: reviewedOn.trim(),
        }),
        summary: `Recorded the effectiveness review of ${recordLabel(open.record)}: ${result.label} (${reviewedBy.trim()}, ${reviewedOn.trim()})`,
      };
    })),

    command(RECORD_COMMANDS.closeNonconformity, run<RecordTarget>('Close nonconformity', undefined, async (open) => {
      const problem = closingProblem(open.record);
      if (problem) throw new EditRefused(problem);
      return { edits: edits.closeNonconformity(open.text, open.record, open.asOf), summary: `Closed ${recordLabel(open.record)} on ${open.asOf}` };
    })),

    command(RECORD_COMMANDS.markControlReviewed, run<RecordTarget>('Mark control reviewed', undefined, async (open) => {
      if (open.record.kind !== 'Control') throw new EditRefused('this record is not a Control');
      return { edits: edits.markControlReviewed(open.text, open.record, open.asOf), summary: `Marked control ${recordLabel(open.record)} reviewed on ${open.asOf}` };
    })),
  ];
}

function isTarget<T extends RecordTarget>(value: T | undefined): value is T {
  return typeof value === 'object' && value !== null && typeof value.uri === 'string' && typeof value.document === 'number';
}

function recordLabel(record: IsmsRecord): string {
  return record.id ?? `the ${record.kind ?? 'record'}`;
}

/** The owner: one of the repository's owners, or a new one typed in. */
async function pickOwner(services: IsmsServices, open: OpenRecord, title: string, current: string | undefined): Promise<string | undefined> {
  const folder = services.workspace.folderFor(open.document.uri);
  const owners = folder ? repositoryOwners(folder.index.records()) : [];
  const items = owners.filter((o) => o !== current).map((label) => ({ label, description: 'owner in this repository' }));
  const picked = await services.prompts.pickOrType(items, { title, placeHolder: 'Owner: pick one, or type a name or e-mail' }, (typed) => (
    /[\r\n]/.test(typed) ? 'One line' : { label: typed, description: 'new owner' }
  ));
  return picked?.label.trim() || undefined;
}

/** The ISMS folders' indexes, scans finished. */
async function folders(services: IsmsServices): Promise<IsmsFolder[]> {
  await services.workspace.whenIdle();
  return [...services.workspace.folders.values()];
}

/** From the command palette: pick one action (of those `fits` accepts) across the workspace. */
function pickAction(fits: (action: YamlMapping) => boolean): Picker<ActionTarget> {
  return async (services, name) => {
    const items: Array<vscode.QuickPickItem & { target: ActionTarget }> = [];
    for (const folder of await folders(services)) {
      for (const { record, index, action } of actionsIn(folder.index.records())) {
        if (!fits(action)) continue;
        const facts = [record.id, typeof action.status === 'string' ? action.status : undefined, typeof action.due === 'string' ? `due ${action.due}` : undefined, typeof action.owner === 'string' ? action.owner : undefined];
        items.push({
          label: actionLabel(action, index), description: facts.filter(Boolean).join(' · '),
          target: { uri: folder.uriOf(record.file).toString(), document: record.document, action: index },
        });
      }
    }
    if (items.length === 0) {
      services.prompts.message('info', `${name}: no action in the workspace to do this with.`);
      return undefined;
    }
    return (await services.prompts.quickPick(items, { title: name, placeHolder: 'Action', matchOnDescription: true }))?.target;
  };
}

/** From the command palette: pick the record to add an action to. */
const pickActionHolder: Picker<RecordTarget> = async (services, name) => {
  const items: Array<vscode.QuickPickItem & { target: RecordTarget }> = [];
  for (const folder of await folders(services)) {
    for (const record of actionHolders(folder.index.records())) {
      const facts = [record.kind, typeof record.value.status === 'string' ? record.value.status : undefined];
      items.push({
        label: record.id!, description: facts.filter(Boolean).join(' · '), detail: typeof record.value.title === 'string' ? record.value.title : undefined,
        target: { uri: folder.uriOf(record.file).toString(), document: record.document },
      });
    }
  }
  if (items.length === 0) {
    services.prompts.message('info', `${name}: no record in the workspace holds actions (nonconformities, management reviews).`);
    return undefined;
  }
  return (await services.prompts.quickPick(items, { title: name, placeHolder: 'Record to add the action to', matchOnDescription: true }))?.target;
};

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
