// Once per day per workspace, a notification about the user's overdue and soon-due actions
// (setting `isms.reminders`: mine, all, off), with *Show* opening the Actions view filtered to
// them. The day it was shown is kept in workspace state, so a reload the same day shows nothing.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { localToday } from '../../core/model/dates';
import { reminderFor, type ReminderScope } from '../../core/status/reminders';
import type { IsmsServices } from '../services';
import type { ActionsTree } from './sidebar';

const SHOWN_KEY = 'isms.reminders.lastShown';

/** `git config user.email` per folder path, read once in the background. */
const gitEmails = new Map<string, string | undefined>();
const pendingEmails = new Map<string, Promise<string | undefined>>();

function gitEmail(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const key = folder.uri.fsPath;
  let pending = pendingEmails.get(key);
  if (!pending) {
    pending = new Promise((resolve) => {
      if (folder.uri.scheme !== 'file') return resolve(undefined);
      // Only reads config; in an untrusted workspace too (nothing of the workspace is executed).
      execFile('git', ['config', 'user.email'], { cwd: key, timeout: 5000, windowsHide: true }, (error, stdout) => {
        const email = error ? undefined : stdout.trim() || undefined;
        gitEmails.set(key, email);
        resolve(email);
      });
    });
    pendingEmails.set(key, pending);
  }
  return pending;
}

/** The user's owner name: setting `isms.me`, else `git config user.email` (once read). */
export function readMe(folder: vscode.WorkspaceFolder): string | undefined {
  const configured = vscode.workspace.getConfiguration('isms', folder).get<string>('me', '').trim();
  if (configured) return configured;
  if (!gitEmails.has(folder.uri.fsPath)) void gitEmail(folder);
  return gitEmails.get(folder.uri.fsPath);
}

export class Reminders {
  /** The last reminder shown in this session. */
  lastShown: string | undefined;

  constructor(
    private readonly services: IsmsServices,
    private readonly context: vscode.ExtensionContext,
    private readonly actions: ActionsTree,
    private readonly show: () => Promise<void>,
  ) {}

  scope(): ReminderScope {
    const value = vscode.workspace.getConfiguration('isms').get<string>('reminders', 'mine');
    return value === 'all' || value === 'off' ? value : 'mine';
  }

  /** Shows the reminder unless it was shown today (in this workspace) or nothing is due; returns its text. */
  async remindIfDue(): Promise<string | undefined> {
    const scope = this.scope();
    if (scope === 'off') return undefined;
    const folders = this.actions.folders();
    if (folders.length === 0) return undefined;
    const asOf = folders[0].asOf;
    if (this.context.workspaceState.get<string>(SHOWN_KEY) === localToday()) return undefined;
    const me = scope === 'mine' ? readMe(folders[0].folder) ?? await gitEmail(folders[0].folder) : undefined;
    const reminder = reminderFor(folders.map((f) => f.status), scope, me);
    if (!reminder) return undefined;
    // Marked before the notification resolves: a reload while it is open does not show it again.
    await this.context.workspaceState.update(SHOWN_KEY, localToday());
    this.lastShown = reminder.message;
    this.services.log.info(`reminder (${scope}${me ? `, ${me}` : ''}, as of ${asOf}): ${reminder.message}`);
    void this.services.prompts.notify(reminder.message, ['Show']).then(async (choice) => {
      if (choice === 'Show') await this.show();
    });
    return reminder.message;
  }
}
