// `isms check --cache`: what reading a file produced (records' plain values, ids, kinds, the
// ranges rules report at, the reading-stage diagnostics, the mapping count), stored per file in
// one file of lines (a JSON header, then per ISMS file its JSON path, a tab and its JSON entry)
// and keyed by repository path + SHA-1 of the text + engine version + schema hash. Lines are read
// and written one at a time, and an entry is parsed only when its file is read, so neither the
// whole cache nor all its parsed entries sit in memory next to the repository's records.
// A second run re-reads only changed files; every rule still runs (cross-file rules must, and the
// per-file ones cost little next to parsing), so the cache can never change a result. Records
// restored from the cache have a lazy `doc` (parse/rangeTable.ts), re-parsed only if needed.
// Anything wrong with the cache file (missing, corrupt, another version) means: start empty.
import { createHash } from '../nodeBuiltins';
import type { FileSystem, RandomAccessFile } from './fileSystem';
import { readIsmsFile, type IsmsFile } from './ismsFile';
import { isMapping, RECORD_KINDS, type IsmsDiagnostic, type RecordKind, type YamlMapping } from '../model/model';
import { LineMap } from '../parse/lines';
import type { RangeTable } from '../parse/rangeTable';
import { ReadRecord } from './readRecord';
import type { IsmsRecord } from '../model/records';
import schemaHash from '../schema/generated/schemaHash.json';
import { findSuppressions } from './suppressions';
import { isFileVersion, type FileVersion } from '../history/versions';
import type { VersionCache } from '../history/versionCache';

declare const ISMS_VERSION: string | undefined;

/** Bump when what readIsmsFile produces changes shape or meaning without a version change. */
const CACHE_FORMAT = 6;

/**
 * Lines of parsed history versions (src/core/history) are keyed by blob id after this prefix,
 * which no repository path can start with (a NUL).
 */
const VERSION_PREFIX = '\u0000git:';
/** The line of git's answers (log, trees) for the last commit read, after this prefix and its key. */
const READS_PREFIX = '\u0000gitreads:';
/** The line of the history computed from them, after this prefix and the same key. */
const RESULT_PREFIX = '\u0000gitresult:';

let engineKeyMemo: string | undefined;
/** Engine version + format + a hash of the compiled schema validators (their source embeds the schemas). */
export function engineKey(): string {
  if (engineKeyMemo === undefined) {
    const version = typeof ISMS_VERSION === 'string' ? ISMS_VERSION : '0.0.0-dev';
    engineKeyMemo = `${version}/${CACHE_FORMAT}/${schemaHash.sha1}`;
  }
  return engineKeyMemo;
}

interface CachedRecord {
  /** document index, kind, id, value, broken, ranges */
  d: number;
  k: string | null;
  i: string | null;
  v: YamlMapping;
  b: boolean;
  /** The range table as it is (flat key, range pairs). */
  r: RangeTable;
}

interface CachedFile {
  h: string;
  m: number;
  /** Stage diagnostics without `file` (it is the key). */
  g: Array<Omit<IsmsDiagnostic, 'file'>>;
  r: CachedRecord[];
}

/** The first line of the cache file; each further line is `JSON path <tab> JSON CachedFile`. */
interface CacheHeader {
  format: 'isms-check-cache';
  engine: string;
}

export class CheckCache {
  /** What this run read, by path: serialized only when saving. */
  private readonly next = new Map<string, { hash: string; file: IsmsFile }>();
  /** History versions by blob id, read or added this run: saved with the files. */
  private readonly nextVersions = new Map<string, FileVersion>();
  private nextReads: { key: string; value: unknown } | undefined;
  private nextResult: { key: string; value: unknown } | undefined;
  /** Files whose cached entry was used, and files read afresh (for tests and the bench). */
  readonly stats = { hits: 0, misses: 0 };
  private changed = false;
  private readonly previousSize: number;
  /** The previous run's history versions not asked for before `close`, as stored (see `save`). */
  private kept: Array<[string, Uint8Array]> = [];

  private constructor(private readonly previous: CachedEntries, readonly file: string) {
    this.previousSize = previous.size;
  }

  /**
   * Loads the cache file's index; a missing, unreadable, corrupt or foreign file gives an empty
   * cache. With random access (the Node file system) only the paths are read now and each entry
   * when its file is read, so the cache adds almost nothing to the memory of a run; otherwise the
   * entries are kept as text until their files are read. Call `save` or `close` when done.
   */
  static async load(file: string, fs: FileSystem): Promise<CheckCache> {
    let entries: CachedEntries = NO_ENTRIES;
    try {
      entries = fs.openForReading ? await entriesOnDisk(await fs.openForReading(file)) : entriesInMemory(await fs.readFile(file));
    } catch {
      // no cache yet, or not one we can use: start empty
    }
    return new CheckCache(entries, file);
  }

  /** The history's versions by blob id (gitHistory.ts), read from and saved with this cache. */
  readonly versions: VersionCache = {
    get: (blob) => {
      const known = this.nextVersions.get(blob);
      if (known) return known;
      const version = this.takeJson(VERSION_PREFIX + blob);
      if (!isFileVersion(version)) return undefined;
      this.nextVersions.set(blob, version);
      return version;
    },
    set: (blob, version) => {
      if (this.nextVersions.has(blob)) return;
      this.nextVersions.set(blob, version);
      this.changed = true;
    },
    getReads: (key) => this.lastEntry('nextReads', READS_PREFIX, key),
    setReads: (key, value) => this.setLastEntry('nextReads', key, value),
    getResult: (key) => this.lastEntry('nextResult', RESULT_PREFIX, key),
    setResult: (key, value) => this.setLastEntry('nextResult', key, value),
  };

  /** A one-entry slot (git's reads, the computed result): this run's if it has the key, else the previous run's. */
  private lastEntry(slot: 'nextReads' | 'nextResult', prefix: string, key: string): unknown {
    const known = this[slot];
    if (known?.key === key) return known.value;
    const value = this.takeJson(prefix + key);
    if (value !== undefined) this[slot] = { key, value };
    return value;
  }

  private setLastEntry(slot: 'nextReads' | 'nextResult', key: string, value: unknown): void {
    this[slot] = { key, value };
    this.changed = true;
  }

  /** The previous run's entry under `key`, parsed; undefined when absent or not JSON. */
  private takeJson(key: string): unknown {
    const json = this.previous.take(key);
    if (json === undefined) return undefined;
    try {
      return JSON.parse(json) as unknown;
    } catch {
      return undefined;
    }
  }

  /** Every cached history version (the editor keeps them in memory for the session). */
  allVersions(): Array<[string, FileVersion]> {
    for (const key of [...this.previous.keys()]) if (key.startsWith(VERSION_PREFIX)) this.versions.get(key.slice(VERSION_PREFIX.length));
    return [...this.nextVersions];
  }

  /** Versions to save with the files (those not yet in this cache). */
  addVersions(versions: Iterable<[string, FileVersion]>): void {
    for (const [blob, version] of versions) this.versions.set(blob, version);
  }

  /** Releases the cache file (save does this too); reading afterwards finds no cached entries. */
  close(): void {
    // History versions never go stale (a blob id is its text): those not asked for this run (a run
    // that restored the whole history from git's cached answers asks for none) are kept as stored.
    if (this.previous.size > 0) {
      this.kept.push(...this.previous.takeBytes(VERSION_PREFIX).filter(([key]) => !this.nextVersions.has(key.slice(VERSION_PREFIX.length))));
      // A restored history did not need git's answers it was computed from; they stay with it.
      if (this.nextResult && !this.nextReads) this.kept.push(...this.previous.takeBytes(READS_PREFIX + this.nextResult.key));
    }
    this.previous.close();
  }

  /** What RepositoryIndex uses instead of readIsmsFile: the cached reading when the text is unchanged. */
  read(path: string, text: string): IsmsFile {
    const hash = createHash('sha1').update(text).digest('base64');
    const cached = this.previous.take(path);
    if (cached !== undefined) {
      const restored = restore(path, text, hash, cached);
      if (restored) {
        this.stats.hits++;
        this.next.set(path, { hash, file: restored });
        return restored;
      }
    }
    this.stats.misses++;
    this.changed = true;
    const file = readIsmsFile(path, text);
    this.next.set(path, { hash, file });
    return file;
  }

  /** Writes the cache when anything changed; failing to write is not an error of the check. */
  async save(fs: FileSystem): Promise<boolean> {
    this.close();
    const kept = this.kept.filter(([key]) => !this.nextVersions.has(key.slice(VERSION_PREFIX.length)));
    if (!this.changed && this.next.size + this.nextVersions.size + kept.length + (this.nextReads ? 1 : 0) + (this.nextResult ? 1 : 0) === this.previousSize) return false;
    if (!fs.writeFile) return false;
    const header: CacheHeader = { format: 'isms-check-cache', engine: engineKey() };
    const next = this.next;
    const versions = this.nextVersions;
    const reads = this.nextReads;
    const result = this.nextResult;
    function* lines(): Generator<string> {
      yield `${JSON.stringify(header)}\n`;
      for (const [path, { hash, file }] of next) {
        const entry = serialize(file, hash);
        if (entry) yield `${JSON.stringify(path)}\t${JSON.stringify(entry)}\n`;
      }
      for (const [blob, version] of versions) yield `${JSON.stringify(VERSION_PREFIX + blob)}\t${JSON.stringify(version)}\n`;
      for (const [key, json] of kept) yield `${JSON.stringify(key)}\t${utf8.decode(json)}\n`;
      if (reads) yield `${JSON.stringify(READS_PREFIX + reads.key)}\t${JSON.stringify(reads.value)}\n`;
      if (result) yield `${JSON.stringify(RESULT_PREFIX + result.key)}\t${JSON.stringify(result.value)}\n`;
    }
    try {
      await fs.writeFile(this.file, lines());
      return true;
    } catch {
      return false;
    }
  }
}

/** The previous run's entries as JSON text, each taken once (then it can be let go). */
interface CachedEntries {
  readonly size: number;
  take(path: string): string | undefined;
  /** Takes every entry whose key starts with `prefix`, as stored (UTF-8 JSON), reading them at once. */
  takeBytes(prefix: string): Array<[string, Uint8Array]>;
  /** The keys not taken yet. */
  keys(): Iterable<string>;
  close(): void;
}

const NO_ENTRIES: CachedEntries = { size: 0, take: () => undefined, takeBytes: () => [], keys: () => [], close: () => undefined };

/** Whether the first line is the header of this engine's cache. */
function isOurHeader(line: string | undefined): boolean {
  if (line === undefined) return false;
  const header = JSON.parse(line) as CacheHeader | null;
  return header?.format === 'isms-check-cache' && header.engine === engineKey();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Each line's [start, end) byte offsets, reading the file a chunk at a time, with the line's first
 * bytes (up to 4 KB) when they are in the chunk read (else the caller reads them).
 */
function* lineExtents(file: RandomAccessFile): Generator<[number, number, Uint8Array | undefined]> {
  const CHUNK = 1 << 20;
  let start = 0;
  for (let base = 0; base < file.size; base += CHUNK) {
    const chunk = file.read(base, Math.min(CHUNK, file.size - base));
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, nl + 1)) {
      yield [start, base + nl, start >= base ? chunk.subarray(start - base, Math.min(nl, start - base + 4096)) : undefined];
      start = base + nl + 1;
    }
  }
  if (start < file.size) yield [start, file.size, undefined];
}

/** Only the paths are read: an entry is read from the file (at its offsets) when it is taken. */
async function entriesOnDisk(file: RandomAccessFile): Promise<CachedEntries> {
  const at = new Map<string, [number, number]>();
  try {
    let first = true;
    for (const [start, end, inChunk] of lineExtents(file)) {
      if (first) {
        first = false;
        if (end - start > 4096 || !isOurHeader(utf8.decode(file.read(start, end - start)))) break;
        continue;
      }
      // JSON text escapes tabs, so the first one ends the path (a path is far shorter than 4 KB).
      const head = inChunk ?? file.read(start, Math.min(end - start, 4096));
      const tab = head.indexOf(9);
      if (tab === -1) continue;
      const path = JSON.parse(utf8.decode(head.subarray(0, tab))) as unknown;
      if (typeof path === 'string') at.set(path, [start + tab + 1, end]);
    }
  } catch (e) {
    file.close();
    throw e;
  }
  if (at.size === 0) file.close();
  let open = at.size > 0;
  return {
    size: at.size,
    keys: () => (open ? at.keys() : []),
    take(path) {
      const extent = at.get(path);
      if (!extent || !open) return undefined;
      at.delete(path);
      try {
        return utf8.decode(file.read(extent[0], extent[1] - extent[0]));
      } catch {
        return undefined; // changed or vanished since: read the file instead
      }
    },
    takeBytes(prefix) {
      if (!open) return [];
      const taken: Array<[string, [number, number]]> = [];
      for (const [key, extent] of at) if (key.startsWith(prefix)) taken.push([key, extent]);
      if (taken.length === 0) return [];
      // Written one after the other: one read for all of them.
      let first = Infinity;
      let last = 0;
      for (const [, [start, end]] of taken) {
        first = Math.min(first, start);
        last = Math.max(last, end);
      }
      let bytes: Uint8Array;
      try {
        bytes = file.read(first, last - first);
      } catch {
        return [];
      }
      if (bytes.length !== last - first) return [];
      for (const [key] of taken) at.delete(key);
      return taken.map(([key, [start, end]]) => [key, bytes.subarray(start - first, end - first)]);
    },
    close() {
      if (open) file.close();
      open = false;
    },
  };
}

/** The whole file's entries as text, for file systems without random access. */
function entriesInMemory(bytes: Uint8Array): CachedEntries {
  const lines = utf8.decode(bytes).split('\n');
  const byPath = new Map<string, string>();
  if (isOurHeader(lines[0])) {
    for (let i = 1; i < lines.length; i++) {
      const tab = lines[i].indexOf('\t');
      if (tab === -1) continue;
      const path = JSON.parse(lines[i].slice(0, tab)) as unknown;
      if (typeof path === 'string') byPath.set(path, lines[i].slice(tab + 1));
    }
  }
  return {
    size: byPath.size,
    keys: () => byPath.keys(),
    take(path) {
      const entry = byPath.get(path);
      byPath.delete(path);
      return entry;
    },
    takeBytes(prefix) {
      const taken: Array<[string, Uint8Array]> = [];
      for (const [key, entry] of byPath) if (key.startsWith(prefix)) taken.push([key, new TextEncoder().encode(entry)]);
      for (const [key] of taken) byPath.delete(key);
      return taken;
    },
    close: () => byPath.clear(),
  };
}

function serialize(file: IsmsFile, hash: string): CachedFile | undefined {
  const records: CachedRecord[] = [];
  for (const record of file.records) {
    // JSON cannot carry NaN, ±Infinity or -0 (YAML .nan, .inf, -0): such files are simply not cached.
    if (!jsonSafe(record.value)) return undefined;
    records.push({ d: record.document, k: record.kind ?? null, i: record.id ?? null, v: record.value, b: record.broken, r: record.ranges ?? [] });
  }
  return { h: hash, m: file.mappingCount, g: file.diagnostics.map(({ file: _file, ...rest }) => rest), r: records };
}

function jsonSafe(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (value !== null && typeof value === 'object') {
    for (const key in value) if (!jsonSafe((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

const KINDS: ReadonlySet<string> = new Set(RECORD_KINDS);

/** The IsmsFile a cached entry stands for, or undefined when it is for other text or not well-formed. */
function restore(path: string, text: string, hash: string, json: string): IsmsFile | undefined {
  try {
    const entry = JSON.parse(json) as CachedFile;
    if (!isMapping(entry) || entry.h !== hash) return undefined;
    if (typeof entry.m !== 'number' || !Array.isArray(entry.g) || !Array.isArray(entry.r)) return undefined;
    const records: IsmsRecord[] = [];
    for (const c of entry.r) {
      if (!c || typeof c.d !== 'number' || !isMapping(c.v) || typeof c.b !== 'boolean' || !Array.isArray(c.r)) return undefined;
      if (c.k !== null && !KINDS.has(c.k)) return undefined;
      if (c.i !== null && typeof c.i !== 'string') return undefined;
      const ranges = c.r;
      if (ranges.length % 2 !== 0) return undefined;
      for (let i = 0; i < ranges.length; i += 2) {
        const range = ranges[i + 1];
        if (typeof ranges[i] !== 'string' || !(typeof range === 'number' || (Array.isArray(range) && range.length === 2 && range.every((n) => typeof n === 'number')))) return undefined;
      }
      records.push(new ReadRecord(path, c.d, (c.k ?? undefined) as RecordKind | undefined, c.i ?? undefined, c.v, c.b, ranges, text));
    }
    const diagnostics: IsmsDiagnostic[] = [];
    for (const d of entry.g) {
      if (!d || typeof d.code !== 'string' || typeof d.message !== 'string' || !d.range?.start || !d.range?.end) return undefined;
      diagnostics.push({ file: path, ...d });
    }
    const lines = new LineMap(text);
    return { path, text, lines, records, mappingCount: entry.m, diagnostics, suppressions: findSuppressions(text, lines) };
  } catch {
    return undefined;
  }
}
