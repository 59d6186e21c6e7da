// Preloaded (`node -r bench/rusage.cjs ...`) into every measured process: on exit, writes the
// process's own resource usage (CPU, peak RSS) to $BENCH_RUSAGE_FILE; with $BENCH_THREADS (Linux),
// also the CPU of the main thread alone (from its schedstat, in ns), apart from V8's helper threads.
'use strict';
const fs = require('node:fs');
const file = process.env.BENCH_RUSAGE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    let mainThreadMs;
    if (process.env.BENCH_THREADS) {
      try {
        mainThreadMs = Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      } catch {
        // not Linux: the main thread's share is not known
      }
    }
    fs.writeFileSync(file, JSON.stringify({ userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000, maxRssKB: u.maxRSS, mainThreadMs }));
  });
}
