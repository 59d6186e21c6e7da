// The config's JSON Schema (for editors) accepts exactly the rule codes the engine knows.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { KNOWN_CODES } from '../../src/core/rules';

describe('config schema', () => {
  it('lists every diagnostic code under rules, and no other', () => {
    const schema = JSON.parse(readFileSync('schemas/config.schema.json', 'utf8'));
    assert.deepStrictEqual(Object.keys(schema.properties.rules.properties).sort(), [...KNOWN_CODES].sort());
    assert.strictEqual(schema.properties.rules.additionalProperties, false);
  });
});
