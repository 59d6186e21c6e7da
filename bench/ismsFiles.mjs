// The ISMS files of a generated repository (bench/generate.mjs writes them all under isms/, as
// .yaml), sorted: how the floor, yaml-language-server's run and the cost ladder list them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function ismsFiles(dir) {
  return readdirSync(join(dir, 'isms'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}
