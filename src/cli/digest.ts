// `isms digest`: per owner, their overdue and soon-due actions of every kind of record (FORMAT.md
// "Actions everywhere"), most urgent first, with links to the files: for a scheduled CI job that
// reminds owners without a server. It informs, it does not gate: exit 0 even with findings.
// Every judgement (overdue, due today, due soon) comes from the status model (src/core/status);
// this module only selects, groups and prints.
import * as path from 'node:path';
import { check, UsageError } from '../core/engine/check';
import type { RepositoryIndex } from '../core/index/repositoryIndex';
import { cliHistoryThreads } from './historyThreads';
import { blockingFileSystem } from '../core/reading/fileSystem';
import { rangeOf } from '../core/reading/ismsFile';
import { toRelative } from '../core/reading/repository';
import { RepositoryStatus, type ActionStatus } from '../core/status/statusModel';
import { compareActionUrgency } from '../core/status/urgency';
import { isOwnedBy } from '../core/views/actionsView';

export interface DigestArguments {
  command: 'digest';
  paths: string[];
  owner?: string;
  format: 'md' | 'json';
  /** Due-soon window in days; default the config's `dueSoonDays`. */
  within?: number;
  asOf?: string;
  config?: string;
  /** Prefix of the file links, e.g. `https://github.com/org/repo/blob/<sha>/`; default relative to the working directory. */
  linkBase?: string;
}

export const DIGEST_HELP = `  isms digest [PATH] [--owner EMAIL] [--format md|json] [--within DAYS]
              [--as-of YYYY-MM-DD] [--config FILE] [--link-base URL]
                  per owner, their overdue and soon-due actions (every kind of
                  record), most urgent first, with links to the files; always
                  exits 0 (it informs, it does not gate)
    --owner       only this owner's actions (case-insensitive)
    --within      soon means due within DAYS (default: config dueSoonDays, 14)
    --link-base   prefix for the file links (e.g. a GitHub blob URL ending in /)`;

export interface DigestAction {
  record: string | undefined;
  kind: string | undefined;
  action: string;
  due: string | undefined;
  state: 'overdue' | 'due-today' | 'due-soon';
  /** Days past due (> 0), 0 today, < 0 days until due. */
  days: number;
  file: string;
  line: number;
  link: string;
}

export interface OwnerDigest {
  owner: string;
  overdue: number;
  dueSoon: number;
  actions: DigestAction[];
  /** This owner's digest as Markdown, ready to post (an issue comment, a chat message). */
  markdown: string;
}

export interface Digest {
  asOf: string;
  within: number;
  owners: OwnerDigest[];
}

const NO_OWNER = '(no owner)';

export async function runDigest(args: DigestArguments, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  if (args.paths.length > 1) throw new UsageError('isms digest takes one PATH');
  const result = await check({ cwd, fs: blockingFileSystem, requireIsmsFiles: true, paths: args.paths, asOf: args.asOf, configFile: args.config, historyThreads: cliHistoryThreads() });
  const digest = buildDigest(result.index, result.root, cwd, args.paths[0] ?? '.', result.asOf, args);
  const stdout = args.format === 'json' ? JSON.stringify(digest, null, 2) + '\n' : formatDigestMarkdown(digest, args.owner);
  return { code: 0, stdout, stderr: '' };
}

export function buildDigest(index: RepositoryIndex, root: string, cwd: string, target: string, asOf: string, options: Pick<DigestArguments, 'owner' | 'within' | 'linkBase'>): Digest {
  const within = options.within ?? index.config.dueSoonDays;
  const widened = options.within !== undefined;
  const under = path.resolve(cwd, target);
  const status = new RepositoryStatus(index);
  const byOwner = new Map<string, { owner: string; actions: ActionStatus[] }>();
  for (const action of status.actions()) {
    if (!action.open || action.record.broken || digestState(action, within, widened) === undefined) continue;
    if (!isInside(under, path.join(root, action.record.file))) continue;
    const owner = action.owner?.trim() || NO_OWNER;
    if (options.owner !== undefined && !isOwnedBy(owner, options.owner)) continue;
    const key = owner.toLowerCase();
    const entry = byOwner.get(key) ?? { owner, actions: [] };
    entry.actions.push(action);
    byOwner.set(key, entry);
  }
  const owners = [...byOwner.values()]
    .sort((a, b) => (a.owner === NO_OWNER ? 1 : b.owner === NO_OWNER ? -1 : a.owner.toLowerCase() < b.owner.toLowerCase() ? -1 : 1))
    .map(({ actions }) => {
      actions.sort(compareActionUrgency);
      // One owner spelt differently in different records is shown as their most urgent action spells it.
      const owner = actions[0].owner?.trim() || NO_OWNER;
      const listed = actions.map((a) => digestAction(a, within, widened, index, root, cwd, options.linkBase));
      const digest = { owner, overdue: listed.filter((a) => a.state === 'overdue').length, dueSoon: listed.filter((a) => a.state !== 'overdue').length, actions: listed };
      return { ...digest, markdown: ownerMarkdown(digest, asOf, within) };
    });
  return { asOf, within, owners };
}

/**
 * The digest's reading of the status model's state: overdue (also when the overdue action is an
 * error, past `overdueErrorAfterDays`), due today or due soon, as the model says (so config `rules`
 * apply); an explicit --within instead takes every open action the model gives as due within
 * that many days.
 */
function digestState(a: ActionStatus, within: number, widened: boolean): DigestAction['state'] | undefined {
  if (a.state === 'overdue' || (a.state === 'error' && a.problems.some((p) => p.code === 'overdue-action'))) return 'overdue';
  if (a.daysOverdue === undefined || a.daysOverdue > 0 || -a.daysOverdue > within) return undefined;
  if (a.state === 'due-today' || a.state === 'due-soon') return a.daysOverdue === 0 ? 'due-today' : 'due-soon';
  // Beyond `dueSoonDays` (or with action-due-soon off) the model says on-track; --within asks for those too.
  if (widened && a.state === 'on-track') return a.daysOverdue === 0 ? 'due-today' : 'due-soon';
  return undefined;
}

function digestAction(a: ActionStatus, within: number, widened: boolean, index: RepositoryIndex, root: string, cwd: string, linkBase: string | undefined): DigestAction {
  const file = index.file(a.record.file);
  const [start] = rangeOf(a.record, a.due !== undefined ? [...a.path, 'due'] : a.path);
  const line = (file?.lines.position(start).line ?? 0) + 1;
  const shown = toRelative(cwd, path.join(root, a.record.file));
  const linked = linkBase !== undefined ? linkBase + toRelative(root, path.join(root, a.record.file)).split('/').map(encodeURIComponent).join('/') : shown.split('/').map(encodeURIComponent).join('/');
  return {
    record: a.record.id,
    kind: a.record.kind,
    action: a.label,
    due: a.due,
    state: digestState(a, within, widened)!,
    days: a.daysOverdue ?? 0,
    file: shown,
    line,
    link: `${linked}#L${line}`,
  };
}

function when(a: DigestAction): string {
  if (a.state === 'overdue') return `**overdue ${a.days} day${a.days === 1 ? '' : 's'}**`;
  if (a.days === 0) return '**due today**';
  return `due in ${-a.days} day${a.days === -1 ? '' : 's'}`;
}

/** Markdown table cells: `|` and line breaks would break the row. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function ownerMarkdown(d: Omit<OwnerDigest, 'markdown'>, asOf: string, within: number): string {
  const counts = [d.overdue ? `${d.overdue} overdue` : '', d.dueSoon ? `${d.dueSoon} due within ${within} day${within === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
  const rows = d.actions.map((a) => `| ${when(a)} | ${a.due ?? ''} | ${cell(a.action)} | [${cell(a.record ?? a.kind ?? 'record')}](${a.link}) |`);
  return [`### ${cell(d.owner)}: ${counts}`, '', `As of ${asOf}, most urgent first.`, '', '| when | due | action | record |', '|---|---|---|---|', ...rows, ''].join('\n');
}

export function formatDigestMarkdown(digest: Digest, owner: string | undefined): string {
  const actions = digest.owners.reduce((n, o) => n + o.actions.length, 0);
  const head = `## ISMS digest as of ${digest.asOf}`;
  if (actions === 0) {
    const whose = owner !== undefined ? ` for ${owner}` : '';
    return `${head}\n\nNo overdue actions and none due within ${digest.within} day${digest.within === 1 ? '' : 's'}${whose}.\n`;
  }
  const summary = `${actions} action${actions === 1 ? '' : 's'} overdue or due within ${digest.within} day${digest.within === 1 ? '' : 's'}, ${digest.owners.length} owner${digest.owners.length === 1 ? '' : 's'}.`;
  return [head, '', summary, '', ...digest.owners.map((o) => o.markdown)].join('\n');
}

function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
