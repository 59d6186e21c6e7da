// The small cache of what was derived from recently read file texts (parse/recentTexts.ts).
import * as assert from 'node:assert/strict';
import { RecentTexts } from '../../src/core/parse/recentTexts';

describe('RecentTexts', () => {
  it('derives once per text, keeps the last ones derived and forgets the first derived', () => {
    const calls: string[] = [];
    const cache = new RecentTexts<number>(2);
    const length = (text: string) => {
      calls.push(text);
      return text.length;
    };
    assert.equal(cache.get('a', length), 1);
    assert.equal(cache.get('bb', length), 2);
    assert.equal(cache.get('a', length), 1); // still cached
    assert.equal(cache.get('ccc', length), 3); // forgets 'a', derived first
    assert.equal(cache.get('bb', length), 2); // still cached
    assert.equal(cache.get('a', length), 1); // derived again, forgets 'bb'
    assert.deepEqual(calls, ['a', 'bb', 'ccc', 'a']);
  });

  it('gives a changed text its own answer, never the previous one', () => {
    const cache = new RecentTexts<string>(8);
    assert.equal(cache.get('kind: Control\n', (t) => t.toUpperCase()), 'KIND: CONTROL\n');
    assert.equal(cache.get('kind: Risk\n', (t) => t.toUpperCase()), 'KIND: RISK\n');
  });
});
