import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { TURBOFAN_INTERRUPT_BUDGET, tieringFlags } from '../../src/cli/tiering';

describe('the executable\'s V8 tiering (src/cli/tiering.ts)', () => {
  const later = [`--interrupt-budget=${TURBOFAN_INTERRUPT_BUDGET}`];

  it('on V8 11 (Node 20) uses the TurboFan budget of V8 12 and later', () => {
    assert.deepEqual(tieringFlags('11.3.244.8-node.33', [], undefined), later);
    assert.deepEqual(tieringFlags('11.8.172.17-node.19', ['--enable-source-maps'], '--max-old-space-size=4096'), later);
    assert.equal(TURBOFAN_INTERRUPT_BUDGET, 135168);
  });

  it('on V8 12 and later sets nothing: their defaults already are these', () => {
    assert.deepEqual(tieringFlags('12.4.254.21-node.33', [], undefined), []);
    assert.deepEqual(tieringFlags('13.6.233.10-node.18', [], ''), []);
  });

  it('leaves the budget to the user who sets it, on the command line or in NODE_OPTIONS, in either spelling', () => {
    assert.deepEqual(tieringFlags('11.3.244.8', ['--interrupt-budget=10000'], undefined), []);
    assert.deepEqual(tieringFlags('11.3.244.8', [], '--trace-opt --interrupt_budget=500000'), []);
    assert.deepEqual(tieringFlags('11.3.244.8', ['--interrupt-budget-for-feedback-allocation=900'], undefined), later, 'another flag with the same prefix is not the budget');
  });

  it('sets nothing for a V8 version it cannot read', () => {
    assert.deepEqual(tieringFlags('', [], undefined), []);
    assert.deepEqual(tieringFlags('unknown', [], undefined), []);
  });

  it('the executable runs with a budget the user gave, and says nothing about it', function () {
    this.timeout(20000);
    const cli = path.join(__dirname, '..', '..', 'dist', 'isms.js');
    const run = spawnSync(process.execPath, ['--interrupt-budget=50000', cli, '--version'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /\d+\.\d+\.\d+/);
  });
});
