// The cost ladder: `node bench/ladder.mjs [SIZE ...] [--runs N]` (default single-2k and records-2k,
// 7 runs). Each rung of bench/ladder.ts, and `isms check` itself, runs as a fresh process,
// interleaved; printed: medians of wall and CPU, and (Linux) the CPU of the main thread apart from
// V8's helper threads (optimizing compiler, garbage collection), whose share is large in a short
// process. What a rung adds over the one below is what that part of the engine costs as a whole.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AS_OF, generate } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
const sizes = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');
const out = join(root, 'out/bench');

execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'ignore' });
const esbuild = await import('esbuild');
const { bundleOptions } = await import('../scripts/bundleOptions.mjs');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
await esbuild.build({ ...bundleOptions({ version }), entryPoints: [join(here, 'ladder.ts')], outfile: join(out, 'ladder.cjs') });

const usageFile = join(out, `ladder-usage-${process.pid}.json`);
const rungs = [
  ...['lex', 'cst', 'events-lex', 'events', 'read', 'index', 'rules'].map((stage) => ({ name: stage, argv: (dir) => [join(out, 'ladder.cjs'), dir, stage, AS_OF] })),
  // The `isms` executable: on Node 22.1+ with its compile cache, which the stage rungs do not use.
  { name: 'isms check', argv: (dir) => [join(root, 'dist/isms.js'), 'check', dir, '--format', 'json', '--as-of', AS_OF] },
];
const median = (values) => { const s = [...values].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

for (const size of sizes.length > 0 ? sizes : ['single-2k', 'records-2k']) {
  const { dir, files } = generate(size);
  const samples = new Map(rungs.map((r) => [r.name, []]));
  for (let run = 0; run < runs; run++) {
    for (const rung of rungs) {
      rmSync(usageFile, { force: true });
      const t0 = performance.now();
      const child = spawnSync(process.execPath, ['-r', join(here, 'rusage.cjs'), ...rung.argv(dir)], { cwd: root, env: { ...process.env, BENCH_RUSAGE_FILE: usageFile, BENCH_THREADS: '1' }, stdio: 'ignore' });
      const wallMs = performance.now() - t0;
      if (child.status !== 0 && rung.name !== 'isms check') throw new Error(`${rung.name} on ${size} exited ${child.status}`);
      const usage = existsSync(usageFile) ? JSON.parse(readFileSync(usageFile, 'utf8')) : {};
      samples.get(rung.name).push({ wallMs, cpuMs: usage.userMs + usage.systemMs, mainMs: usage.mainThreadMs });
    }
  }
  console.log(`\n${size} (${files} files, ${runs} runs; ms, medians)\n`);
  console.log('| rung | wall | CPU | CPU added | main thread | helper threads |');
  console.log('|---|---|---|---|---|---|');
  let below;
  for (const [name, list] of samples) {
    const cpu = median(list.map((s) => s.cpuMs));
    const main = list.every((s) => s.mainMs !== undefined) ? median(list.map((s) => s.mainMs)) : undefined;
    console.log(`| ${name} | ${median(list.map((s) => s.wallMs)).toFixed(0)} | ${cpu.toFixed(0)} | ${below === undefined ? '–' : `${cpu >= below ? '+' : '−'}${Math.abs(cpu - below).toFixed(0)}`} | ${main?.toFixed(0) ?? '–'} | ${main === undefined ? '–' : (cpu - main).toFixed(0)} |`);
    below = cpu;
  }
}
rmSync(usageFile, { force: true });
