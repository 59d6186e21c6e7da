// Finding an ISMS repository on disk: its root, its config and its ISMS files.
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import { ALWAYS_EXCLUDED, CONFIG_FILE, ConfigError, DEFAULT_CONFIG, parseConfig, type IsmsConfig } from '../config/config';
import { decodeFileText, InvalidUtf8Error } from './fileText';
import type { FileSystem } from './fileSystem';
import type { IsmsDiagnostic } from '../model/model';
import { KNOWN_CODES } from '../rules';

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
/** A config is a few lines; yaml's duplicate-key check on a config is quadratic, so keep it small. */
const MAX_CONFIG_BYTES = 64 * 1024;

/** The nearest folder from `start` upwards holding isms.config.yaml, else .git, else `fallback`. */
export async function findRoot(start: string, fs: FileSystem, fallback: string): Promise<string> {
  let dir = start;
  try {
    if ((await fs.stat(start)).type !== 'directory') dir = path.dirname(start);
  } catch {
    dir = path.dirname(start);
  }
  let gitRoot: string | undefined;
  for (let current = dir; ; current = path.dirname(current)) {
    if (await exists(fs, path.join(current, CONFIG_FILE))) return current;
    if (!gitRoot && (await exists(fs, path.join(current, '.git')))) gitRoot = current;
    if (path.dirname(current) === current) break;
  }
  return gitRoot ?? fallback;
}

async function exists(fs: FileSystem, p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** Reads the config: `configFile` if given, else the root's isms.config.yaml, else the defaults. */
export async function loadConfig(root: string, fs: FileSystem, configFile?: string, label?: string): Promise<IsmsConfig> {
  const file = configFile ?? path.join(root, CONFIG_FILE);
  const name = label ?? (configFile ? configFile : CONFIG_FILE);
  let bytes: Uint8Array;
  try {
    // Stat first: reading a FIFO named isms.config.yaml would wait forever, a huge file fill memory.
    const info = await fs.stat(file);
    if (info.type !== 'file') throw new ConfigError(name, undefined, 'is not a regular file');
    if (info.size > MAX_CONFIG_BYTES) throw new ConfigError(name, undefined, `is ${formatBytes(info.size)}, over the ${formatBytes(MAX_CONFIG_BYTES)} limit for a config`);
    bytes = await fs.readFile(file);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if (!configFile && (e as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_CONFIG;
    throw new ConfigError(name, undefined, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let text: string;
  try {
    text = decodeFileText(bytes).text;
  } catch (e) {
    throw new ConfigError(name, undefined, (e as Error).message);
  }
  return parseConfig(text, name, KNOWN_CODES);
}

/** Decides which repository-relative paths are ISMS files under a config. */
export class IsmsFileMatcher {
  private readonly include: Minimatch[];
  private readonly exclude: Minimatch[];
  private readonly ownExclude: Minimatch[];

  constructor(config: IsmsConfig) {
    const options = { dot: true };
    this.include = config.include.map((g) => new Minimatch(g, options));
    this.ownExclude = config.exclude.map((g) => new Minimatch(g, options));
    this.exclude = [...ALWAYS_EXCLUDED.map((g) => new Minimatch(g, options)), ...this.ownExclude];
  }

  matches(relativePath: string): boolean {
    if (relativePath === CONFIG_FILE) return false;
    return this.include.some((m) => m.match(relativePath)) && !this.exclude.some((m) => m.match(relativePath));
  }

  /**
   * matches() for a path of scanRepository's walk, which never enters the folders ALWAYS_EXCLUDED
   * names (skipsFolder), so only the config's own excludes can apply: two glob matches fewer per file.
   */
  matchesInWalk(relativePath: string): boolean {
    if (relativePath === CONFIG_FILE) return false;
    return this.include.some((m) => m.match(relativePath)) && !this.ownExclude.some((m) => m.match(relativePath));
  }

  /** Folders never worth walking into. */
  static skipsFolder(name: string): boolean {
    return name === 'node_modules' || name === '.git';
  }
}

export interface ScannedFile {
  /** Repository-relative, `/` separators. */
  path: string;
  text?: string;
  hasBom?: boolean;
  /** Set when the file could not be read; `text` is then absent. */
  problem?: IsmsDiagnostic;
}

export function toRelative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

/**
 * Walks the repository for ISMS files. Never follows symlinked folders (no loops, nothing outside
 * the root), reads symlinked files only when they resolve inside the root and to a file not
 * read otherwise (each real file once), reports FIFOs, sockets
 * and folders named like ISMS files instead of reading them, and survives files vanishing mid-scan.
 */
export async function scanRepository(root: string, matcher: IsmsFileMatcher, fs: FileSystem, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<ScannedFile[]> {
  // Files are read a few at a time: one after another, the scan mostly waited on the file system
  // (~4 round trips to libuv's thread pool per file). The order of `found` is the walk's order.
  const found: Array<ScannedFile | Promise<ScannedFile>> = [];
  const limit = concurrencyLimit(READ_CONCURRENCY);
  const realRoot = await fs.realpath(root).catch(() => root);
  const readPaths: string[] = [];
  const links: Array<{ absolute: string; relative: string }> = [];
  // Each folder with its absolute and repository-relative path, so a file's are one concatenation
  // away (path.join per file was ~1 % of a check of 10,000 small files).
  const top = path.resolve(root);
  const pending: Array<{ dir: string; relative: string }> = [{ dir: top.endsWith(path.sep) ? top : top + path.sep, relative: '' }];
  while (pending.length > 0) {
    const { dir, relative: folder } = pending.pop()!;
    let entries: Array<{ name: string; type: string }>;
    try {
      entries = await fs.readdir(dir);
    } catch {
      continue; // a folder that vanished or cannot be listed holds nothing we can check
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = dir + entry.name;
      const relative = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.type === 'directory') {
        if (!IsmsFileMatcher.skipsFolder(entry.name)) pending.push({ dir: absolute + path.sep, relative });
        if (matcher.matchesInWalk(relative)) found.push(notReadable(relative, 'is a folder, not an ISMS file'));
        continue;
      }
      if (!matcher.matchesInWalk(relative)) continue;
      if (entry.type === 'symlink') {
        links.push({ absolute, relative });
        continue;
      }
      readPaths.push(relative);
      found.push(limit(() => (entry.type === 'file' && fs.readRegularFile ? readListedFile(absolute, relative, fs, maxBytes) : readScannedFile(absolute, relative, fs, maxBytes, realRoot))));
    }
  }
  // Each real file is read once: a symlink to a file the walk reads anyway (or to one another
  // link already stands for) is skipped; links that cannot be resolved are read to report why.
  const realFiles = new Set(links.length > 0 ? readPaths.map((relative) => path.join(realRoot, relative)) : []);
  for (const link of links) {
    const target = await fs.realpath(link.absolute).catch(() => undefined);
    if (target !== undefined && realFiles.has(target)) continue;
    if (target !== undefined) realFiles.add(target);
    found.push(limit(() => readScannedFile(link.absolute, link.relative, fs, maxBytes, realRoot)));
  }
  return Promise.all(found);
}

/** Files read at the same time by scanRepository (well under any open-file limit). */
const READ_CONCURRENCY = 16;

/** Runs the tasks given to it with at most `max` running at once, in the order given. */
function concurrencyLimit(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  // A queue read from `head` on: a scan queues every file at once, and shift() on an array of
  // thousands moves all of them each time.
  let waiting: Array<() => void> = [];
  let head = 0;
  // A finishing task hands its slot straight to the next waiting one, so `running` never exceeds max.
  const release = (): void => {
    if (head === waiting.length) {
      running--;
      return;
    }
    const next = waiting[head++];
    if (head === waiting.length) {
      waiting = [];
      head = 0;
    }
    next();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/**
 * readScannedFile for a path the folder listing called a file, in one open (FileSystem.readRegularFile);
 * the same results and messages.
 */
async function readListedFile(absolute: string, relative: string, fs: FileSystem, maxBytes: number): Promise<ScannedFile> {
  try {
    const read = await fs.readRegularFile!(absolute, maxBytes);
    if (read.bytes) {
      const { text, hasBom } = decodeFileText(read.bytes);
      return { path: relative, text, hasBom };
    }
    return unreadAs(relative, read, maxBytes);
  } catch (e) {
    return readProblem(relative, e);
  }
}

/** Why a file of this type and size is not read. */
function unreadAs(relative: string, info: { type: string; size: number }, maxBytes: number): ScannedFile {
  if (info.type === 'directory') return notReadable(relative, 'is a folder, not an ISMS file');
  if (info.type !== 'file') return notReadable(relative, 'is not a regular file (FIFO, socket or device); it is not read');
  return { path: relative, problem: fileDiagnostic(relative, 'file-too-large', 'error', `File is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit for ISMS files; it is not read`) };
}

function readProblem(relative: string, e: unknown): ScannedFile {
  if (e instanceof InvalidUtf8Error) return { path: relative, problem: fileDiagnostic(relative, 'invalid-utf8', 'error', `File is ${e.message}`) };
  const code = (e as NodeJS.ErrnoException).code;
  return notReadable(relative, code === 'ENOENT' ? 'vanished while the repository was scanned' : `could not be read (${code ?? (e as Error).message})`);
}

/** Reads one ISMS file defensively: size checked before reading, strict UTF-8, regular files only. */
export async function readScannedFile(absolute: string, relative: string, fs: FileSystem, maxBytes: number, realRoot?: string): Promise<ScannedFile> {
  try {
    const link = await fs.lstat(absolute);
    if (link.type === 'symlink') {
      const target = await fs.realpath(absolute);
      if (realRoot && !isInside(realRoot, target)) return notReadable(relative, 'is a symlink to a file outside the repository; it is not read');
    }
    // lstat already describes a file that is not a symlink; only a symlink's target needs a stat.
    const info = link.type === 'symlink' ? await fs.stat(absolute) : link;
    if (info.type !== 'file' || info.size > maxBytes) return unreadAs(relative, info, maxBytes);
    const { text, hasBom } = decodeFileText(await fs.readFile(absolute));
    return { path: relative, text, hasBom };
  } catch (e) {
    return readProblem(relative, e);
  }
}

function notReadable(relative: string, why: string): ScannedFile {
  return { path: relative, problem: fileDiagnostic(relative, 'file-unreadable', 'info', `${relative} ${why}`) };
}

export function fileDiagnostic(file: string, code: string, severity: IsmsDiagnostic['severity'], message: string): IsmsDiagnostic {
  const start = { line: 0, character: 0, offset: 0 };
  return { file, range: { start, end: start }, severity, code, message };
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

