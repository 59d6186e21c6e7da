// Parsed file versions by blob id (versions.ts), kept between history reads: in memory for the
// editor's session, and in the check cache (checkCache.ts) for `isms check --cache`.
import type { FileVersion } from './versions';

export interface VersionCache {
  get(blob: string): FileVersion | undefined;
  set(blob: string, version: FileVersion): void;
  /**
   * What git said for one last commit, window and set of globs (the log, the trees): the same key
   * always gives the same answer, so a second read without a new commit asks git almost nothing.
   */
  getReads?(key: string): unknown;
  setReads?(key: string, reads: unknown): void;
  /**
   * The history computed from those answers, under the same key: kept apart from them, so a read
   * with nothing new restores it without loading the log it came from.
   */
  getResult?(key: string): unknown;
  setResult?(key: string, result: unknown): void;
}

export class MemoryVersionCache implements VersionCache {
  private readonly versions = new Map<string, FileVersion>();
  get(blob: string): FileVersion | undefined {
    return this.versions.get(blob);
  }
  set(blob: string, version: FileVersion): void {
    this.versions.set(blob, version);
  }
  get size(): number {
    return this.versions.size;
  }
  entries(): IterableIterator<[string, FileVersion]> {
    return this.versions.entries();
  }
  /** Only the last reads are kept (one per folder is all a session needs). */
  private reads: { key: string; value: unknown } | undefined;
  getReads(key: string): unknown {
    return this.reads?.key === key ? this.reads.value : undefined;
  }
  setReads(key: string, value: unknown): void {
    this.reads = { key, value };
  }
  private result: { key: string; value: unknown } | undefined;
  getResult(key: string): unknown {
    return this.result?.key === key ? this.result.value : undefined;
  }
  setResult(key: string, value: unknown): void {
    this.result = { key, value };
  }
}
