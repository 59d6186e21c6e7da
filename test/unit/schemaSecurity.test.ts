// Bundled schemas are safe to evaluate on hostile input: they pass ajv's secure meta-schema
// (bounded patterns, bounded property names), and the engine runs without code generation.
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';

describe('schema security', () => {
  it("every bundled schema passes ajv's secure meta-schema", () => {
    // Compiling the meta-schema generates code, which this test process forbids: check in a child.
    const script = `
      const Ajv = require('ajv');
      const fs = require('fs');
      const isSecure = new Ajv({ strict: false }).compile(require('ajv/lib/refs/json-schema-secure.json'));
      const failures = [];
      for (const f of fs.readdirSync('schemas').filter((f) => f.endsWith('.schema.json'))) {
        if (!isSecure(JSON.parse(fs.readFileSync('schemas/' + f, 'utf8')))) failures.push(f + ': ' + JSON.stringify(isSecure.errors));
      }
      process.stdout.write(JSON.stringify(failures));`;
    const failures = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
    assert.deepStrictEqual(failures, []);
  });

  it('the tests run with code generation from strings disallowed', () => {
    assert.throws(() => new Function('return 1'), EvalError);
  });
});
