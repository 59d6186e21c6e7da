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
import { createHash } from 'node:crypto';
import type { FileSystem } from './fileSystem';
import { readIsmsFile, type IsmsFile } from './ismsFile';
import { isMapping, RECORD_KINDS, type IsmsDiagnostic, type YamlMapping } from './model';
import { LineMap } from './parse/lines';
import { makeDocLazy, type RangeTable } from './parse/rangeTable';
import type { IsmsRecord } from './records';
import * as validators from './schema/generated/validators';
import { findSuppressions } from './suppressions';

declare const ISMS_VERSION: string | undefined;

/** Bump when what readIsmsFile produces changes shape or meaning without a version change. */
const CACHE_FORMAT = 3;

let engineKeyMemo: string | undefined;
/** Engine version + format + a hash of the compiled schema validators (their source embeds the schemas). */
export function engineKey(): string {
  if (engineKeyMemo === undefined) {
    const version = typeof ISMS_VERSION === 'string' ? ISMS_VERSION : '0.0.0-dev';
    const schemas = Object.entries(validators).map(([name, fn]) => `${name}:${String(fn)}`).join('\n');
    engineKeyMemo = `${version}/${CACHE_FORMAT}/${createHash('sha1').update(schemas).digest('hex')}`;
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
  /** Path -> its entry's JSON text, parsed when the file is read. */
  private readonly previous: Map<string, string>;
  /** What this run read, by path: serialized only when saving. */
  private readonly next = new Map<string, { hash: string; file: IsmsFile }>();
  /** Files whose cached entry was used, and files read afresh (for tests and the bench). */
  readonly stats = { hits: 0, misses: 0 };
  private changed = false;
  private readonly previousSize: number;

  private constructor(previous: Map<string, string>, readonly file: string) {
    this.previous = previous;
    this.previousSize = previous.size;
  }

  /** Loads the cache file; a missing, unreadable, corrupt or foreign file gives an empty cache. */
  static async load(file: string, fs: FileSystem): Promise<CheckCache> {
    const previous = new Map<string, string>();
    try {
      let header: CacheHeader | undefined;
      for await (const line of fs.readLines ? fs.readLines(file) : splitLines(await fs.readFile(file))) {
        if (!header) {
          header = JSON.parse(line) as CacheHeader;
          if (!header || header.format !== 'isms-check-cache' || header.engine !== engineKey()) break;
          continue;
        }
        const tab = line.indexOf('\t'); // JSON text escapes tabs, so the first one separates
        if (tab === -1) continue;
        const path = JSON.parse(line.slice(0, tab)) as unknown;
        if (typeof path === 'string') previous.set(path, line.slice(tab + 1));
      }
    } catch {
      // no cache yet, or not one we can use: start empty
      previous.clear();
    }
    return new CheckCache(previous, file);
  }

  /** What RepositoryIndex uses instead of readIsmsFile: the cached reading when the text is unchanged. */
  read(path: string, text: string): IsmsFile {
    const hash = createHash('sha1').update(text).digest('base64');
    const cached = this.previous.get(path);
    this.previous.delete(path); // each entry is used once
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
    if (!this.changed && this.next.size === this.previousSize) return false;
    if (!fs.writeFile) return false;
    const header: CacheHeader = { format: 'isms-check-cache', engine: engineKey() };
    const next = this.next;
    function* lines(): Generator<string> {
      yield `${JSON.stringify(header)}\n`;
      for (const [path, { hash, file }] of next) {
        const entry = serialize(file, hash);
        if (entry) yield `${JSON.stringify(path)}\t${JSON.stringify(entry)}\n`;
      }
    }
    try {
      await fs.writeFile(this.file, lines());
      return true;
    } catch {
      return false;
    }
  }
}

/** A file's lines, for file systems that cannot stream them (JSON has no raw line breaks). */
function* splitLines(bytes: Uint8Array): Generator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    yield decoder.decode(bytes.subarray(start, end));
    start = end + 1;
  }
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
      const record = { file: path, document: c.d, kind: c.k ?? undefined, id: c.i ?? undefined, value: c.v, broken: c.b, ranges } as Omit<IsmsRecord, 'doc'> as IsmsRecord;
      makeDocLazy(record, text);
      records.push(record as IsmsRecord);
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
