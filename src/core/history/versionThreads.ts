// Parsing old versions is most of a cold history read: thousands of blobs through yaml, each
// independent of the others. With more than one core, worker threads (versionWorker.ts, built
// as dist/versionWorker.js) parse batches of them side by side, with the same reader, while the
// calling thread keeps reading git's output (and, in the CLI, parses too when every thread is
// busy). The editor parses on threads only, so a cold read never takes the extension host's
// thread from typing. Whatever goes wrong with a thread (no worker file, a crash), its batches
// are parsed on the calling thread: threads change how fast a read is, never what it finds.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { nodeWorkerThreads } from '../nodeBuiltins';
import { versionOfBlob, type FileVersion } from './versions';

/** One blob to parse: its bytes, and the path its messages name. */
export interface BlobBytes {
  id: string;
  file: string;
  bytes: Uint8Array;
}

export interface VersionParser {
  /** The versions of a batch, in its order: at once when parsed on the calling thread. */
  parse(batch: readonly BlobBytes[]): FileVersion[] | Promise<FileVersion[]>;
  /** Ends its threads; a history read leaves none running. */
  close(): Promise<void>;
}

/** How a front end lets the history parse on threads (the engine alone never starts one). */
export interface ParseThreads {
  /** The built worker entry, dist/versionWorker.js. */
  workerFile: string;
  /** Parse on the calling thread too while every thread is busy (the CLI: all cores work). */
  callingThreadToo: boolean;
  /** At most this many threads (default: one per core beyond the calling thread's, at most 3). */
  max?: number;
  /** Start threads from this many versions to parse (default MIN_VERSIONS_FOR_THREADS; tests use 0). */
  minVersions?: number;
}

/** The worker entry built next to a front end's bundle (`dir`: its __dirname), when there is one (not when run from source). */
export function bundledParseThreads(dir: string, callingThreadToo: boolean): ParseThreads | undefined {
  const workerFile = join(dir, 'versionWorker.js');
  return existsSync(workerFile) ? { workerFile, callingThreadToo } : undefined;
}

/** Below this many versions to parse, a thread's start-up (loading its bundle) costs more than it saves. */
export const MIN_VERSIONS_FOR_THREADS = 300;

/** A batch is sent to a thread at this many blobs or bytes, whichever comes first. */
export const BATCH_BLOBS = 48;
export const BATCH_BYTES = 96 * 1024;
/** Batches queued per thread (see ThreadPool.parse). */
const QUEUED_PER_THREAD = 4;

/** What a thread is sent: the batch's bytes in one transferred buffer, each blob ending at `ends[i]`. */
export interface BatchMessage {
  seq: number;
  files: string[];
  ends: number[];
  buffer: ArrayBuffer;
}

export type BatchReply = { seq: number; versions: FileVersion[] } | { seq: number; error: string };

/** Parses a batch on this thread. */
export function parseHere(batch: readonly BlobBytes[]): FileVersion[] {
  return batch.map((blob) => versionOfBlob(blob.file, blob.bytes));
}

export const callingThread: VersionParser = { parse: parseHere, close: async () => undefined };

/** How many threads to start: none when the calling thread alone is as fast (one core and it parses too). */
export function threadCount(threads: ParseThreads, cores = availableParallelism()): number {
  const beyond = threads.callingThreadToo ? cores - 1 : Math.max(1, cores - 1);
  return Math.max(0, Math.min(threads.max ?? 3, beyond));
}

/**
 * One parser for a whole history read: the calling thread until there is enough to parse
 * (`MIN_VERSIONS_FOR_THREADS` in one request), then a pool of threads kept until `close()`.
 */
export class VersionParsers {
  private pool: ThreadPool | undefined;

  constructor(private readonly threads: ParseThreads | undefined) {}

  /** The parser for `versions` blobs to parse. */
  forVersions(versions: number): VersionParser {
    if (this.pool) return this.pool;
    if (!this.threads || versions < (this.threads.minVersions ?? MIN_VERSIONS_FOR_THREADS)) return callingThread;
    const count = threadCount(this.threads);
    if (count === 0) return callingThread;
    this.pool = new ThreadPool(this.threads, count);
    return this.pool;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

class ThreadPool implements VersionParser {
  private readonly threads: ParseThread[] = [];
  /** Batches waiting for a free thread (only when the calling thread does not parse). */
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly options: ParseThreads, count: number) {
    for (let i = 0; i < count; i++) this.threads.push(new ParseThread(options.workerFile, () => this.wake()));
  }

  parse(batch: readonly BlobBytes[]): FileVersion[] | Promise<FileVersion[]> {
    // A thread's answers are taken in only when the calling thread is between chunks of git's
    // output, so each thread gets a few batches queued: it keeps working while the calling thread parses.
    const free = this.threads.filter((t) => t.ready && t.outstanding < QUEUED_PER_THREAD).sort((a, b) => a.outstanding - b.outstanding)[0];
    if (free) return free.send(batch).catch(() => parseHere(batch));
    if (this.options.callingThreadToo || this.threads.every((t) => t.dead)) return parseHere(batch);
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.parse(batch));
  }

  private wake(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
    this.wake();
  }
}

class ParseThread {
  ready = false;
  dead = false;
  private worker: Worker | undefined;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (versions: FileVersion[]) => void; reject: (e: Error) => void }>();

  constructor(file: string, private readonly changed: () => void) {
    try {
      const worker = new (nodeWorkerThreads().Worker)(file);
      this.worker = worker;
      worker.on('online', () => {
        this.ready = true;
        changed();
      });
      worker.on('message', (reply: BatchReply) => this.answer(reply));
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', () => this.fail(new Error('the parsing thread exited')));
    } catch (e) {
      this.fail(e as Error);
    }
  }

  get outstanding(): number {
    return this.pending.size;
  }

  send(batch: readonly BlobBytes[]): Promise<FileVersion[]> {
    const worker = this.worker;
    if (!worker || this.dead) return Promise.reject(new Error('the parsing thread is gone'));
    // The blobs are views into git's output chunks: copied into one buffer that is moved, not cloned.
    let total = 0;
    for (const blob of batch) total += blob.bytes.length;
    const buffer = new ArrayBuffer(total);
    const view = new Uint8Array(buffer);
    const ends: number[] = [];
    let at = 0;
    for (const blob of batch) {
      view.set(blob.bytes, at);
      at += blob.bytes.length;
      ends.push(at);
    }
    const seq = this.seq++;
    const message: BatchMessage = { seq, files: batch.map((b) => b.file), ends, buffer };
    return new Promise<FileVersion[]>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      worker.postMessage(message, [buffer]);
    });
  }

  private answer(reply: BatchReply): void {
    const waiting = this.pending.get(reply.seq);
    if (!waiting) return;
    this.pending.delete(reply.seq);
    if ('error' in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply.versions);
    this.changed();
  }

  private fail(e: Error): void {
    if (this.dead) return;
    this.dead = true;
    this.ready = false;
    for (const waiting of this.pending.values()) waiting.reject(e);
    this.pending.clear();
    this.changed();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.fail(new Error('closed'));
    await worker?.terminate();
  }
}
