// What the action commands ask and pick from (src/core/edits/workItems.ts): typed and relative new
// due dates and their refusals, the repository's actions and owners.
import * as assert from 'node:assert/strict';
import { parseDate } from '../../src/core/model/dates';
import { actionHolders, actionsIn, parseNewDueDate, repositoryOwners } from '../../src/core/edits/workItems';
import { readIsmsFile } from '../../src/core/reading/ismsFile';

describe('work items: new due dates', () => {
  const base = parseDate('2026-11-27')!;
  it('takes YYYY-MM-DD and +Nd, +Nw, +Nm (calendar months, clamped) from the base', () => {
    assert.deepEqual(parseNewDueDate('2026-12-20', base, '2026-11-20'), { date: '2026-12-20', how: 'typed date' });
    assert.deepEqual(parseNewDueDate(' +14d ', base, '2026-11-20'), { date: '2026-12-11', how: '+14d from 2026-11-27' });
    assert.deepEqual(parseNewDueDate('+2W', base, '2026-11-20'), { date: '2026-12-11', how: '+2W from 2026-11-27' });
    assert.equal((parseNewDueDate('+1m', base, undefined) as { date: string }).date, '2026-12-27');
    assert.equal((parseNewDueDate('+1m', parseDate('2027-01-31')!, '2027-01-31') as { date: string }).date, '2027-02-28');
  });
  it('refuses dates not after the current due date, malformed and unreal dates, and +0', () => {
    assert.deepEqual(parseNewDueDate('2026-11-20', base, '2026-11-20'), { problem: '2026-11-20 is not after the current due date 2026-11-20' });
    assert.deepEqual(parseNewDueDate('2026-10-01', base, '2026-11-20'), { problem: '2026-10-01 is not after the current due date 2026-11-20' });
    for (const bad of ['2026-02-30', '26-12-01', 'next week', '+5y', '+-3d', '']) assert.match((parseNewDueDate(bad, base, '2026-11-20') as { problem: string }).problem, /not a date/, bad);
    assert.match((parseNewDueDate('+0d', base, '2026-11-20') as { problem: string }).problem, /does not move the date/);
  });
});

describe('work items: actions and owners of a repository', () => {
  const file = readIsmsFile('isms/x.yaml', `kind: Nonconformity
id: NC-1
title: t
severity: minor
source: other
raised: 2026-01-01
owner: " ciso@acme.example "
status: open
actions:
  - description: a
    owner: it-ops@acme.example
    due: 2026-12-01
    status: open
  - not an action
  - description: b
    owner: <who>
    due: 2026-12-01
    status: done
---
kind: ManagementReview
id: MR-1
date: 2026-06-01
status: planned
---
kind: Control
id: A.5.1
title: t
applicable: true
status: implemented
owner: ceo@acme.example
`);
  it("lists every action with its index in the record's list, and the records that hold actions", () => {
    assert.deepEqual(actionsIn(file.records).map((a) => `${a.record.id}#${a.index} ${String(a.action.description)}`), ['NC-1#0 a', 'NC-1#2 b']);
    assert.deepEqual(actionHolders(file.records).map((r) => r.id), ['NC-1', 'MR-1']);
  });
  it('offers every owner named, trimmed and sorted, placeholders left out', () => {
    assert.deepEqual(repositoryOwners(file.records), ['ceo@acme.example', 'ciso@acme.example', 'it-ops@acme.example']);
  });
});
