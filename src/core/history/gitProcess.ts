// The only module that starts `git`: everything else in src/core/history talks to the Git
// interface below, so tests and the editor can inject their own (or a PATH without git).
// Every command runs with the repository's own config but without anything that could run a
// program or wait for a person: no pager, no prompts, no optional locks, no textconv or external
// diff, no signature checks.
import { spawn } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** One object of `git cat-file --batch`: its bytes, or why there are none. */
export type GitBlob = { id: string; size: number; bytes: Uint8Array } | { id: string; size: number; tooLarge: true } | { id: string; missing: true };

export interface Git {
  /** Runs `git <args>` in `cwd` (with `input` on its standard input); rejects with GitNotFound when there is no git to run. */
  run(cwd: string, args: readonly string[], input?: string): Promise<GitResult>;
  /**
   * Reads objects in one `git cat-file --batch` process. Objects larger than `maxBytes` are
   * skipped as they stream past (never held in memory); `onBlob` is called in the order asked.
   */
  readBlobs(cwd: string, ids: readonly string[], maxBytes: number, onBlob: (blob: GitBlob) => void): Promise<void>;
}

export class GitNotFound extends Error {}

/** Settings that keep git from running programs or asking questions while we read history. */
const SAFE_CONFIG = ['-c', 'core.pager=cat', '-c', 'log.showSignature=false', '-c', 'diff.external=', '-c', 'core.fsmonitor=false', '-c', 'color.ui=false'];

function gitEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat', LC_ALL: 'C', GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM ?? '' };
}

export const nodeGit: Git = {
  run(cwd, args, input) {
    return new Promise((resolve, reject) => {
      const child = spawn('git', [...SAFE_CONFIG, ...args], { cwd, env: gitEnvironment(), stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], windowsHide: true });
      if (input !== undefined) {
        child.stdin!.on('error', () => undefined); // git exiting early is reported by 'close'
        child.stdin!.end(input);
      }
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new GitNotFound('git is not on the PATH') : e));
      child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    });
  },

  readBlobs(cwd, ids, maxBytes, onBlob) {
    return new Promise((resolve, reject) => {
      if (ids.length === 0) return resolve();
      const child = spawn('git', [...SAFE_CONFIG, 'cat-file', '--batch'], { cwd, env: gitEnvironment(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
      const parser = new BatchParser(maxBytes, onBlob);
      let failed: Error | undefined;
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        if (failed) return;
        try {
          parser.push(chunk);
        } catch (e) {
          failed = e as Error;
          child.kill();
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new GitNotFound('git is not on the PATH') : e));
      child.stdin.on('error', () => undefined); // git exiting early is reported by 'close'
      child.on('close', (code) => {
        if (failed) reject(failed);
        else if (code !== 0) reject(new Error(`git cat-file failed: ${stderr.split('\n')[0] || `exit ${code}`}`));
        else if (parser.seen !== ids.length) reject(new Error(`git cat-file answered ${parser.seen} of ${ids.length} objects`));
        else resolve();
      });
      child.stdin.end(ids.join('\n') + '\n');
    });
  },
};

/**
 * Parses `git cat-file --batch` output as it streams: `<id> <type> <size>\n<bytes>\n` per object,
 * `<id> missing\n` for an unknown one. Exported for tests.
 */
export class BatchParser {
  seen = 0;
  private pending: Buffer | undefined;
  /** The object being read: its bytes so far (none when too large) and how many bytes are left, its final LF included. */
  private current: { id: string; size: number; parts: Buffer[] | undefined; left: number } | undefined;

  constructor(private readonly maxBytes: number, private readonly onBlob: (blob: GitBlob) => void) {}

  push(chunk: Buffer): void {
    let data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    while (data.length > 0) {
      const current = this.current;
      if (current) {
        const take = Math.min(current.left, data.length);
        // Content bytes are the first `size` of the `size + 1` (the last one is the LF after them).
        const content = Math.min(take, Math.max(0, current.left - 1));
        if (current.parts && content > 0) current.parts.push(data.subarray(0, content));
        current.left -= take;
        data = data.subarray(take);
        if (current.left === 0) this.finish(current);
        continue;
      }
      const nl = data.indexOf(10);
      if (nl === -1) {
        this.pending = Buffer.from(data);
        return;
      }
      const header = data.subarray(0, nl).toString('latin1');
      data = data.subarray(nl + 1);
      const parts = header.split(' ');
      if (parts[1] === 'missing' || parts[1] === 'ambiguous') {
        this.seen++;
        this.onBlob({ id: parts[0], missing: true });
        continue;
      }
      const size = Number(parts[2]);
      if (parts.length !== 3 || !Number.isSafeInteger(size) || size < 0) throw new Error(`unexpected git cat-file output: ${header.slice(0, 80)}`);
      this.current = { id: parts[0], size, parts: size > this.maxBytes ? undefined : [], left: size + 1 };
    }
  }

  private finish(current: { id: string; size: number; parts: Buffer[] | undefined }): void {
    this.current = undefined;
    this.seen++;
    if (!current.parts) this.onBlob({ id: current.id, size: current.size, tooLarge: true });
    else this.onBlob({ id: current.id, size: current.size, bytes: current.parts.length === 1 ? current.parts[0] : Buffer.concat(current.parts) });
  }
}
