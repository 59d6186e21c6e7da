// Shrunk counterexamples found by the property and corpus tests (issue 7), replayed as fixtures:
// test/fixtures/regressions/<name>.yaml is the file, <name>.json the edit and what must happen.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as edits from '../../src/core/edits/ismsEdits';
import { applyEdits, EditRefused, type TextEdit } from '../../src/core/edits/textEdit';
import { readIsmsFile } from '../../src/core/reading/ismsFile';
import { parseYamlDocuments } from '../../src/core/parse/yamlDocuments';
import type { IsmsRecord } from '../../src/core/model/records';

const DIR = path.join(__dirname, '..', 'fixtures', 'regressions');

interface Fixture {
  about: string;
  edit?: 'extendDueDate' | 'markActionDone' | 'replaceValue' | 'disableForLine';
  args?: unknown[];
  expect?: { refused?: string; path?: Array<string | number>; value?: unknown };
  read?: boolean;
  codes?: string[];
}

function record(text: string): IsmsRecord {
  const doc = parseYamlDocuments(text).documents[0];
  return { file: 'x.yaml', document: 0, kind: 'Nonconformity', id: 'NC-1', value: doc.value!, doc: doc.doc, broken: false };
}

function run(fixture: Fixture, text: string): TextEdit[] {
  const r = record(text);
  const a = fixture.args!;
  switch (fixture.edit) {
    case 'extendDueDate': return edits.extendDueDate(text, r, a[0] as number, a[1] as edits.DueDateExtension);
    case 'markActionDone': return edits.markActionDone(text, r, a[0] as number, a[1] as string);
    case 'replaceValue': return edits.replaceValue(text, r, a[0] as string[], a[1] as string);
    case 'disableForLine': return edits.disableForLine(text, text.indexOf((a[0] as { offsetOf: string }).offsetOf), a[1] as string, a[2] as string);
    default: throw new Error(`unknown edit ${fixture.edit}`);
  }
}

describe('regression fixtures (issue 7)', () => {
  const names = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  it('are present', () => assert.ok(names.length >= 6));
  for (const name of names) {
    const fixture = JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as Fixture;
    it(`${name}: ${fixture.about}`, () => {
      const text = fs.readFileSync(path.join(DIR, `${name}.yaml`), 'utf8');
      if (fixture.read) {
        const file = readIsmsFile('x.yaml', text);
        for (const d of file.diagnostics) assert.ok(d.range.end.offset <= text.length && d.range.start.offset <= d.range.end.offset, `${d.code} outside the file`);
        for (const code of fixture.codes ?? []) assert.ok(file.diagnostics.some((d) => d.code === code), code);
        return;
      }
      if (fixture.expect?.refused) {
        assert.throws(() => run(fixture, text), (e: unknown) => e instanceof EditRefused && e.message.includes(fixture.expect!.refused!));
        return;
      }
      const after = applyEdits(text, run(fixture, text));
      const parsed = parseYamlDocuments(after);
      assert.deepEqual(parsed.problems, []);
      let value: unknown = parsed.documents[0].value;
      for (const seg of fixture.expect!.path!) value = (value as Record<string | number, unknown>)[seg];
      assert.deepEqual(value, fixture.expect!.value);
    });
  }
});
