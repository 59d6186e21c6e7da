// Schema validation of every record kind, written against FORMAT.md: valid records are clean,
// each problem is reported at the node FORMAT.md names with a message naming the field.
import * as assert from 'node:assert/strict';
import { end, positionOf, read, start } from './helpers/read';

const MINIMAL: Record<string, string> = {
  Nonconformity: `kind: Nonconformity
id: NC-1
title: t
severity: minor
source: other
raised: 2026-01-01
owner: o
status: open
`,
  Control: `kind: Control
id: A.5.1
title: t
applicable: false
`,
  RootCauseAnalysis: `kind: RootCauseAnalysis
id: RCA-1
nonconformity: NC-1
method: five-whys
problem: p
root_causes: [c]
`,
  ManagementReview: `kind: ManagementReview
id: MR-1
date: 2026-01-01
status: planned
`,
  Audit: `kind: Audit
id: AUD-1
type: internal
date: 2026-01-01
status: planned
`,
  Objective: `kind: Objective
id: OBJ-1
title: t
metric: m
direction: at-least
target: 1
`,
};

MINIMAL.Risk = `kind: Risk
id: R-1
title: t
owner: o
identified: 2026-01-01
likelihood: 3
impact: 4
treatment: avoid
status: open
`;
MINIMAL.ImprovementPlan = `kind: ImprovementPlan
id: IP-2026
title: t
period: {start: 2026-01-01, end: 2026-12-31}
status: draft
`;
MINIMAL.AuditProgramme = `kind: AuditProgramme
id: PRG-1
title: t
period: {start: 2026-01-01, end: 2028-12-31}
`;

const FULL: Record<string, string> = {
  Nonconformity: `kind: Nonconformity
id: NC-1
title: t
severity: major
source: internal-audit
raised: 2026-01-01
raised_by: auditor
description: d
owner: o
status: closed
correction: c
audit: AUD-1
controls: [A.5.1, CTL-1]
clauses: ["9.2", "10.2"]
rca: RCA-1
actions:
  - id: NC-1/1
    description: d
    owner: o
    due: 2026-02-01
    status: done
    completed: 2026-02-10
    due_history:
      - { from: 2026-01-15, to: 2026-02-01, reason: r, approved_by: ciso, on: 2026-01-14 }
      - { from: 2026-01-10, to: 2026-01-15, reason: r }
  - description: d2
    owner: o
    due: 2026-03-01
    status: cancelled
effectiveness:
  result: effective
  due: 2026-04-01
  reviewed_by: r
  reviewed_on: 2026-04-02
  notes: n
closed: 2026-04-03
x-ticket: JIRA-1
`,
  Control: `kind: Control
id: A.8.20
title: Networks security
theme: technological
applicable: true
justification: j
status: partial
owner: o
last_reviewed: 2026-01-01
review_interval: P6M
evidence:
  - path: docs/x.md
    description: d
    date: 2026-01-01
  - url: https://example.com/x
x-extra: { anything: [1, 2] }
`,
  RootCauseAnalysis: `kind: RootCauseAnalysis
id: RCA-1
nonconformity: NC-1
method: fishbone
problem: p
root_causes: [a, b]
date: 2026-01-01
facilitator: f
participants: [a, b]
whys: [w1, w2]
causes:
  people: [x]
  process: [y]
  my-own-category: [z]
`,
  ManagementReview: `kind: ManagementReview
id: MR-2
date: 2026-06-01
status: held
chair: c
attendees: [a, b]
previous: MR-1
decisions: [d]
actions:
  - description: d
    owner: o
    due: 2026-07-01
    status: open
inputs:
  previous_actions: a
  issues: [b]
  interested_parties:
  performance:
    nonconformities: n
    monitoring: [m]
    audits:
    objectives: o
    x-note: allowed
  feedback: e
  risks: f
  improvement: g
  x-more: allowed
`,
  Audit: `kind: Audit
id: AUD-1
type: surveillance
date: 2026-01-01
end: 2026-01-03
status: completed
title: t
scope: s
auditor: a
controls: [A.5.1]
clauses: ["9.2"]
findings: [NC-1]
`,
  Objective: `kind: Objective
id: OBJ-1
title: t
metric: m
direction: at-most
target: 4.5
unit: "%"
owner: o
due: 2026-12-31
measurements:
  - { date: 2026-01-01, value: 3, note: n }
  - date: 2026-02-01
    value: 0
`,
};

FULL.Risk = `kind: Risk
id: R-1
title: t
description: d
threat: th
vulnerability: v
assets: [a, b]
owner: o
identified: 2026-01-01
assessed: 2026-02-01
review_interval: P6M
likelihood: 5
impact: 1
residual: {likelihood: 1, impact: 1}
treatment: accept
treatment_plan:
  - id: R-1/1
    description: d
    owner: o
    due: 2026-03-01
    status: done
    completed: 2026-02-20
    due_history:
      - { from: 2026-02-01, to: 2026-03-01, reason: r }
controls: [A.5.1, CTL-1]
acceptance: {accepted_by: o, accepted_on: 2026-02-01, expires: 2027-02-01, notes: n}
status: accepted
x-ticket: RISK-1
`;
FULL.ImprovementPlan = `kind: ImprovementPlan
id: IP-2026
title: t
period:
  start: 2026-01-01
  end: 2026-12-31
status: ratified
ratified_by: ceo
ratified_on: 2026-01-10
review: MR-1
objectives: [OBJ-1]
initiatives:
  - id: IP-2026/1
    title: t
    description: d
    owner: o
    due: 2026-06-30
    status: in-progress
    controls: [A.8.8]
    objectives: [OBJ-1]
    nonconformities: [NC-1]
    risks: [R-1]
    due_history:
      - { from: 2026-05-31, to: 2026-06-30, reason: r, approved_by: ceo, on: 2026-05-20 }
    x-epic: SEC-1
`;
FULL.AuditProgramme = `kind: AuditProgramme
id: PRG-1
title: t
period: {start: 2026-01-01, end: 2028-12-31}
owner: o
method: m
criteria: c
clauses: ["4", "5", "6", "7", "8", "9", "10"]
controls: applicable
`;
FULL.Nonconformity = FULL.Nonconformity.replace('rca: RCA-1\n', 'rca: RCA-1\nsimilar: checked the other two systems\nrisks: [R-1]\n');
FULL.Audit = FULL.Audit.replace('findings: [NC-1]\n', 'findings: [NC-1]\nprogramme: PRG-1\n');

const REQUIRED: Record<string, string[]> = {
  Nonconformity: ['kind', 'id', 'title', 'severity', 'source', 'raised', 'owner', 'status'],
  Control: ['id', 'title', 'applicable'],
  RootCauseAnalysis: ['id', 'nonconformity', 'method', 'problem', 'root_causes'],
  ManagementReview: ['id', 'date', 'status'],
  Audit: ['id', 'type', 'date', 'status'],
  Objective: ['id', 'title', 'metric', 'direction', 'target'],
  Risk: ['id', 'title', 'owner', 'identified', 'likelihood', 'impact', 'treatment', 'status'],
  ImprovementPlan: ['id', 'title', 'period', 'status'],
  AuditProgramme: ['id', 'title', 'period'],
};

function schemaOnly(text: string) {
  const diagnostics = read(text);
  assert.ok(diagnostics.every((d) => d.code === 'schema'), diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  return diagnostics;
}

describe('schema', () => {
  for (const kind of Object.keys(MINIMAL)) {
    describe(kind, () => {
      it('a minimal record is valid', () => assert.deepEqual(read(MINIMAL[kind]), []));
      it('a full record is valid', () => assert.deepEqual(read(FULL[kind]).map((d) => d.message), []));
      for (const field of REQUIRED[kind]) {
        it(`missing '${field}' is reported at the start of the mapping`, () => {
          const text = MINIMAL[kind].split('\n').filter((l) => !l.startsWith(`${field}:`)).join('\n');
          const diagnostics = schemaOnly(text);
          assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.message).join('\n'));
          assert.match(diagnostics[0].message, new RegExp(`missing required field '${field}'`));
          assert.deepEqual(start(diagnostics[0]), { line: 0, character: 0 });
        });
      }
      it('an unknown top-level field is reported at its key, with a suggestion for near names', () => {
        const text = `${MINIMAL[kind]}titel: x\n`;
        const [d, ...rest] = schemaOnly(text);
        assert.equal(rest.length, 0);
        assert.deepEqual(start(d), positionOf(text, 'titel'));
        assert.deepEqual(end(d), { line: positionOf(text, 'titel').line, character: 'titel'.length });
        assert.match(d.message, /^titel: unknown field/);
        if (kind !== 'RootCauseAnalysis' && kind !== 'Audit' && kind !== 'ManagementReview') assert.match(d.message, /did you mean 'title'\?/);
      });
      it('x- fields are allowed at the top level', () => assert.deepEqual(read(`${MINIMAL[kind]}x-anything: [1]\n`), []));
      it('the id must match the id pattern', () => {
        const text = MINIMAL[kind].replace(/^id: .*$/m, 'id: -bad id');
        const [d, ...rest] = schemaOnly(text);
        assert.equal(rest.length, 0);
        assert.deepEqual(start(d), positionOf(text, '-bad id'));
        assert.match(d.message, /^id: /);
      });
    });
  }

  it('the enum message has the exact format, with a suggestion', () => {
    const text = MINIMAL.Nonconformity.replace('status: open', 'status: inprogress');
    const [d, ...rest] = schemaOnly(text);
    assert.equal(rest.length, 0);
    assert.equal(d.message, "status: must be one of open, in-progress, implemented, closed, rejected (got 'inprogress'; did you mean 'in-progress'?)");
    assert.deepEqual(start(d), positionOf(text, 'inprogress'));
    assert.deepEqual(end(d), { line: positionOf(text, 'inprogress').line, character: positionOf(text, 'inprogress').character + 'inprogress'.length });
    assert.equal(d.severity, 'error');
    assert.equal(d.record, 'NC-1');
  });

  it('an enum value far from every allowed one has no suggestion', () => {
    const [d] = schemaOnly(MINIMAL.Nonconformity.replace('severity: minor', 'severity: catastrophic'));
    assert.equal(d.message, "severity: must be one of major, minor, observation, opportunity (got 'catastrophic')");
  });

  it('enums in nested mappings name the full path', () => {
    const text = `${MINIMAL.Nonconformity}actions:\n  - description: d\n    owner: o\n    due: 2026-01-01\n    status: dne\n`;
    const [d] = schemaOnly(text);
    assert.match(d.message, /^actions\[0\]\.status: must be one of open, in-progress, done, cancelled \(got 'dne'; did you mean 'done'\?\)$/);
    assert.deepEqual(start(d), positionOf(text, 'dne'));
  });

  describe('the v2 loop kinds', () => {
    it('likelihood and impact are 1 to 5, residual needs both', () => {
      const [d] = schemaOnly(MINIMAL.Risk.replace('likelihood: 3', 'likelihood: 6'));
      assert.equal(d.message, 'likelihood: must be one of 1, 2, 3, 4, 5 (got number 6)');
      const [r] = schemaOnly(`${MINIMAL.Risk}residual: {likelihood: 2}\n`);
      assert.equal(r.message, "residual: missing required field 'impact'");
    });
    it('a ratified plan needs ratified_by and ratified_on', () => {
      const messages = schemaOnly(MINIMAL.ImprovementPlan.replace('status: draft', 'status: ratified')).map((d) => d.message);
      assert.deepEqual(messages.sort(), ["missing required field 'ratified_by'", "missing required field 'ratified_on'"]);
    });
    it("a programme's controls are `applicable` or a list; its clauses 4 to 10, at least one", () => {
      const [c] = schemaOnly(`${MINIMAL.AuditProgramme}controls: all\n`);
      assert.equal(c.message, "controls: must be 'applicable' or a list of control ids");
      assert.deepEqual(read(`${MINIMAL.AuditProgramme}controls: [A.5.1, CTL-1]\n`), []);
      assert.match(schemaOnly(`${MINIMAL.AuditProgramme}clauses: ["11"]\n`)[0].message, /^clauses\[0\]: must be one of 4, 5, 6, 7, 8, 9, 10/);
      assert.match(schemaOnly(`${MINIMAL.AuditProgramme}clauses: []\n`)[0].message, /^clauses: must list at least 1 item/);
    });
    it('an initiative is an action: description, owner, due and status are required', () => {
      const messages = schemaOnly(`${MINIMAL.ImprovementPlan}initiatives:\n  - title: t\n`).map((d) => d.message);
      assert.deepEqual(messages, ["initiatives[0]: missing required field 'description'", "initiatives[0]: missing required field 'owner'", "initiatives[0]: missing required field 'due'", "initiatives[0]: missing required field 'status'"]);
    });
  });

  describe('wrong types', () => {
    const cases: Array<[string, string, string, string]> = [
      ['Nonconformity', 'title: t', 'title: [a, b]', 'title'],
      ['Nonconformity', 'owner: o', 'owner: 42', 'owner'],
      ['Nonconformity', 'raised: 2026-01-01', 'raised: 20260101', 'raised'],
      ['Control', 'applicable: false', 'applicable: "no"', 'applicable'],
      ['Objective', 'target: 1', 'target: "1"', 'target'],
      ['RootCauseAnalysis', 'root_causes: [c]', 'root_causes: c', 'root_causes'],
      ['Audit', 'date: 2026-01-01', 'date: true', 'date'],
    ];
    for (const [kind, from, to, field] of cases) {
      it(`${kind}: ${to}`, () => {
        const text = MINIMAL[kind].replace(from, to);
        const [d, ...rest] = schemaOnly(text);
        assert.equal(rest.length, 0, rest.map((r) => r.message).join('\n'));
        assert.ok(d.message.startsWith(`${field}: `), d.message);
        const at = positionOf(text, to);
        assert.deepEqual(start(d), { line: at.line, character: at.character + field.length + 2 });
      });
    }
    it('an empty root_causes list is an error', () => {
      const [d] = schemaOnly(MINIMAL.RootCauseAnalysis.replace('root_causes: [c]', 'root_causes: []'));
      assert.match(d.message, /^root_causes: /);
    });
    it('a number in a date field is schema, not invalid-date', () => {
      const diagnostics = read(MINIMAL.ManagementReview.replace('date: 2026-01-01', 'date: 2026'));
      assert.deepEqual(diagnostics.map((d) => d.code), ['schema']);
    });
  });

  describe('nested unknown fields and x- extensions', () => {
    it('an unknown field in an action is reported at its key, with a suggestion', () => {
      const text = `${MINIMAL.Nonconformity}actions:\n  - description: d\n    owner: o\n    due: 2026-01-01\n    status: open\n    x-jira: J-1\n    ownr: o\n`;
      const [d, ...rest] = schemaOnly(text);
      assert.equal(rest.length, 0);
      assert.equal(d.message, "actions[0].ownr: unknown field (did you mean 'owner'?); extension fields must start with 'x-'");
      assert.deepEqual(start(d), positionOf(text, 'ownr'));
    });
    it('x- fields are allowed in due_history, effectiveness, evidence, measurements, inputs and performance', () => {
      assert.deepEqual(read(`${MINIMAL.Nonconformity}actions:\n  - description: d\n    owner: o\n    due: 2026-01-01\n    status: open\n    due_history:\n      - { from: 2026-01-01, to: 2026-01-02, reason: r, x-t: 1 }\neffectiveness: { result: pending, x-y: 1 }\n`), []);
      assert.deepEqual(read(`${MINIMAL.Control}evidence:\n  - { path: a, x-y: 1 }\n`), []);
      assert.deepEqual(read(`${MINIMAL.Objective}measurements:\n  - { date: 2026-01-01, value: 1, x-y: 1 }\n`), []);
      assert.deepEqual(read(`${MINIMAL.ManagementReview}inputs:\n  x-y: 1\n  performance:\n    x-z: 1\n`), []);
    });
    it('unknown fields in effectiveness, inputs and performance are schema errors', () => {
      const text = `${MINIMAL.ManagementReview}inputs:\n  isues: a\n  performance:\n    audit: b\n`;
      const diagnostics = schemaOnly(text);
      assert.deepEqual(diagnostics.map((d) => start(d)), [positionOf(text, 'isues'), positionOf(text, 'audit')]);
      assert.match(diagnostics[0].message, /^inputs\.isues: unknown field \(did you mean 'issues'\?\)/);
      assert.match(diagnostics[1].message, /^inputs\.performance\.audit: unknown field \(did you mean 'audits'\?\)/);
      const nc = `${MINIMAL.Nonconformity}effectiveness:\n  result: pending\n  reviewer: x\n`;
      const [e] = schemaOnly(nc);
      assert.deepEqual(start(e), positionOf(nc, 'reviewer'));
    });
    it('RCA causes take free category keys, but each must be a list of strings', () => {
      assert.deepEqual(read(`${MINIMAL.RootCauseAnalysis}causes:\n  anything-goes: [a]\n  suppliers: [b]\n`), []);
      const text = `${MINIMAL.RootCauseAnalysis}causes:\n  people: 42\n`;
      const [d] = schemaOnly(text);
      assert.deepEqual(start(d), positionOf(text, '42'));
    });
    it('an evidence entry needs a path or a url', () => {
      const text = `${MINIMAL.Control}evidence:\n  - description: only words\n`;
      const [d, ...rest] = schemaOnly(text);
      assert.equal(rest.length, 0);
      assert.match(d.message, /path/);
      assert.match(d.message, /url/);
      assert.deepEqual(start(d), positionOf(text, 'description'));
    });
  });

  describe('conditional requirements', () => {
    it('closed is required when status is closed', () => {
      const [d, ...rest] = schemaOnly(MINIMAL.Nonconformity.replace('status: open', 'status: closed'));
      assert.equal(rest.length, 0);
      assert.match(d.message, /missing required field 'closed'/);
      assert.deepEqual(start(d), { line: 0, character: 0 });
    });
    it('completed is required when an action is done, at the start of the action', () => {
      const text = `${MINIMAL.Nonconformity}actions:\n  - description: d\n    owner: o\n    due: 2026-01-01\n    status: done\n`;
      const [d, ...rest] = schemaOnly(text);
      assert.equal(rest.length, 0);
      assert.equal(d.message, "actions[0]: missing required field 'completed'");
      assert.deepEqual(start(d), positionOf(text, 'description'));
    });
    it('reviewed_on is required when the result is not pending', () => {
      for (const result of ['effective', 'not-effective']) {
        const text = `${MINIMAL.Nonconformity}effectiveness:\n  result: ${result}\n`;
        const [d, ...rest] = schemaOnly(text);
        assert.equal(rest.length, 0);
        assert.equal(d.message, "effectiveness: missing required field 'reviewed_on'");
        assert.deepEqual(start(d), positionOf(text, 'result'));
      }
      assert.deepEqual(read(`${MINIMAL.Nonconformity}effectiveness:\n  result: pending\n`), []);
    });
    it('a missing action field in a ManagementReview is reported at the action', () => {
      const text = `${MINIMAL.ManagementReview}actions:\n  - description: d\n    due: 2026-01-01\n    status: open\n`;
      const [d] = schemaOnly(text);
      assert.equal(d.message, "actions[0]: missing required field 'owner'");
      assert.deepEqual(start(d), positionOf(text, 'description'));
    });
    it('status is required when a control is applicable, not otherwise', () => {
      const [d, ...rest] = schemaOnly(MINIMAL.Control.replace('applicable: false', 'applicable: true'));
      assert.equal(rest.length, 0);
      assert.match(d.message, /missing required field 'status'/);
      assert.deepEqual(read(MINIMAL.Control), []);
    });
  });

  describe('kind and document shape', () => {
    it('an unknown kind is reported at its value, with a suggestion', () => {
      const text = 'kind: Nonconformty\nid: X\n';
      const [d, ...rest] = schemaOnly(text);
      assert.equal(rest.length, 0);
      assert.deepEqual(start(d), { line: 0, character: 6 });
      assert.match(d.message, /^kind: must be one of Nonconformity, Control, RootCauseAnalysis, ManagementReview, Audit, Objective, Risk, ImprovementPlan, AuditProgramme \(got 'Nonconformty'; did you mean 'Nonconformity'\?\)$/);
      assert.equal(d.record, 'X');
    });
    it('a missing kind is reported at the start of the mapping', () => {
      const [d] = schemaOnly('# comment\nid: X\ntitle: t\n');
      assert.deepEqual(start(d), { line: 1, character: 0 });
      assert.match(d.message, /missing required field 'kind'/);
    });
    it('a non-string kind is a schema error', () => {
      const [d] = schemaOnly('kind: 42\nid: X\n');
      assert.deepEqual(start(d), { line: 0, character: 6 });
    });
    it('documents that are not mappings are schema errors; empty documents are nothing', () => {
      const text = '- a\n- b\n---\nplain\n---\n---\n# only a comment\n---\n42\n';
      const diagnostics = schemaOnly(text);
      assert.deepEqual(diagnostics.map((d) => start(d).line), [0, 3, 8]);
    });
  });
});
