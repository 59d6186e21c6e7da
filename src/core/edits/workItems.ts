// What the action commands ask and pick from, as pure functions: the actions of a repository, its
// owners, and the new due date a user types (`2026-12-11`, `+14d`, `+2w`, `+1m`).
import { addDuration, formatDate, parseDate } from '../model/dates';
import { isMapping, type YamlMapping } from '../model/model';
import type { IsmsRecord } from '../model/records';
import { isPlaceholder } from '../model/placeholders';
import { actionListField } from './ismsEdits';

export interface ActionInRecord {
  record: IsmsRecord;
  /** Index in the record's action list (`actions`, `treatment_plan`, `initiatives`). */
  index: number;
  action: YamlMapping;
}

/** Every action of every record that holds actions, in record order. */
export function actionsIn(records: Iterable<IsmsRecord>): ActionInRecord[] {
  const out: ActionInRecord[] = [];
  for (const record of records) {
    if (record.broken) continue;
    const field = actionListField(record);
    const list = field ? record.value[field] : undefined;
    if (!Array.isArray(list)) continue;
    list.forEach((action, index) => {
      if (isMapping(action)) out.push({ record, index, action });
    });
  }
  return out;
}

/** The records that can hold actions (an `actions`-like list, present or not). */
export function actionHolders(records: Iterable<IsmsRecord>): IsmsRecord[] {
  return [...records].filter((r) => !r.broken && actionListField(r) !== undefined && r.id);
}

/** Every owner named in the repository (records, actions, risk owners), sorted. */
export function repositoryOwners(records: Iterable<IsmsRecord>): string[] {
  const owners = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== 'string' || isPlaceholder(value)) return;
    const owner = value.trim();
    if (owner) owners.add(owner);
  };
  for (const record of records) {
    if (record.broken) continue;
    add(record.value.owner);
    for (const { action } of actionsIn([record])) add(action.owner);
  }
  return [...owners].sort((a, b) => a.localeCompare(b));
}

export type TypedDate = { date: string; how: string } | { problem: string };

const RELATIVE = /^\+(\d{1,4})\s*([dwm])$/i;

/**
 * A new due date from what the user typed: `YYYY-MM-DD`, or `+14d`, `+2w`, `+1m` counted from
 * `base` (the later of the current due date and as-of, so an overdue action is not extended into
 * the past). It must be after `currentDue` when that is a date.
 */
export function parseNewDueDate(input: string, base: number, currentDue: unknown): TypedDate {
  const value = input.trim();
  let day: number | undefined;
  let how: string;
  const relative = RELATIVE.exec(value);
  if (relative) {
    const amount = Number(relative[1]);
    const unit = relative[2].toLowerCase();
    if (amount === 0) return { problem: `${value} does not move the date; type a date as YYYY-MM-DD, or +14d, +2w, +1m` };
    day = addDuration(base, { amount, unit: unit === 'd' ? 'D' : unit === 'w' ? 'W' : 'M' });
    how = `${value} from ${formatDate(base)}`;
  } else {
    day = parseDate(value);
    if (day === undefined) return { problem: `'${value}' is not a date: type YYYY-MM-DD (a real calendar date), or +14d, +2w, +1m` };
    how = 'typed date';
  }
  const current = parseDate(currentDue);
  if (current !== undefined && day <= current) return { problem: `${formatDate(day)} is not after the current due date ${formatDate(current)}` };
  return { date: formatDate(day), how };
}
