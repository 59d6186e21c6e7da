// The ISO/IEC 27001:2013 -> 2022 correspondence as the engine holds it: complete against the
// reference table, every successor in the 2022 catalog, and the unknown-reference message.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { replaceAll2013Ids } from '../../src/core/edits/successorEdits';
import { applyEdits } from '../../src/core/edits/textEdit';
import { readIsmsFile } from '../../src/core/reading/ismsFile';
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

describe('replacing 2013 ids by their successors', () => {
  const nc = (controls: string) => `kind: Nonconformity\nid: NC-1\ntitle: t\nseverity: minor\nsource: other\nraised: 2026-01-01\nowner: o\nstatus: open\n${controls}`;
  const replaced = (text: string, known: string[] = []) => {
    const file = readIsmsFile('nc.yaml', text);
    const { edits, count } = replaceAll2013Ids(text, file.records, (id) => !known.includes(id));
    return { text: applyEdits(text, edits), count };
  };

  it('replaces one-to-one ids in block and flow lists, keeping comments, quotes and other items', () => {
    assert.deepEqual(replaced(nc('controls:\n  - A.9.2.6   # from the audit report\n  - A.5.1\n  - "A.9.4.1"\n')),
      { text: nc('controls:\n  - A.5.18   # from the audit report\n  - A.5.1\n  - "A.8.3"\n'), count: 2 });
    assert.deepEqual(replaced(nc('controls: [A.9.2.6, A.5.1, \'A.12.1.2\']\n')), { text: nc("controls: [A.5.18, A.5.1, 'A.8.32']\n"), count: 2 });
  });

  it('expands a one-to-many id (A.18.2.3) into all its successors in the table order', () => {
    assert.equal(replaced(nc('controls:\n  - A.18.2.3 # tech review\n  - A.5.1\n')).text, nc('controls:\n  - A.5.36 # tech review\n  - A.8.8\n  - A.5.1\n'));
    assert.equal(replaced(nc('controls: [A.18.2.3]\n')).text, nc('controls: [A.5.36, A.8.8]\n'));
    assert.equal(replaced(nc('controls:\n  - A.18.2.3')).text, nc('controls:\n  - A.5.36\n  - A.8.8\n'));
  });

  it('writes a many-to-one successor (A.13.2.1-3 -> A.5.14) once per list, keeping commented items', () => {
    assert.deepEqual(replaced(nc('controls:\n  - A.13.2.1\n  - A.13.2.2\n  - A.13.2.3\n')), { text: nc('controls:\n  - A.5.14\n'), count: 3 });
    assert.equal(replaced(nc('controls: [A.13.2.1, A.13.2.2, A.5.1, A.13.2.3]\n')).text, nc('controls: [A.5.14, A.5.1]\n'));
    assert.equal(replaced(nc('controls: [A.5.14, A.13.2.1]\n')).text, nc('controls: [A.5.14]\n'));
    assert.equal(replaced(nc('controls:\n  - A.5.14\n  - A.13.2.2 # kept: it has a comment\n')).text, nc('controls:\n  - A.5.14\n  - A.5.14 # kept: it has a comment\n'));
  });

  it('keeps ids that resolve (an own Control record named like a 2013 id) and ids that are no 2013 id', () => {
    assert.deepEqual(replaced(nc('controls: [A.9.2.6, A.9.4, CTL-1]\n'), ['A.9.2.6']), { text: nc('controls: [A.9.2.6, A.9.4, CTL-1]\n'), count: 0 });
  });
});
