// The README documents every diagnostic code under a heading whose anchor the diagnostics link to.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { ALL_CODES, documentationUrl } from '../../src/core/rules';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('has a section for every diagnostic code, matching the documentation links', () => {
    for (const { code } of ALL_CODES) {
      assert.ok(readme.includes(`\n### ${code}\n`), `README lacks a '### ${code}' section`);
      assert.ok(documentationUrl(code).endsWith(`#${code}`));
    }
  });

  it('shows the quick start and the test command', () => {
    assert.match(readme, /npm install && npm run demo/);
    assert.match(readme, /npm test/);
  });
});
