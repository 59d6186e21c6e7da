// Node's built-in modules that only some commands need, loaded on first use. Loaded with the
// bundle, node:crypto (SARIF fingerprints, the check cache, blob ids of the history),
// node:worker_threads (the history's parsing threads) and node:fs/promises (the editor's reads,
// writes) cost ~8 ms of every `isms check` process, whose usual path uses none of them.
import type * as Crypto from 'node:crypto';
import type * as FsPromises from 'node:fs/promises';
import type * as WorkerThreads from 'node:worker_threads';

let crypto: typeof Crypto | undefined;
let fsPromises: typeof FsPromises | undefined;
let workerThreads: typeof WorkerThreads | undefined;

export const createHash = (algorithm: string): Crypto.Hash => (crypto ??= require('node:crypto') as typeof Crypto).createHash(algorithm);
export const nodeFsPromises = (): typeof FsPromises => (fsPromises ??= require('node:fs/promises') as typeof FsPromises);
export const nodeWorkerThreads = (): typeof WorkerThreads => (workerThreads ??= require('node:worker_threads') as typeof WorkerThreads);
