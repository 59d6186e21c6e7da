// The README documents every diagnostic code under a heading whose anchor the diagnostics link to.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { ALL_CODES, documentationUrl } from '../../src/core/rules';
import { RULE_DOCUMENTATION } from '../../src/core/rules/documentation';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('has a section for every diagnostic code, matching the documentation links', () => {
    for (const { code } of ALL_CODES) {
      assert.ok(readme.includes(`\n### ${code}\n`), `README lacks a '### ${code}' section`);
      assert.ok(documentationUrl(code).endsWith(`#${code}`));
    }
  });

  it('documents every code in src/core/rules/documentation.ts, and the README says the same', () => {
    const undocumented = ALL_CODES.map((c) => c.code).filter((code) => !Object.prototype.hasOwnProperty.call(RULE_DOCUMENTATION, code));
    assert.deepEqual(undocumented, [], 'codes without an entry in src/core/rules/documentation.ts');
    const known = new Set(ALL_CODES.map((c) => c.code));
    assert.deepEqual(Object.keys(RULE_DOCUMENTATION).filter((code) => !known.has(code)), [], 'documentation for codes the engine does not have');
    const rules = readme.slice(readme.indexOf('\n## Rules\n'), readme.indexOf('\n## ', readme.indexOf('\n## Rules\n') + 1));
    const sections = new Map(rules.split('\n### ').slice(1).map((s) => [s.slice(0, s.indexOf('\n')), s.slice(s.indexOf('\n') + 1).trim()]));
    for (const [code, doc] of Object.entries(RULE_DOCUMENTATION)) assert.equal(sections.get(code), doc.markdown.join('\n'), `README '### ${code}' differs from its documentation`);
  });

  it('shows the quick start and the test command', () => {
    assert.match(readme, /npm install && npm run demo/);
    assert.match(readme, /npm test/);
  });
});
