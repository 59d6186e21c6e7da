// The vocabulary lists in model.ts (used for ordering and prompts) say what the schemas say.
import * as assert from 'node:assert';
import { NONCONFORMITY_SEVERITIES, NONCONFORMITY_SOURCES, NONCONFORMITY_STATUSES, rankIn } from '../../src/core/model/model';
import { fieldInfo } from '../../src/core/schema/fieldCatalog';

describe('ISMS vocabulary', () => {
  it('nonconformity severities, sources and statuses match the schema, in order', () => {
    assert.deepStrictEqual([...NONCONFORMITY_SEVERITIES], fieldInfo('Nonconformity', ['severity'])?.values);
    assert.deepStrictEqual([...NONCONFORMITY_SOURCES], fieldInfo('Nonconformity', ['source'])?.values);
    assert.deepStrictEqual([...NONCONFORMITY_STATUSES], fieldInfo('Nonconformity', ['status'])?.values);
  });

  it('rankIn sorts unknown values last', () => {
    assert.deepStrictEqual(['minor', 'bogus', 'major', undefined].map((s) => rankIn(NONCONFORMITY_SEVERITIES, s)), [1, 4, 0, 4]);
  });
});
