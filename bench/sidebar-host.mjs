#!/usr/bin/env node
// The sidebar's cost in the real VS Code host (issue: "the sidebar tells the truth"): generates the
// large benchmark repository if needed, then runs the bench-sidebar host suite on it
// (test/integration/suites/bench-sidebar), which writes bench/results-sidebar-host.json.
//   node bench/sidebar-host.mjs          (ISMS_BENCH_EDITS=8 edits per case by default)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const info = generate('large');
console.log(`large: ${info.files} files, ${info.records} records`);
process.env.ISMS_IT_SUITE_TIMEOUT ??= String(40 * 60_000);
const { runSuites } = await import('../test/integration/run.mjs');
const [result] = await runSuites(['bench-sidebar'], { build: true });
if (!result || result.failed) {
  console.error('bench-sidebar failed', result?.error ?? '');
  process.exit(1);
}
const r = JSON.parse(readFileSync(join(here, 'results-sidebar-host.json'), 'utf8'));
console.log(JSON.stringify(r, null, 2));
