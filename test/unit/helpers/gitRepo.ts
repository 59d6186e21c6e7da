// Real git repositories in temporary folders with scripted commits (author, dates), for the
// history tests. Each commit sets GIT_AUTHOR_DATE and GIT_COMMITTER_DATE; the global and
// system git config are ignored so the machine's settings cannot change a result.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const created: string[] = [];

export interface CommitOptions {
  author?: string;
  email?: string;
  /** YYYY-MM-DD (noon UTC) or a full ISO date. */
  date: string;
}

export class ScriptedRepo {
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'isms-git-')));
    if (!dir) {
      created.push(this.dir);
      this.git('init', '-q', '-b', 'main');
    }
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', env: gitEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Writes (or, with null, deletes) files relative to the repository. */
  write(files: Record<string, string | Uint8Array | null>): this {
    for (const [name, content] of Object.entries(files)) {
      const full = path.join(this.dir, name);
      if (content === null) {
        fs.rmSync(full, { force: true });
        continue;
      }
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
    return this;
  }

  /** Stages everything and commits; returns the commit's hash. */
  commit(message: string, options: CommitOptions, files?: Record<string, string | Uint8Array | null>): string {
    if (files) this.write(files);
    const date = options.date.length === 10 ? `${options.date}T12:00:00+00:00` : options.date;
    execFileSync('git', ['add', '-A'], { cwd: this.dir, env: gitEnv({}) });
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], {
      cwd: this.dir,
      env: gitEnv({
        GIT_AUTHOR_NAME: options.author ?? 'Ana', GIT_AUTHOR_EMAIL: options.email ?? `${(options.author ?? 'Ana').toLowerCase()}@example.com`,
        GIT_COMMITTER_NAME: options.author ?? 'Ana', GIT_COMMITTER_EMAIL: options.email ?? `${(options.author ?? 'Ana').toLowerCase()}@example.com`,
        GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date,
      }),
    });
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** `git mv` then nothing else (commit separately). */
  move(from: string, to: string): this {
    fs.mkdirSync(path.dirname(path.join(this.dir, to)), { recursive: true });
    this.git('mv', from, to);
    return this;
  }
}

export function gitEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: os.tmpdir(), ...extra };
}

/** A shallow clone (depth 1) of `source` in a new temporary folder. */
export function shallowClone(source: ScriptedRepo): ScriptedRepo {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'isms-shallow-')));
  created.push(dir);
  execFileSync('git', ['clone', '-q', '--depth', '1', `file://${source.dir}`, dir], { env: gitEnv({}) });
  return new ScriptedRepo(dir);
}

export function removeGitRepos(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

if (typeof after === 'function') after(removeGitRepos);
