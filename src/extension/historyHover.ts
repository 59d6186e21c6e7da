// Hovers from the history from git (src/core/history): an action's `due` shows how it moved
// ("moved 2 times: 2026-09-30 → 2026-10-15 (a1b2c3d, Ana, 2026-09-28) → …"), a Nonconformity's id
// when git says it was raised, closed or reopened. Called by editorHelp.ts.
import * as vscode from 'vscode';
import type { CommitInfo } from '../core/history/gitHistory';
import type { DueHistoryView } from '../core/history/dueHistoryView';
import { actionKeys, recordedChanges, recordedKey } from '../core/history/versions';
import { actionsOf, type IsmsRecord } from '../core/model/records';
import { nodeAtOffset } from '../core/parse/nodes';
import { recordAtOffset } from '../core/reading/ismsFile';
import type { IsmsFolder } from './ismsFolder';

/** The hover of an action's `due` (its key or value), or undefined when the position is elsewhere or there is no history. */
export function dueHistoryHover(folder: IsmsFolder, document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const view = folder.dueHistory;
  if (!view) return undefined;
  const offset = document.offsetAt(position);
  const record = recordAtOffset(folder.readDocument(document), offset);
  const at = record?.id ? nodeAtOffset(record.doc, offset) : undefined;
  if (!record || !at || at.onKey || at.path[at.path.length - 1] !== 'due') return undefined;
  const actionPath = at.path.slice(0, -1).join('/');
  const entries = actionsOf(record);
  const index = entries.findIndex((e) => e.path.join('/') === actionPath);
  if (index === -1) return undefined;
  const md = dueHistoryMarkdown(view, record, index);
  return new vscode.Hover(md, new vscode.Range(document.positionAt(at.node.range[0]), document.positionAt(at.node.range[1])));
}

/** "moved N times: X → Y (commit, author, date) → …", plus a change not committed yet. */
export function dueHistoryMarkdown(view: DueHistoryView, record: IsmsRecord, actionIndex: number): vscode.MarkdownString {
  const entries = actionsOf(record);
  const key = actionKeys(entries.map((e) => e.action))[actionIndex];
  const action = entries[actionIndex].action;
  const moves = key !== undefined ? view.movesOf(record.id ?? '', key) : [];
  const committed = key !== undefined ? view.headRecord(record.id ?? '')?.actions.find((a) => a.key === key)?.due : undefined;
  const recorded = new Set(recordedChanges(action));
  const steps: string[] = [];
  let last: string | undefined;
  for (const move of moves) {
    const note = move.recorded || recorded.has(recordedKey(move.from, move.to)) ? '' : ', not in due_history';
    steps.push(`${last === move.from ? '' : `${steps.length > 0 ? '; ' : ''}${move.from}`} → ${move.to} (${commitText(move.commit)}${note})`);
    last = move.to;
  }
  let uncommitted = 0;
  if (committed !== undefined && typeof action.due === 'string' && committed !== action.due) {
    uncommitted = 1;
    steps.push(`${last === committed ? '' : `${steps.length > 0 ? '; ' : ''}${committed}`} → ${action.due} (not committed yet${recorded.has(recordedKey(committed, action.due)) ? '' : ', not in due_history'})`);
  }
  const times = moves.length + uncommitted;
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**due** history (git)\n\n');
  if (times === 0) md.appendMarkdown(escape(`not moved since ${view.since}`));
  else md.appendMarkdown(escape(`moved ${times === 1 ? 'once' : `${times} times`}: ${steps.join('')}`));
  return md;
}

/** Markdown's special characters escaped (author names and action labels are free text). */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}

/** Lines for a Nonconformity's hover: when git says it was raised, closed and reopened. */
export function nonconformityHistoryLines(view: DueHistoryView, id: string): string[] {
  const life = view.lifeOf(id);
  const lines: string[] = [];
  if (!life) return view.headRecord(id) ? [`in the repository since before ${view.since} (git)`] : [];
  lines.push(life.added ? `raised: ${commitText(life.added)}` : `in the repository since before ${view.since}`);
  for (const change of life.statusChanges) {
    if (change.to === 'closed') lines.push(`closed: ${commitText(change.commit)}`);
    else if (change.from === 'closed') lines.push(`reopened (${change.to ?? 'no status'}): ${commitText(change.commit)}`);
  }
  if (life.removedIn && !view.headRecord(id)) lines.push(`removed: ${commitText(life.removedIn)}`);
  return lines;
}

function commitText(commit: CommitInfo): string {
  return `${commit.short}, ${commit.authorName}, ${commit.date}`;
}

