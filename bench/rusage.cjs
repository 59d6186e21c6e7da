// Preloaded (`node -r bench/rusage.cjs ...`) into every measured process: on exit, writes the
// process's own resource usage (CPU, peak RSS) to $BENCH_RUSAGE_FILE.
'use strict';
const fs = require('node:fs');
const file = process.env.BENCH_RUSAGE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    fs.writeFileSync(file, JSON.stringify({ userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000, maxRssKB: u.maxRSS }));
  });
}
