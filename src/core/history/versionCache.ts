// Parsed file versions by blob id (versions.ts), kept between history reads: in memory for the
// editor's session, and in the check cache (checkCache.ts) for `isms check --cache`.
import type { FileVersion } from './versions';

export interface VersionCache {
  get(blob: string): FileVersion | undefined;
  set(blob: string, version: FileVersion): void;
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
}
