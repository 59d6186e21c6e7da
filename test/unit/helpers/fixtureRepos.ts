// The rule fixture repositories: every folder under test/fixtures/rules that holds an isms.config.yaml.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function fixtureRepos(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = path.join(dir, entry.name);
    if (fs.existsSync(path.join(sub, 'isms.config.yaml'))) out.push(sub);
    else out.push(...fixtureRepos(sub));
  }
  return out.sort();
}
