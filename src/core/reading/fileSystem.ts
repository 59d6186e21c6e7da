// The file system as the engine needs it, injectable so tests and the editor can supply their own.
import * as callbackFs from 'node:fs';
import { promisify } from 'node:util';
import { nodeFsPromises } from '../nodeBuiltins';

// The callback API, promisified: for the many small reads of a repository scan it costs ~35 % less
// CPU and wall time than node:fs/promises (no FileHandle objects per read).
const lstatCb = promisify(callbackFs.lstat);
const statCb = promisify(callbackFs.stat);
const readFileCb = promisify(callbackFs.readFile);
const openCb = promisify(callbackFs.open);
const fstatCb = promisify(callbackFs.fstat);
const readCb = (fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
  new Promise<{ bytesRead: number }>((resolve, reject) => callbackFs.read(fd, buffer, offset, length, position, (e, bytesRead) => (e ? reject(e) : resolve({ bytesRead }))));

export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface FileSystem {
  /** Type and size of a path without following a final symlink. */
  lstat(path: string): Promise<{ type: EntryType; size: number }>;
  /** Type and size of a path, following symlinks. */
  stat(path: string): Promise<{ type: EntryType; size: number }>;
  readdir(path: string): Promise<Array<{ name: string; type: EntryType }>>;
  readFile(path: string): Promise<Uint8Array>;
  realpath(path: string): Promise<string>;
  /** Optional: only `isms check --cache` writes (its cache file); without it nothing is written. */
  writeFile?(path: string, data: Uint8Array | Iterable<string>): Promise<void>;
  /** Optional: a file opened for reads at offsets (the check cache reads its entries one by one). */
  openForReading?(path: string): Promise<RandomAccessFile>;
  /**
   * Optional: what a scan needs of a path its folder listing called a file, in one open: the type
   * and size of what is there (never following a symlink, never waiting on a FIFO) and, for a
   * regular file of at most `maxBytes`, its bytes. Without it the scan asks `lstat`, then `readFile`.
   */
  readRegularFile?(path: string, maxBytes: number): Promise<RegularFileRead>;
}

export interface RegularFileRead {
  type: EntryType;
  size: number;
  /** Present when `type` is 'file' and `size` at most the limit asked for. */
  bytes?: Uint8Array;
}

// Opened without following a final symlink and without blocking on a FIFO; 0 where the platform
// has no such flag (Windows, whose scans take the lstat path for symlinks anyway).
const SCAN_OPEN_FLAGS = callbackFs.constants.O_RDONLY | (callbackFs.constants.O_NOFOLLOW ?? 0) | (callbackFs.constants.O_NONBLOCK ?? 0);

/** A file opened for synchronous reads at offsets; `close` it when done. */
export interface RandomAccessFile {
  readonly size: number;
  /** Up to `length` bytes at `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Uint8Array;
  close(): void;
}

function entryType(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryType {
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'directory';
  return 'other';
}

export const nodeFileSystem: FileSystem = {
  async lstat(path) {
    const s = await lstatCb(path);
    return { type: entryType(s), size: s.size };
  },
  async stat(path) {
    const s = await statCb(path);
    return { type: entryType(s), size: s.size };
  },
  async readdir(path) {
    const entries = await nodeFsPromises().readdir(path, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, type: entryType(e) }));
  },
  readFile: (path) => readFileCb(path),
  realpath: (path) => nodeFsPromises().realpath(path),
  // An iterable is written chunk by chunk, so a large cache file never exists as one string.
  writeFile: (path, data) => nodeFsPromises().writeFile(path, data),
  async openForReading(path) {
    const fd = await openCb(path, 'r');
    try {
      const { size } = await fstatCb(fd);
      return {
        size,
        read(offset, length) {
          const buffer = Buffer.allocUnsafe(length);
          return buffer.subarray(0, callbackFs.readSync(fd, buffer, 0, length, offset));
        },
        close: () => callbackFs.close(fd, () => undefined),
      };
    } catch (e) {
      callbackFs.close(fd, () => undefined);
      throw e;
    }
  },
  async readRegularFile(path, maxBytes) {
    const fd = await openCb(path, SCAN_OPEN_FLAGS);
    try {
      const s = await fstatCb(fd);
      const type = entryType(s);
      if (type !== 'file' || s.size > maxBytes) return { type, size: s.size };
      const buffer = Buffer.allocUnsafe(s.size);
      let filled = 0;
      while (filled < s.size) {
        const { bytesRead } = await readCb(fd, buffer, filled, s.size - filled, filled);
        if (bytesRead === 0) break; // shrunk since fstat
        filled += bytesRead;
      }
      return { type, size: s.size, bytes: buffer.subarray(0, filled) };
    } finally {
      callbackFs.close(fd, () => undefined);
    }
  },
};

/**
 * The same file system with synchronous calls underneath, for a one-shot process (the CLI) that
 * has nothing else to do while it reads: a repository of many small files cost ~4 thread-pool
 * round trips per file (each a callback, a promise and a wake-up) for a few microseconds of I/O.
 * Never for the editor, whose extension host must not block.
 */
export const blockingFileSystem: FileSystem = {
  ...nodeFileSystem,
  lstat: async (path) => {
    const s = callbackFs.lstatSync(path);
    return { type: entryType(s), size: s.size };
  },
  stat: async (path) => {
    const s = callbackFs.statSync(path);
    return { type: entryType(s), size: s.size };
  },
  readdir: async (path) => callbackFs.readdirSync(path, { withFileTypes: true }).map((e) => ({ name: e.name, type: entryType(e) })),
  readFile: async (path) => callbackFs.readFileSync(path),
  realpath: async (path) => callbackFs.realpathSync.native(path),
  readRegularFile: async (path, maxBytes) => {
    const fd = callbackFs.openSync(path, SCAN_OPEN_FLAGS);
    try {
      const s = callbackFs.fstatSync(fd);
      const type = entryType(s);
      if (type !== 'file' || s.size > maxBytes) return { type, size: s.size };
      const buffer = Buffer.allocUnsafe(s.size);
      let filled = 0;
      while (filled < s.size) {
        const n = callbackFs.readSync(fd, buffer, filled, s.size - filled, filled);
        if (n === 0) break; // shrunk since fstat
        filled += n;
      }
      return { type, size: s.size, bytes: buffer.subarray(0, filled) };
    } finally {
      callbackFs.closeSync(fd);
    }
  },
};
