// What the sidebar's view models share: the repository they read, where a record is, and small
// formatting helpers. Pure TypeScript (no `vscode`): the extension only renders the nodes.
import type { IsmsConfig } from '../config/config';
import type { IsmsFile } from '../reading/ismsFile';
import type { StatusChange } from '../status/statusModel';
import type { IsmsDiagnostic, NodePath, Range } from '../model/model';
import { rangeOf } from '../reading/ismsFile';
import type { IsmsRecord } from '../model/records';
import type { RepositoryView } from '../rules/rule';

/** Read access to a repository as the views need it (RepositoryIndex implements it). */
export interface ViewRepository extends RepositoryView {
  records(): IsmsRecord[];
  /** The Nonconformity and Risk records naming this control in their `controls` (each once). */
  recordsListingControl(controlId: string): readonly IsmsRecord[];
  file(path: string): IsmsFile | undefined;
  readonly config: IsmsConfig;
  /** The as-of date, days since the epoch. */
  readonly asOf: number;
}

/** Where a record (or a part of it) is: repository-relative file, YAML document index, range. */
export interface RecordLocation {
  file: string;
  document: number;
  range: Range;
  /** The node the range covers; ranges move as text is typed above, so openers re-locate with it. */
  path: NodePath;
}

/**
 * The location of the node at `path` of a record (its `id` value by default). The range is
 * computed on first read: views build thousands of rows, and a range needs the file's line starts.
 */
export function locate(repository: ViewRepository, record: IsmsRecord, path: NodePath = ['id']): RecordLocation {
  let range: Range | undefined;
  return {
    file: record.file, document: record.document, path,
    get range(): Range {
      if (!range) {
        const file = repository.file(record.file);
        const [start, end] = rangeOf(record, path);
        range = file ? file.lines.range(start, end) : { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 0, offset: 0 } };
      }
      return range;
    },
  };
}

/** The location again, from the repository's current text (the record's file and document). */
export function relocate(repository: ViewRepository, location: RecordLocation): RecordLocation {
  const record = repository.file(location.file)?.records.find((r) => r.document === location.document);
  return record ? locate(repository, record, location.path) : location;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Escapes text for Markdown tooltips. */
export function md(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export { compareIds } from '../status/urgency';
export { days } from '../status/phrases';

/** Tooltip lines listing a status's problems (worst first), as the Problems panel words them. */
export function problemLines(problems: readonly IsmsDiagnostic[], max = 5): string[] {
  if (problems.length === 0) return [];
  const lines = ['', `**Problems** (${problems.length}):`];
  for (const p of problems.slice(0, max)) lines.push(`- ${p.severity === 'error' ? '$(error)' : p.severity === 'warning' ? '$(warning)' : '$(info)'} ${md(p.message)} (\`${p.code}\`)`);
  if (problems.length > max) lines.push(`- … and ${problems.length - max} more`);
  return lines;
}

/** Defines `node.tooltip` as computed on first read (tooltips are only needed on hover). */
export function lazyTooltip<T extends { tooltip: string }>(node: Omit<T, 'tooltip'>, compute: () => string): T {
  let value: string | undefined;
  Object.defineProperty(node, 'tooltip', { get: () => (value ??= compute()), enumerable: true, configurable: true });
  return node as T;
}

/** What every node of a sidebar view model has. */
export interface ViewNode {
  /** Stable and unique within the view: keeps expansion state across refreshes. */
  id: string;
  parentId: string | undefined;
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  hasChildren: boolean;
}

/** A view model: roots, lazily built children, and the way back up (for reveal). */
export abstract class TreeViewModel<N extends ViewNode> {
  abstract readonly roots: readonly N[];
  abstract node(id: string): N | undefined;
  abstract childrenOf(id: string | undefined): N[];

  parentOf(id: string): N | undefined {
    const parent = this.node(id)?.parentId;
    return parent === undefined ? undefined : this.node(parent);
  }

  /**
   * After a status change: whether this model still holds (having forgotten the rows the change
   * may alter, to be rebuilt when asked for), so the view need not build a new one. By default no.
   */
  keepsThrough(change: StatusChange): boolean {
    void change;
    return false;
  }
}

/**
 * The rows a model built, by node id, with the status object each shows. A model built after a
 * change takes over a row of the model it replaces when the status object is the same one (the
 * status model made no new one: the record's file was not touched) and the row sits under the
 * same parent; so one edit rebuilds the rows of the changed records, not the whole page.
 */
export class BuiltRows<S extends object, N extends ViewNode> {
  private readonly rows = new Map<string, { status: S; node: N }>();

  constructor(private previous?: BuiltRows<S, N>) {}

  /** The previous model's row for `id`, if it showed this very status under `parentId`. */
  reuse(id: string, status: S, parentId: string | undefined): N | undefined {
    const row = this.previous?.rows.get(id);
    if (!row || row.status !== status || row.node.parentId !== parentId) return undefined;
    this.rows.set(id, row);
    return row.node;
  }

  add(id: string, status: S, node: N): N {
    this.rows.set(id, { status, node });
    return node;
  }

  /** Forgets the previous model (after the first page was built), so models never chain. */
  release(): void {
    this.previous = undefined;
  }
}

/** The root (and each group) never holds more rows than this until the user asks for more. */
export const PAGE_SIZE = 200;

/** "Show 200 more… · 4,259 not shown": the row at a page boundary. */
export interface MoreNode extends ViewNode {
  type: 'more';
  hidden: number;
}

/**
 * One page of a long list: its first `limit` items made into rows (only those are built), then a
 * "Show more" row when items are left; `hint` says how to find one quickly.
 */
export function pageOf<T, N extends ViewNode>(
  items: readonly T[], limit: number, toNode: (item: T) => N, more: { id: string; parentId: string | undefined; hint: string },
): Array<N | MoreNode> {
  const shown: Array<N | MoreNode> = items.slice(0, limit).map(toNode);
  if (items.length <= limit) return shown;
  const hidden = items.length - limit;
  shown.push({
    type: 'more', id: more.id, parentId: more.parentId, hidden, hasChildren: false,
    label: `Show ${Math.min(hidden, PAGE_SIZE)} more…`, description: `${hidden.toLocaleString('en')} not shown`,
    tooltip: `${hidden.toLocaleString('en')} more ${more.hint}`,
  });
  return shown;
}
