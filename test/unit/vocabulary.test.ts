// The vocabulary lists in model.ts (used for ordering and prompts) say what the schemas say.
import * as assert from 'node:assert';
import { parse } from 'yaml';
import { NONCONFORMITY_SEVERITIES, NONCONFORMITY_SOURCES, NONCONFORMITY_STATUSES, RECORD_KINDS, rankIn, type NodePath, type RecordKind } from '../../src/core/model/model';
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

describe('enum values for completion', () => {
  // Every enum field of every kind, lists included (a list's items are at index 0).
  function enumFields(kind: RecordKind, path: NodePath = [], depth = 0): Array<{ path: NodePath; values: string[]; texts: string[] }> {
    const info = fieldInfo(kind, path);
    if (!info || depth > 5) return [];
    const own = info.values.length > 0 ? [{ path, values: info.values, texts: info.texts }] : [];
    const items = path.length > 0 && typeof path[path.length - 1] !== 'number' && fieldInfo(kind, [...path, 0]) ? enumFields(kind, [...path, 0], depth + 1) : [];
    return [...own, ...items, ...info.fields.flatMap((f) => enumFields(kind, [...path, f.name], depth + 1))];
  }

  it('the items of a list of enum values (AuditProgramme clauses) are offered, quoted where YAML would read a number', () => {
    const clauses = fieldInfo('AuditProgramme', ['clauses', 0]);
    assert.deepStrictEqual(clauses?.values, ['4', '5', '6', '7', '8', '9', '10']);
    assert.deepStrictEqual(clauses?.texts, ['"4"', '"5"', '"6"', '"7"', '"8"', '"9"', '"10"']);
    assert.deepStrictEqual(fieldInfo('AuditProgramme', ['clauses'])?.values, [], 'the list itself is not an enum');
  });

  it('action statuses inside the actions list; booleans plain', () => {
    assert.deepStrictEqual(fieldInfo('Nonconformity', ['actions', 0, 'status'])?.texts, fieldInfo('Nonconformity', ['actions', 0, 'status'])?.values);
    assert.ok(fieldInfo('Nonconformity', ['actions', 0, 'status'])?.values.includes('cancelled'));
    assert.deepStrictEqual(fieldInfo('Control', ['applicable'])?.texts, ['true', 'false']);
  });

  it('every enum value of every kind, written as its text, reads back as that value with its schema type', () => {
    let checked = 0;
    for (const kind of RECORD_KINDS) {
      for (const field of enumFields(kind)) {
        field.texts.forEach((text, i) => {
          const read: unknown = parse(`v: ${text}`).v;
          assert.strictEqual(String(read), field.values[i], `${kind} ${field.path.join('.')}: ${text}`);
          if (text !== field.values[i]) assert.strictEqual(typeof read, 'string', `${kind} ${field.path.join('.')}: ${text} is quoted only to stay a string`);
          checked++;
        });
      }
    }
    assert.ok(checked > 50, `only ${checked} values found`);
  });
});
