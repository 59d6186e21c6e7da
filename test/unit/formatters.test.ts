// Escaping of GitHub workflow commands, per the rules of GitHub's actions/toolkit (command.ts).
import * as assert from 'node:assert/strict';
import { escapeGithubData, escapeGithubProperty } from '../../src/cli/formatters';

describe('GitHub workflow command escaping', () => {
  it('escapes %, CR and LF in data, % first so escapes are not escaped twice', () => {
    assert.equal(escapeGithubData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
    assert.equal(escapeGithubData('%0A'), '%250A');
  });
  it('also escapes : and , in property values', () => {
    assert.equal(escapeGithubProperty('isms/a:b,c%\n.yaml'), 'isms/a%3Ab%2Cc%25%0A.yaml');
  });
});
