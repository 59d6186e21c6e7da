// `isms check --cache`: what reading a file produced (records' plain values, ids, kinds, the
// ranges rules report at, the reading-stage diagnostics, the mapping count), stored per file in
// one JSON file and keyed by repository path + SHA-1 of the text + engine version + schema hash.
// A second run re-reads only changed files; every rule still runs (cross-file rules must, and the
// per-file ones cost little next to parsing), so the cache can never change a result. Records
// restored from the cache have a lazy `doc` (parse/rangeTable.ts), re-parsed only if needed.
// Anything wrong with the cache file (missing, corrupt, another version) means: start empty.
import { createHash } from 'node:crypto';
import type { FileSystem } from './fileSystem';
import { readIsmsFile, type IsmsFile } from './ismsFile';
import { isMapping, RECORD_KINDS, type IsmsDiagnostic, type YamlMapping } from './model';
import { LineMap } from './parse/lines';
import { makeDocLazy, type PackedRange, type RangeTable } from './parse/rangeTable';
import type { IsmsRecord } from './records';
import * as validators from './schema/generated/validators';
import { findSuppressions } from './suppressions';

declare const ISMS_VERSION: string | undefined;

/** Bump when what readIsmsFile produces changes shape or meaning without a version change. */
const CACHE_FORMAT = 2;

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
  r: Array<[string, PackedRange]>;
}

interface CachedFile {
  h: string;
  m: number;
  /** Stage diagnostics without `file` (it is the key). */
  g: Array<Omit<IsmsDiagnostic, 'file'>>;
  r: CachedRecord[];
}

interface CacheData {
  format: 'isms-check-cache';
  engine: string;
  files: Record<string, CachedFile>;
}

export class CheckCache {
  private readonly previous: Map<string, CachedFile>;
  private readonly next = new Map<string, CachedFile>();
  /** Files whose cached entry was used, and files read afresh (for tests and the bench). */
  readonly stats = { hits: 0, misses: 0 };
  private changed = false;

  private constructor(previous: Map<string, CachedFile>, readonly file: string) {
    this.previous = previous;
  }

  /** Loads the cache file; a missing, unreadable, corrupt or foreign file gives an empty cache. */
  static async load(file: string, fs: FileSystem): Promise<CheckCache> {
    let previous = new Map<string, CachedFile>();
    try {
      const data = JSON.parse(new TextDecoder().decode(await fs.readFile(file))) as CacheData;
      if (data && data.format === 'isms-check-cache' && data.engine === engineKey() && isMapping(data.files)) {
        previous = new Map(Object.entries(data.files as unknown as Record<string, CachedFile>));
      }
    } catch {
      // no cache yet, or not one we can use: start empty
    }
    return new CheckCache(previous, file);
  }

  /** What RepositoryIndex uses instead of readIsmsFile: the cached reading when the text is unchanged. */
  read(path: string, text: string): IsmsFile {
    const hash = createHash('sha1').update(text).digest('base64');
    const cached = this.previous.get(path);
    if (cached && cached.h === hash) {
      const restored = restore(path, text, cached);
      if (restored) {
        this.stats.hits++;
        this.next.set(path, cached);
        return restored;
      }
    }
    this.stats.misses++;
    this.changed = true;
    const file = readIsmsFile(path, text);
    const entry = serialize(file, hash);
    if (entry) this.next.set(path, entry);
    return file;
  }

  /** Writes the cache when anything changed; failing to write is not an error of the check. */
  async save(fs: FileSystem): Promise<boolean> {
    if (!this.changed && this.next.size === this.previous.size) return false;
    if (!fs.writeFile) return false;
    const data: CacheData = { format: 'isms-check-cache', engine: engineKey(), files: Object.fromEntries(this.next) };
    try {
      await fs.writeFile(this.file, new TextEncoder().encode(JSON.stringify(data)));
      return true;
    } catch {
      return false;
    }
  }
}

function serialize(file: IsmsFile, hash: string): CachedFile | undefined {
  const records: CachedRecord[] = [];
  for (const record of file.records) {
    // JSON cannot carry NaN, ±Infinity or -0 (YAML .nan, .inf, -0): such files are simply not cached.
    if (!jsonSafe(record.value)) return undefined;
    records.push({ d: record.document, k: record.kind ?? null, i: record.id ?? null, v: record.value, b: record.broken, r: record.ranges ? [...record.ranges] : [] });
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

/** The IsmsFile a cached entry stands for, or undefined when the entry is not well-formed. */
function restore(path: string, text: string, entry: CachedFile): IsmsFile | undefined {
  try {
    if (typeof entry.m !== 'number' || !Array.isArray(entry.g) || !Array.isArray(entry.r)) return undefined;
    const records: IsmsRecord[] = [];
    for (const c of entry.r) {
      if (!c || typeof c.d !== 'number' || !isMapping(c.v) || typeof c.b !== 'boolean' || !Array.isArray(c.r)) return undefined;
      if (c.k !== null && !KINDS.has(c.k)) return undefined;
      if (c.i !== null && typeof c.i !== 'string') return undefined;
      const ranges: RangeTable = new Map();
      for (const item of c.r) {
        if (!Array.isArray(item) || typeof item[0] !== 'string' || !(typeof item[1] === 'number' || Array.isArray(item[1]))) return undefined;
        ranges.set(item[0], item[1]);
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
