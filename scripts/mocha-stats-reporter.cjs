// Mocha reporter for scripts/test.mjs: the ordinary spec output, plus the run's counts written as
// JSON to the file named by the ISMS_MOCHA_STATS environment variable (or --reporter-option stats=…).
const fs = require('node:fs');
// mocha >= 12 is an ES module; its CommonJS build of the reporters is the one mocha itself uses.
const reporters = require('mocha/lib/reporters/index.cjs');

class SpecWithStats extends reporters.spec {
  constructor(runner, options) {
    super(runner, options);
    const file = (options && options.reporterOption && options.reporterOption.stats) || process.env.ISMS_MOCHA_STATS;
    runner.once('end', () => {
      if (!file) return;
      const s = runner.stats || this.stats || {};
      fs.writeFileSync(file, JSON.stringify({ passed: s.passes || 0, failed: s.failures || 0, pending: s.pending || 0 }));
    });
  }
}

module.exports = SpecWithStats;
