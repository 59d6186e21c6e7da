// The ISO/IEC 27001:2013 -> 2022 correspondence as the engine holds it: complete against the
// reference table, every successor in the 2022 catalog, and the unknown-reference message.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ANNEX_A_2013_CONTROLS, ANNEX_A_CONTROLS, catalogControl, control2013, successorMessage } from '../../src/core/catalog';

const REFERENCE = path.join(__dirname, '..', '..', '..', 'shared', 'reference', 'annex-a-2013-to-2022.yaml');

describe('2013 -> 2022 successors', () => {
  it('has the 114 ids and 115 pairs of ISO/IEC 27002:2022 Annex B, each successor a 2022 catalog control', () => {
    assert.equal(ANNEX_A_2013_CONTROLS.length, 114);
    assert.equal(new Set(ANNEX_A_2013_CONTROLS.map((c) => c.id)).size, 114);
    assert.equal(ANNEX_A_2013_CONTROLS.reduce((n, c) => n + c.successors.length, 0), 115);
    for (const c of ANNEX_A_2013_CONTROLS) {
      assert.ok(c.successors.length > 0, c.id);
      for (const s of c.successors) assert.equal(catalogControl(s?.id ?? ''), s, `${c.id} -> ${String(s?.id)}`);
      assert.equal(catalogControl(c.id), undefined, `${c.id} is not also a 2022 id`);
    }
  });

  it('equals the reference table, when it is at hand', function () {
    if (!fs.existsSync(REFERENCE)) this.skip();
    const ref = parse(fs.readFileSync(REFERENCE, 'utf8')) as { controls: Array<{ id: string; title: string; to_2022: string[] }>; new_in_2022: string[] };
    assert.deepEqual(ANNEX_A_2013_CONTROLS.map((c) => ({ id: c.id, title: c.title, to_2022: c.successors.map((s) => s.id) })), ref.controls);
    // Every 2022 control is a successor of some 2013 control, except the new ones.
    const reached = new Set(ANNEX_A_2013_CONTROLS.flatMap((c) => c.successors.map((s) => s.id)));
    assert.deepEqual(ANNEX_A_CONTROLS.filter((c) => !reached.has(c.id)).map((c) => c.id), ref.new_in_2022);
  });

  it('names the successors with their 2022 titles, several in the table order', () => {
    assert.equal(successorMessage(control2013('A.9.4.1')!), 'A.9.4.1 is an ISO/IEC 27001:2013 Annex A id; its 2022 successor is A.8.3 (Information access restriction)');
    assert.equal(successorMessage(control2013('A.9.2.6')!), 'A.9.2.6 is an ISO/IEC 27001:2013 Annex A id; its 2022 successor is A.5.18 (Access rights)');
    assert.equal(successorMessage(control2013('A.18.2.3')!),
      'A.18.2.3 is an ISO/IEC 27001:2013 Annex A id; its 2022 successors are A.5.36 (Compliance with policies, rules and standards for information security) and A.8.8 (Management of technical vulnerabilities)');
    for (const id of ['A.13.2.1', 'A.13.2.2', 'A.13.2.3']) assert.deepEqual(control2013(id)!.successors.map((s) => s.id), ['A.5.14']);
    assert.equal(control2013('A.9.4'), undefined);
    assert.equal(control2013('A.5.1'), undefined);
  });
});
