// The daily reminder: how many of the user's (or everyone's) open actions are overdue or due soon,
// from the status model, in one sentence for a notification.
import { isOwnedBy } from '../views/actionsView';
import type { RepositoryStatus } from './statusModel';

export type ReminderScope = 'mine' | 'all' | 'off';

export interface Reminder {
  overdue: number;
  dueSoon: number;
  message: string;
}

/** The reminder for today, or undefined when nothing is overdue or due within `dueSoonDays`. */
export function reminderFor(statuses: readonly RepositoryStatus[], scope: ReminderScope, me: string | undefined): Reminder | undefined {
  if (scope === 'off' || (scope === 'mine' && !me)) return undefined;
  let overdue = 0;
  let dueSoon = 0;
  let dueSoonDays = 14;
  for (const status of statuses) {
    dueSoonDays = status.source.config.dueSoonDays;
    for (const action of status.actions()) {
      if (!action.open || (scope === 'mine' && !isOwnedBy(action.owner, me))) continue;
      if (action.state === 'overdue' || (action.state === 'error' && action.problems.some((p) => p.code === 'overdue-action'))) overdue++;
      else if (action.state === 'due-today' || action.state === 'due-soon') dueSoon++;
    }
  }
  if (overdue === 0 && dueSoon === 0) return undefined;
  const whose = scope === 'mine' ? 'of your actions' : 'ISMS actions';
  const parts: string[] = [];
  const total = overdue + dueSoon;
  if (overdue > 0) parts.push(`${overdue} ${whose} ${overdue === 1 ? 'is' : 'are'} overdue`);
  if (dueSoon > 0) {
    const within = `due within ${dueSoonDays} day${dueSoonDays === 1 ? '' : 's'}`;
    parts.push(overdue > 0 ? `${dueSoon} ${dueSoon === 1 ? 'is' : 'are'} ${within}` : `${dueSoon} ${whose} ${dueSoon === 1 ? 'is' : 'are'} ${within}`);
  }
  const message = `${parts.join(', ')}.`;
  return { overdue, dueSoon, message: total > 0 ? message.charAt(0).toUpperCase() + message.slice(1) : message };
}
