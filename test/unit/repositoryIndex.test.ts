// The index's first-scan load (addFile) against the one-file-at-a-time update (setFile): the same
// records and the same diagnostics for every file, whatever order the files come in.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { parseConfig } from '../../src/core/config/config';
import { parseDate } from '../../src/core/model/dates';
import { KNOWN_CODES } from '../../src/core/rules';

const DEMO = path.join(__dirname, '..', '..', 'examples', 'acme-isms');

function demoFiles(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.yaml')) out.push([path.relative(DEMO, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8')]);
    }
  };
  walk(path.join(DEMO, 'isms'));
  return out.sort(([a], [b]) => (a < b ? -1 : 1));
}

describe('repository index', () => {
  const config = parseConfig(fs.readFileSync(path.join(DEMO, 'isms.config.yaml'), 'utf8'), 'isms.config.yaml', KNOWN_CODES);
  const asOf = parseDate('2026-11-27')!;
  const files = demoFiles();
  // A duplicate of a record another file defines and a reference to it, so cross-file rules matter.
  files.push(['isms/zz-extra.yaml', 'kind: Control\nid: A.5.15\ntitle: duplicate\napplicable: false\njustification: j\n']);
  const state = (index: RepositoryIndex) => Object.fromEntries(index.paths().sort().map((p) => [p, index.diagnosticsFor(p).map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`)]));

  it("addFile (a first scan's load) gives setFile's records and diagnostics, in any order", () => {
    const bySetFile = new RepositoryIndex(config, asOf);
    for (const [p, text] of files) bySetFile.setFile(p, text);
    const expected = state(bySetFile);
    assert.ok(Object.values(expected).some((d) => d.some((line) => line.startsWith('duplicate-id'))), 'the fixture has a cross-file finding');
    for (const order of [files, [...files].reverse()]) {
      const byAddFile = new RepositoryIndex(config, asOf);
      for (const [p, text] of order) byAddFile.addFile(p, text);
      assert.deepEqual(state(byAddFile), expected);
      assert.equal(byAddFile.records().length, bySetFile.records().length);
      // Each loaded file has a revision of its own, so the status model sees every file as changed.
      assert.equal(new Set(files.map(([p]) => byAddFile.revision(p))).size, files.length);
    }
  });

  it('addFile of a file already held is an update: diagnostics computed before are not kept stale', () => {
    const index = new RepositoryIndex(config, asOf);
    for (const [p, text] of files) index.addFile(p, text);
    const before = state(index);
    assert.ok(before['isms/zz-extra.yaml'].some((line) => line.startsWith('duplicate-id')));
    index.addFile('isms/zz-extra.yaml', 'kind: Control\nid: X.1\ntitle: own\napplicable: false\njustification: j\n');
    const after = state(index);
    assert.ok(!after['isms/zz-extra.yaml'].some((line) => line.startsWith('duplicate-id')));
    const fresh = new RepositoryIndex(config, asOf);
    for (const [p, text] of files.slice(0, -1)) fresh.setFile(p, text);
    fresh.setFile('isms/zz-extra.yaml', 'kind: Control\nid: X.1\ntitle: own\napplicable: false\njustification: j\n');
    assert.deepEqual(after, state(fresh));
  });
});
