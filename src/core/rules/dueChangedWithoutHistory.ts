// due-changed-without-history (FORMAT.md, "history from git"): an action's `due` changed between
// two consecutive committed versions of its record, or between the last commit and the working
// tree (or the editor's text), without a due_history entry {from, to}. A change recorded later,
// in the current text, counts as recorded: that is what the quick fix writes.
import { RECORD_KINDS } from '../model/model';
import { actionLabel, actionsOf } from '../model/records';
import { actionKeys, recordedChanges, recordedKey } from '../history/versions';
import type { Rule } from './rule';

export const dueChangedWithoutHistory: Rule = {
  code: 'due-changed-without-history',
  defaultSeverity: 'warning',
  description: "An action's `due` was changed (in a commit, or since the last commit) without a `due_history` entry `{from, to}`; needs the repository's git history.",
  kinds: RECORD_KINDS,
  crossFile: false,
  check(record, { repository, report }) {
    const history = repository.dueHistory?.();
    const id = record.id;
    if (!history || !id) return;
    // Most records: never committed with a moved due, and new since the last commit or unchanged.
    const head = history.headRecord(id);
    if (!head && !history.hasMoves(id)) return;
    const entries = actionsOf(record);
    if (entries.length === 0) return;
    const keys = actionKeys(entries.map((e) => e.action));
    entries.forEach(({ action, path }, i) => {
      const key = keys[i];
      if (key === undefined) return;
      const moves = history.movesOf(id, key);
      const committed = head?.actions.find((a) => a.key === key)?.due;
      if (moves.length === 0 && (committed === undefined || committed === action.due)) return;
      const recorded = new Set(recordedChanges(action));
      const at = 'due' in action ? [...path, 'due'] : [...path];
      const label = actionLabel(action, i);
      for (const move of moves) {
        if (move.recorded || recorded.has(recordedKey(move.from, move.to))) continue;
        report({
          record, path: at,
          message: `Action '${label}': due changed from ${move.from} to ${move.to} in ${move.commit.short} (${move.commit.date}, ${move.commit.authorName}) without a due_history entry {from: ${move.from}, to: ${move.to}}`,
          fix: { kind: 'record-due-change', from: move.from, to: move.to, on: move.commit.date },
        });
      }
      if (committed === undefined || typeof action.due !== 'string' || committed === action.due || recorded.has(recordedKey(committed, action.due))) return;
      report({
        record, path: at,
        message: `Action '${label}': due changed from ${committed} to ${action.due} since the last commit without a due_history entry {from: ${committed}, to: ${action.due}}`,
        fix: { kind: 'record-due-change', from: committed, to: action.due },
      });
    });
  },
};
