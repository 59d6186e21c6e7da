// What the due-changed-without-history rule and the editor's hovers ask of the history: the
// committed due changes of one action, and a record as the last commit has it.
import type { DueMove, GitHistory, RecordLife } from './gitHistory';
import type { VersionRecord } from './versions';

export interface DueHistoryView {
  /** Committed changes of the action's `due`, oldest first. */
  movesOf(record: string, action: string): readonly DueMove[];
  /** Whether any action of the record had its `due` changed in a commit of the window. */
  hasMoves(record: string): boolean;
  /** The record as the last commit (HEAD) has it. */
  headRecord(record: string): VersionRecord | undefined;
  /** What the window's commits say about a record id (added, status changes, removal). */
  lifeOf(record: string): RecordLife | undefined;
  /** The window's first day. */
  readonly since: string;
}

export function dueHistoryView(history: GitHistory): DueHistoryView {
  const moves = new Map<string, DueMove[]>();
  const moved = new Set<string>();
  for (const move of history.dueMoves) {
    moved.add(move.record);
    const key = `${move.record}\0${move.action}`;
    const list = moves.get(key);
    if (list) list.push(move);
    else moves.set(key, [move]);
  }
  return {
    since: history.since,
    movesOf: (record, action) => moves.get(`${record}\0${action}`) ?? [],
    hasMoves: (record) => moved.has(record),
    headRecord: (record) => history.headRecords.get(record)?.record,
    lifeOf: (record) => history.lives.get(record),
  };
}
