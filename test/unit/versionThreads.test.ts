// The history's version-parsing threads (src/core/history/versionThreads.ts): the same versions as
// the calling thread, whatever the threads do, and the same history with and without them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/core/config/config';
import { loadGitHistory } from '../../src/core/history';
import { callingThread, parseHere, threadCount, VersionParsers, type BlobBytes, type ParseThreads } from '../../src/core/history/versionThreads';
import { parseDate } from '../../src/core/model/dates';
import { ScriptedRepo } from './helpers/gitRepo';

const ROOT = path.resolve(__dirname, '../..');

function nc(id: string, due: string, status = 'open'): string {
  return ['kind: Nonconformity', `id: ${id}`, `title: Finding ${id}`, 'severity: minor', 'raised: 2026-01-10', 'owner: Ana', `status: ${status}`,
    'actions:', '  - id: A1', '    description: Patch the servers', '    owner: Bo', `    due: ${due}`, '    status: open', ''].join('\n');
}

/** Blobs of every kind a history meets: records, CRLF and BOM texts, broken YAML, binary, invalid UTF-8, empty. */
function sampleBlobs(count: number): BlobBytes[] {
  const kinds = [
    (i: number) => Buffer.from(nc(`NC-${i}`, `2026-0${1 + (i % 9)}-15`)),
    (i: number) => Buffer.from(nc(`NC-${i}`, '2026-02-30').replace(/\n/g, '\r\n')),
    (i: number) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(nc(`NC-${i}`, '2026-05-01', 'closed'))]),
    (i: number) => Buffer.from(`kind: Nonconformity\nid: NC-${i}\nactions: [unclosed\n`),
    () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
    () => Buffer.from([0x6b, 0x3a, 0x20, 0xff, 0xfe]),
    () => Buffer.alloc(0),
    (i: number) => Buffer.from(`---\nkind: Control\nid: A.5.${i}\nstatus: implemented\n---\nkind: Nonconformity\nid: NC-x${i}\n`),
  ];
  return Array.from({ length: count }, (_, i) => ({ id: `blob-${i}`, file: `isms/nc/NC-${i}.yaml`, bytes: kinds[i % kinds.length](i) }));
}

async function parseAll(threads: ParseThreads | undefined, blobs: BlobBytes[], batch = 7) {
  const parsers = new VersionParsers(threads);
  try {
    const parser = parsers.forVersions(blobs.length);
    const batches: Array<Promise<unknown>> = [];
    for (let i = 0; i < blobs.length; i += batch) batches.push(Promise.resolve(parser.parse(blobs.slice(i, i + batch))));
    return (await Promise.all(batches)).flat();
  } finally {
    await parsers.close();
  }
}

describe('history: version-parsing threads', function () {
  this.timeout(60_000);
  let dir: string;
  let workerFile: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isms-threads-'));
    workerFile = path.join(dir, 'versionWorker.js');
    // Built as scripts/build.mjs builds dist/versionWorker.js.
    const { build } = await import('esbuild');
    const { bundleOptions, lazyValidators } = await import(path.join(ROOT, 'scripts/bundleOptions.mjs'));
    const common = bundleOptions({ version: 'test', minify: false });
    await build({ ...common, entryPoints: [path.join(ROOT, 'src/core/history/versionWorker.ts')], outfile: workerFile, plugins: [...common.plugins, lazyValidators] });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('threads parse every kind of blob exactly as the calling thread does, with or without its help', async () => {
    const blobs = sampleBlobs(120);
    const expected = parseHere(blobs);
    assert.ok(expected.some((v) => v.problem === 'a binary file') && expected.some((v) => v.problem === 'not valid UTF-8') && expected.some((v) => v.problem?.startsWith('not valid YAML')));
    assert.ok(expected.some((v) => v.records.length === 2));
    assert.deepEqual(await parseAll({ workerFile, callingThreadToo: false, max: 2, minVersions: 0 }, blobs), expected);
    assert.deepEqual(await parseAll({ workerFile, callingThreadToo: true, max: 1, minVersions: 0 }, blobs), expected);
  });

  it('a thread that cannot start, dies on load or exits mid-way leaves its batches to the calling thread', async () => {
    const blobs = sampleBlobs(40);
    const expected = parseHere(blobs);
    const throwsOnLoad = path.join(dir, 'throws.js');
    fs.writeFileSync(throwsOnLoad, 'throw new Error("broken bundle");\n');
    const exitsOnFirstBatch = path.join(dir, 'exits.js');
    fs.writeFileSync(exitsOnFirstBatch, 'require("node:worker_threads").parentPort.on("message", () => process.exit(3));\n');
    const answersNothing = path.join(dir, 'error.js');
    fs.writeFileSync(answersNothing, 'const { parentPort } = require("node:worker_threads"); parentPort.on("message", (m) => parentPort.postMessage({ seq: m.seq, error: "no" }));\n');
    for (const file of [path.join(dir, 'missing.js'), throwsOnLoad, exitsOnFirstBatch, answersNothing]) {
      for (const callingThreadToo of [false, true]) {
        assert.deepEqual(await parseAll({ workerFile: file, callingThreadToo, max: 2, minVersions: 0 }, blobs), expected, `${path.basename(file)}, calling thread too: ${callingThreadToo}`);
      }
    }
  });

  it('below the threshold no thread is started', () => {
    const parsers = new VersionParsers({ workerFile, callingThreadToo: true, max: 2 });
    assert.equal(parsers.forVersions(10), callingThread);
    assert.equal(new VersionParsers(undefined).forVersions(100_000), callingThread);
  });

  it('how many threads: none on one core when the calling thread parses too, at most 3 by default', () => {
    assert.equal(threadCount({ workerFile, callingThreadToo: true }, 1), 0);
    assert.equal(threadCount({ workerFile, callingThreadToo: false }, 1), 1);
    assert.equal(threadCount({ workerFile, callingThreadToo: true }, 2), 1);
    assert.equal(threadCount({ workerFile, callingThreadToo: false }, 16), 3);
    assert.equal(threadCount({ workerFile, callingThreadToo: true, max: 1 }, 16), 1);
  });

  it('a history read on threads finds exactly what a read on the calling thread finds', async () => {
    const repo = new ScriptedRepo().write({ 'isms.config.yaml': '' });
    for (let i = 0; i < 12; i++) {
      repo.commit(`step ${i}`, { date: `2026-0${1 + (i % 9)}-0${1 + (i % 8)}` }, {
        [`isms/nc/NC-${i % 4}.yaml`]: i === 5 ? 'kind: Nonconformity\nid: [broken\n' : nc(`NC-${i % 4}`, `2026-1${i % 3}-1${i % 9}`, i % 5 === 4 ? 'closed' : 'open'),
        ...(i === 9 ? { 'isms/nc/NC-1.yaml': null } : {}),
      });
    }
    const read = (threads?: ParseThreads) => loadGitHistory({ root: repo.dir, config: { ...DEFAULT_CONFIG, history: { since: { amount: 3, unit: 'Y' } } }, isIsmsFile: (p) => p.startsWith('isms/'), asOf: parseDate('2026-11-27')!, threads });
    const plain = await read();
    const threaded = await read({ workerFile, callingThreadToo: false, max: 2, minVersions: 0 });
    assert.ok(plain.available && threaded.available);
    assert.ok(plain.dueMoves.length > 0 && plain.skipped.length > 0);
    assert.deepEqual(threaded, plain);
  });
});
