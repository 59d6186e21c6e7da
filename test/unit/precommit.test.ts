// .pre-commit-hooks.yaml: the hook runs the package's own `isms` binary, and only when a file the
// default include globs match (or the config) is staged.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Minimatch } from 'minimatch';
import { parse } from 'yaml';
import { DEFAULT_INCLUDE } from '../../src/core/config/config';

describe('pre-commit hook', () => {
  const hooks = parse(readFileSync('.pre-commit-hooks.yaml', 'utf8')) as Array<Record<string, unknown>>;
  const hook = hooks.find((h) => h.id === 'isms-check')!;
  const files = new RegExp(hook.files as string);

  it('runs `isms check` over the whole repository with the package binary', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    assert.equal(hook.entry, 'isms check');
    assert.equal(hook.language, 'node');
    assert.equal(hook.pass_filenames, false);
    assert.ok(pkg.bin.isms, 'package.json has the isms binary');
    assert.ok(pkg.scripts.prepack, 'npm pack (which pre-commit runs to install a node hook) builds dist/ first');
  });

  it('triggers on exactly the files the default include globs match, and the config', () => {
    const globs = DEFAULT_INCLUDE.map((g) => new Minimatch(g, { dot: true }));
    const paths = ['isms/nc/NC-1.yaml', 'isms/soa.yml', 'a.isms.yaml', 'deep/er/b.isms.yml', 'isms.config.yaml', 'sub/isms/x.yaml',
      '.github/workflows/ci.yml', 'docs/isms.md', 'isms.yaml', 'notes/isms.txt', 'README.md'];
    for (const p of paths) assert.equal(files.test(p), p === 'isms.config.yaml' || globs.some((g) => g.match(p)), p);
  });
});
