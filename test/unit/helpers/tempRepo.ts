// Temporary ISMS repositories on disk for tests: a folder with an isms.config.yaml (so it is the
// root) and the given files, removed after the test run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const created: string[] = [];

export function tempRepo(files: Record<string, string | Uint8Array>, options: { config?: string | null } = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'isms-test-')));
  created.push(dir);
  if (options.config !== null) fs.writeFileSync(path.join(dir, 'isms.config.yaml'), options.config ?? '');
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return dir;
}

export function removeTempRepos(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

if (typeof after === 'function') after(removeTempRepos);
