// The sidebar's view models (src/core/views): order, grouping, filters, labels, descriptions,
// states, counts, stable ids and record locations; and the "Create record" edit for controls.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { catalogControl } from '../../src/core/catalog';
import { DEFAULT_CONFIG } from '../../src/core/config/config';
import { parseDate } from '../../src/core/model/dates';
import { appendControlRecord, newControlFile } from '../../src/core/edits/newControlRecord';
import { applyEdits, EditRefused } from '../../src/core/edits/textEdit';
import { nodeFileSystem } from '../../src/core/reading/fileSystem';
import { IsmsFileMatcher, loadConfig, scanRepository } from '../../src/core/reading/repository';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { RepositoryStatus } from '../../src/core/status/statusModel';
import { controlFileFor, ControlsModel, type ControlNode, type ThemeNode } from '../../src/core/views/controlsView';
import {
  CorrectiveActionsModel, countActions, describeOptions, ownersOf, REVIEWS_GROUP_ID,
  type ActionNode, type CorrectiveActionsOptions, type GroupNode, type NonconformityNode,
} from '../../src/core/views/correctiveActionsView';

const AS_OF = '2026-11-27';

function repo(files: Record<string, string>, asOf = AS_OF): RepositoryIndex {
  const index = new RepositoryIndex(DEFAULT_CONFIG, parseDate(asOf)!);
  for (const [file, text] of Object.entries(files)) index.setFile(file, text);
  return index;
}

interface NcSpec {
  id: string;
  severity?: string;
  status?: string;
  owner?: string;
  raised?: string;
  rca?: string;
  controls?: string[];
  effectiveness?: string;
  actions?: Array<{ due: string; status?: string; owner?: string; description?: string }>;
}

function nc(spec: NcSpec): string {
  const lines = [
    'kind: Nonconformity', `id: ${spec.id}`, `title: Title of ${spec.id}`, `severity: ${spec.severity ?? 'minor'}`, 'source: internal-audit',
    `raised: ${spec.raised ?? '2026-01-01'}`, `owner: ${spec.owner ?? 'owner@example.com'}`, `status: ${spec.status ?? 'open'}`,
  ];
  if (spec.status === 'closed') lines.push('closed: 2026-10-01');
  if (spec.rca) lines.push(`rca: ${spec.rca}`);
  if (spec.controls) lines.push(`controls: [${spec.controls.join(', ')}]`);
  if (spec.actions?.length) {
    lines.push('actions:');
    spec.actions.forEach((a, i) => {
      lines.push(`  - description: ${a.description ?? `Action ${i + 1} of ${spec.id}`}`, `    owner: ${a.owner ?? 'doer@example.com'}`, `    due: ${a.due}`, `    status: ${a.status ?? 'open'}`);
      if (a.status === 'done') lines.push('    completed: 2026-10-01');
    });
  }
  if (spec.effectiveness) lines.push('effectiveness:', `  result: ${spec.effectiveness}`, ...(spec.effectiveness === 'pending' ? [] : ['  reviewed_on: 2026-11-01']));
  return `${lines.join('\n')}\n`;
}

function status(files: Record<string, string>, asOf = AS_OF): RepositoryStatus {
  return new RepositoryStatus(repo(files, asOf));
}

function ids(nodes: ReadonlyArray<{ id: string }>): string[] {
  return nodes.map((n) => n.id);
}

function model(files: Record<string, string>, options: Partial<CorrectiveActionsOptions> = {}): CorrectiveActionsModel {
  return new CorrectiveActionsModel(status(files), { groupBy: 'none', showClosed: false, ...options });
}

describe('views: Corrective Actions view model', () => {
  const files = {
    'isms/nc/a.yaml': nc({ id: 'NC-A', severity: 'minor', raised: '2026-03-01', actions: [{ due: '2026-10-31' }, { due: '2026-12-02' }, { due: '2026-09-01', status: 'done' }] }),
    'isms/nc/b.yaml': nc({ id: 'NC-B', severity: 'major', raised: '2026-05-01', rca: 'RCA-B', actions: [{ due: '2026-11-20' }] }),
    'isms/nc/c.yaml': nc({ id: 'NC-C', severity: 'major', raised: '2026-02-01', actions: [{ due: '2026-12-02' }] }),
    'isms/nc/d.yaml': nc({ id: 'NC-D', severity: 'minor', raised: '2026-01-15', actions: [{ due: '2026-09-01', status: 'done' }], effectiveness: 'pending' }),
    'isms/nc/e.yaml': nc({ id: 'NC-E', severity: 'observation', raised: '2026-01-10', actions: [{ due: '2027-03-01' }] }),
    'isms/nc/f.yaml': nc({ id: 'NC-F', severity: 'minor', status: 'closed', actions: [{ due: '2026-09-01', status: 'done' }], effectiveness: 'effective' }),
    'isms/nc/g.yaml': nc({ id: 'NC-G', severity: 'minor', status: 'rejected' }),
    'isms/nc/h.yaml': nc({ id: 'NC-H', severity: 'minor', status: 'implemented', raised: '2026-01-20', actions: [{ due: '2026-09-01', status: 'done' }], effectiveness: 'effective' }),
    'isms/rca/b.yaml': 'kind: RootCauseAnalysis\nid: RCA-B\nnonconformity: NC-B\nmethod: five-whys\nproblem: p\nroot_causes: [x]\n',
    'isms/reviews/mr.yaml': [
      'kind: ManagementReview', 'id: MR-1', 'date: 2026-06-25', 'status: held', 'actions:',
      '  - description: Review action one', '    owner: ceo@example.com', '    due: 2026-11-01', '    status: open',
      '  - description: Review action two', '    owner: cto@example.com', '    due: 2027-02-01', '    status: done', '    completed: 2026-11-01', '',
    ].join('\n'),
  };

  it('lists open nonconformities in urgency order: overdue, due soon, then the rest by next due date', () => {
    const m = model(files);
    // NC-A 27 d overdue, NC-B 7 d overdue; NC-C due in 5 d; then by next due date (NC-E in 94 d), none last
    // (NC-D and NC-H, both minor: the older raised date first).
    assert.deepEqual(ids(m.nonconformities), ['nc:NC-A', 'nc:NC-B', 'nc:NC-C', 'nc:NC-E', 'nc:NC-D', 'nc:NC-H']);
    assert.deepEqual(ids(m.roots), [...ids(m.nonconformities), REVIEWS_GROUP_ID]);
  });

  it('describes each nonconformity urgent fact first, then owner and progress', () => {
    const m = model(files);
    const byId = (id: string) => m.node(id) as NonconformityNode;
    assert.equal(byId('nc:NC-A').label, 'NC-A');
    assert.equal(byId('nc:NC-A').description, '27 d overdue · owner@… · 2 of 3 open · Title of NC-A');
    assert.equal(byId('nc:NC-C').description, 'due in 5 d · owner@… · 1 of 1 open · no RCA · Title of NC-C');
    assert.equal(byId('nc:NC-D').description, 'awaiting effectiveness review · owner@… · 0 of 1 open · Title of NC-D');
    assert.equal(byId('nc:NC-H').description, 'effective, ready to close · owner@… · 0 of 1 open · Title of NC-H');
    assert.equal(byId('nc:NC-E').description, 'next due in 94 d · owner@… · 1 of 1 open · Title of NC-E');
  });

  it('gives each nonconformity a state for its icon, and says when it can be closed', () => {
    const m = model(files);
    const states = Object.fromEntries(m.nonconformities.map((n) => [n.recordId, n.state]));
    assert.deepEqual(states, { 'NC-A': 'overdue', 'NC-B': 'overdue', 'NC-C': 'due-soon', 'NC-D': 'awaiting-effectiveness', 'NC-H': 'on-track', 'NC-E': 'on-track' });
    assert.deepEqual(m.nonconformities.filter((n) => n.closable).map((n) => n.recordId), ['NC-H']);
    assert.deepEqual(m.nonconformities.filter((n) => !n.hasRca).map((n) => n.recordId), ['NC-A', 'NC-C', 'NC-E', 'NC-D', 'NC-H']);
    const dueSoon = model({ 'x.isms.yaml': nc({ id: 'NC-X', actions: [{ due: '2026-12-05' }] }) });
    assert.equal(dueSoon.nonconformities[0].state, 'due-soon');
  });

  it('has the actions as children, built when expanded, with owner, due date and status; overdue ones marked', () => {
    const m = model(files);
    const actions = m.childrenOf('nc:NC-A') as ActionNode[];
    assert.deepEqual(ids(actions), ['nc:NC-A/action:0', 'nc:NC-A/action:1', 'nc:NC-A/action:2']);
    assert.deepEqual(actions.map((a) => [a.label, a.description, a.state, a.open]), [
      ['27 d overdue · doer@…', 'Action 1 of NC-A', 'overdue', true],
      ['due in 5 d · doer@…', 'Action 2 of NC-A', 'due-soon', true],
      ['done 2026-10-01 · doer@…', 'Action 3 of NC-A', 'done', false],
    ]);
    assert.match(actions[0].tooltip, /\*\*27 d overdue\*\*/);
    assert.equal(m.parentOf('nc:NC-A/action:1')?.id, 'nc:NC-A');
    assert.equal(m.node('nc:NC-A/action:2')?.description, 'Action 3 of NC-A');
  });

  it('points every node at its record: the id of a nonconformity, the due date of an action', () => {
    const m = model(files);
    const a = m.node('nc:NC-A') as NonconformityNode;
    assert.deepEqual([a.location.file, a.location.document, a.location.range.start.line, a.location.range.start.character], ['isms/nc/a.yaml', 0, 1, 4]);
    const action = m.node('nc:NC-A/action:1') as ActionNode;
    assert.deepEqual([action.location.range.start.line, action.location.range.start.character, action.location.range.end.character], [15, 9, 19]);
    assert.equal(action.index, 1);
  });

  it('puts management review actions in their own group, open reviews only', () => {
    const m = model(files);
    const group = m.node(REVIEWS_GROUP_ID) as GroupNode;
    assert.equal(group.label, 'Management review actions');
    assert.equal(group.description, '1 overdue · 1 open');
    const [review] = m.childrenOf(REVIEWS_GROUP_ID);
    assert.equal(review.id, 'review:MR-1');
    assert.equal(review.label, 'MR-1 · management review 2026-06-25');
    assert.equal(review.description, '26 d overdue · 1 of 2 open');
    assert.deepEqual(m.childrenOf('review:MR-1').map((a) => a.label), ['26 d overdue · ceo@…', 'done 2026-11-01 · cto@…']);
    assert.equal(m.parentOf('review:MR-1/action:0')?.id, 'review:MR-1');
    assert.equal(m.parentOf('review:MR-1')?.id, REVIEWS_GROUP_ID);
  });

  it('hides closed and rejected nonconformities unless asked to show them', () => {
    assert.ok(!ids(model(files).nonconformities).includes('nc:NC-F'));
    const all = model(files, { showClosed: true });
    const closed = all.node('nc:NC-F') as NonconformityNode;
    const rejected = all.node('nc:NC-G') as NonconformityNode;
    assert.equal(closed.state, 'closed');
    assert.equal(closed.description, 'closed 2026-10-01 · owner@… · Title of NC-F');
    assert.equal(rejected.state, 'rejected');
    assert.equal(all.nonconformities.length, 8);
  });

  it('groups by status, severity or owner, in a fixed order, keeping the nonconformity ids', () => {
    const bySeverity = model(files, { groupBy: 'severity' });
    assert.deepEqual(ids(bySeverity.roots), ['group:severity:major', 'group:severity:minor', 'group:severity:observation', REVIEWS_GROUP_ID]);
    assert.deepEqual(ids(bySeverity.childrenOf('group:severity:major')), ['nc:NC-B', 'nc:NC-C']);
    assert.equal((bySeverity.node('group:severity:major') as GroupNode).label, 'Major');
    assert.equal(bySeverity.node('group:severity:major')!.description, '1 overdue · 2 nonconformities');
    assert.equal(bySeverity.parentOf('nc:NC-B')?.id, 'group:severity:major');
    assert.equal(bySeverity.parentOf('nc:NC-B/action:0')?.id, 'nc:NC-B');

    const byStatus = model(files, { groupBy: 'status', showClosed: true });
    assert.deepEqual(ids(byStatus.roots), ['group:status:open', 'group:status:implemented', 'group:status:closed', 'group:status:rejected', REVIEWS_GROUP_ID]);

    const byOwner = model({ ...files, 'isms/nc/z.yaml': nc({ id: 'NC-Z', owner: 'alice@example.com', actions: [{ due: '2027-01-01' }] }) }, { groupBy: 'owner' });
    assert.deepEqual(ids(byOwner.roots), ['group:owner:alice@example.com', 'group:owner:owner@example.com', REVIEWS_GROUP_ID]);
    assert.equal(byOwner.node('group:owner:alice@example.com')!.label, 'alice@example.com');
  });

  it('filters by text (id, title, owner, actions) and by owner of the nonconformity or of an action', () => {
    assert.deepEqual(ids(model(files, { filterText: 'nc-b' }).nonconformities), ['nc:NC-B']);
    assert.deepEqual(ids(model(files, { filterText: 'ACTION 2 OF' }).nonconformities), ['nc:NC-A']);
    const owned = model({ ...files, 'isms/nc/y.yaml': nc({ id: 'NC-Y', actions: [{ due: '2027-01-01', owner: 'Bob@example.com' }] }) }, { filterOwner: 'bob@example.com' });
    assert.deepEqual(ids(owned.nonconformities), ['nc:NC-Y']);
    assert.deepEqual(ids(owned.roots), ['nc:NC-Y'], 'the review has no action of that owner');
    assert.deepEqual(ids(model(files, { filterOwner: 'ceo@example.com' }).roots), [REVIEWS_GROUP_ID]);
    assert.equal(describeOptions({ groupBy: 'owner', showClosed: true, filterText: 'tls', filterOwner: 'bob' }), 'owner: bob · filter: tls · by owner · incl. closed');
    assert.equal(describeOptions({ groupBy: 'none', showClosed: false }), '');
  });

  it('keeps ids unique when records share an id', () => {
    const m = model({ 'isms/a.yaml': nc({ id: 'NC-1', actions: [{ due: '2027-01-01' }] }), 'isms/b.yaml': nc({ id: 'NC-1', actions: [{ due: '2027-01-01' }] }) });
    const list = ids(m.nonconformities);
    assert.equal(new Set(list).size, 2);
    assert.ok(list.includes('nc:NC-1'));
    assert.ok(list.some((id) => id.startsWith('nc:NC-1@isms/')));
    for (const id of list) assert.equal(m.childrenOf(id)[0].parentId, id);
  });

  it('counts overdue and due-soon actions of nonconformities and reviews as the rules do, and lists owners', () => {
    assert.deepEqual(countActions(status(files)), { overdue: 3, dueSoon: 2 });
    assert.deepEqual(ownersOf(repo(files)), ['ceo@example.com', 'cto@example.com', 'doer@example.com', 'owner@example.com']);
  });
});

describe('views: Controls view model', () => {
  const controls = [
    '---', 'kind: Control', 'id: A.5.1', 'title: Policies for information security', 'applicable: true', 'status: implemented', 'owner: ciso@example.com', 'last_reviewed: 2026-06-01',
    '---', 'kind: Control', 'id: A.5.2', 'title: Information security roles and responsibilities', 'applicable: true', 'status: partial', 'last_reviewed: 2025-06-01',
    '---', 'kind: Control', 'id: A.5.3', 'title: Segregation of duties', 'applicable: true', 'status: planned', 'last_reviewed: 2025-06-01',
    '---', 'kind: Control', 'id: A.5.4', 'title: Management responsibilities', 'applicable: false', 'justification: Sole trader, no management layer',
    '---', 'kind: Control', 'id: A.5.5', 'title: Contact with authorities', 'applicable: true', 'status: implemented',
    '---', 'kind: Control', 'id: OWN-1', 'title: Our own control', 'applicable: true', 'status: implemented', 'last_reviewed: 2026-11-01', '',
  ].join('\n');
  const files = {
    'isms/controls/org.yaml': controls,
    'isms/audits/a.yaml': 'kind: Audit\nid: AUD-1\ntype: internal\ndate: 2026-10-01\nstatus: completed\ncontrols: [A.5.3]\n',
    'isms/nc/1.yaml': nc({ id: 'NC-1', controls: ['A.5.1', 'A.8.2'], actions: [{ due: '2027-01-01' }] }),
    'isms/nc/2.yaml': nc({ id: 'NC-2', status: 'closed', controls: ['A.5.1'], actions: [{ due: '2026-01-01', status: 'done' }], effectiveness: 'effective' }),
  };

  it('merges the Annex A catalog with the records, grouped by theme, own controls under Other', () => {
    const m = new ControlsModel(new RepositoryStatus(repo(files)));
    assert.deepEqual(m.roots.map((r) => [r.label, r.counts.total]), [['Organizational', 37], ['People', 8], ['Physical', 14], ['Technological', 34], ['Other', 1]]);
    assert.deepEqual(ids(m.childrenOf('theme:organizational').slice(0, 3)), ['control:A.5.1', 'control:A.5.2', 'control:A.5.3']);
    assert.equal(m.childrenOf('theme:organizational')[9].id, 'control:A.5.10', 'natural catalog order');
    assert.deepEqual(ids(m.childrenOf('theme:other')), ['control:OWN-1']);
  });

  it('counts each theme: implemented of all, not applicable, reviews overdue, no record', () => {
    const m = new ControlsModel(new RepositoryStatus(repo(files)));
    const org = m.roots[0] as ThemeNode;
    assert.deepEqual(org.counts, { total: 37, implemented: 2, notApplicable: 1, reviewsOverdue: 2, noRecord: 32 });
    assert.equal(org.description, '2/37 implemented · 1 not applicable · 2 reviews overdue · 32 no record');
    assert.equal(m.roots[4].description, '1/1 implemented');
  });

  it('describes each control: status, owner, last review (audits included), stale reviews and missing records', () => {
    const m = new ControlsModel(new RepositoryStatus(repo(files)));
    const c = (id: string) => m.controlNode(id)!;
    assert.equal(c('A.5.1').label, 'A.5.1 Policies for information security');
    assert.equal(c('A.5.1').description, 'implemented · ciso@… · reviewed 2026-06-01');
    // A.5.2: last reviewed 2025-06-01, P12M interval: due 2026-06-01, 179 days before as-of.
    assert.equal(c('A.5.2').description, 'review overdue 179 d · partial');
    assert.equal(c('A.5.2').state, 'review-due');
    assert.equal(c('A.5.2').reviewOverdue, true);
    assert.equal(c('A.5.3').description, 'planned · reviewed 2026-10-01', 'the completed audit counts as a review');
    assert.equal(c('A.5.3').lastReview, '2026-10-01');
    assert.equal(c('A.5.5').description, 'never reviewed · implemented');
    assert.equal(c('A.5.6').state, 'no-record');
    assert.equal(c('A.5.6').description, 'no record');
    assert.equal(c('A.5.6').location, undefined);
    assert.match(c('A.5.6').tooltip, /Statement of Applicability/);
  });

  it('marks not-applicable controls with the justification in the tooltip', () => {
    const node = new ControlsModel(new RepositoryStatus(repo(files))).controlNode('A.5.4')!;
    assert.equal(node.state, 'not-applicable');
    assert.equal(node.reviewOverdue, false);
    assert.equal(node.description, 'not applicable');
    assert.match(node.tooltip, /Justification: Sole trader, no management layer/);
  });

  it('has the nonconformities referencing a control as children, open ones first', () => {
    const m = new ControlsModel(new RepositoryStatus(repo(files)));
    const children = m.childrenOf('control:A.5.1');
    assert.deepEqual(ids(children), ['control:A.5.1/nc:NC-1', 'control:A.5.1/nc:NC-2']);
    assert.equal(children[0].label, 'NC-1 · Title of NC-1');
    assert.equal(children[1].description, 'minor · closed');
    assert.equal(m.parentOf('control:A.5.1/nc:NC-2')?.id, 'control:A.5.1');
    assert.equal(m.parentOf('control:A.5.1')?.id, 'theme:organizational');
    assert.equal(m.controlNode('A.8.2')!.hasChildren, true, 'a catalog control without a record still lists its nonconformities');
  });

  it('points at the record and flags duplicates', () => {
    const m = new ControlsModel(new RepositoryStatus(repo({ ...files, 'isms/controls/old.yaml': 'kind: Control\nid: A.5.1\ntitle: Old copy\napplicable: true\nstatus: planned\n' })));
    const node = m.controlNode('A.5.1') as ControlNode;
    assert.equal(node.records, 2);
    assert.match(node.description, /2 records/);
    // Of duplicates, the row points at the first in file path order (the same whatever order the files were read in).
    assert.deepEqual([node.location!.file, node.location!.document, node.location!.range.start.line], ['isms/controls/old.yaml', 0, 1]);
  });

  it('chooses the file that holds most Control records of the theme for a new record', () => {
    const index = repo({ ...files, 'isms/controls/tech.yaml': 'kind: Control\nid: A.8.1\ntitle: T\napplicable: true\nstatus: planned\n' });
    assert.equal(controlFileFor(index, 'organizational'), 'isms/controls/org.yaml');
    assert.equal(controlFileFor(index, 'technological'), 'isms/controls/tech.yaml');
    assert.equal(controlFileFor(index, 'people'), undefined);
  });
});

describe('views: Create record for a catalog control', () => {
  const control = catalogControl('A.5.7')!;
  const record = 'kind: Control\nid: A.5.7\ntitle: Threat intelligence\ntheme: organizational\napplicable: true\nstatus: not-implemented\n';

  it('appends one document at the end of the file and touches nothing else', () => {
    const text = '# SoA\n---\nkind: Control\nid: A.5.1\ntitle: X\napplicable: true\nstatus: planned\n';
    const edit = appendControlRecord(text, control);
    assert.equal(edit.start, text.length);
    assert.equal(applyEdits(text, [edit]), `${text}\n---\n${record}`);
  });

  it('keeps CRLF line endings and adds a line break when the file has none at the end', () => {
    const text = 'kind: Control\r\nid: A.5.1\r\ntitle: X\r\napplicable: true\r\nstatus: planned';
    assert.equal(applyEdits(text, [appendControlRecord(text, control)]), `${text}\r\n\r\n---\r\n${record.replace(/\n/g, '\r\n')}`);
  });

  it('refuses when the file already holds the id, and writes a new file when there is none', () => {
    assert.throws(() => appendControlRecord(`${record}`, control), EditRefused);
    assert.equal(newControlFile(control), record);
    assert.equal(applyEdits('', [appendControlRecord('', control)]), record);
  });
});

describe('views: the demo repository (examples/acme-isms) as of 2026-11-27', () => {
  let index: RepositoryIndex;
  before(async () => {
    const root = path.join(__dirname, '..', '..', 'examples', 'acme-isms');
    const config = await loadConfig(root, nodeFileSystem);
    index = new RepositoryIndex(config, parseDate(AS_OF)!);
    for (const file of await scanRepository(root, new IsmsFileMatcher(config), nodeFileSystem)) if (file.text !== undefined) index.setFile(file.path, file.text);
  });

  it('shows the open nonconformities most urgent first, then the management review actions', () => {
    const m = new CorrectiveActionsModel(new RepositoryStatus(index), { groupBy: 'none', showClosed: false });
    // Overdue (most days first), due soon (nearest first), review overdue, errors, then by next due date.
    assert.deepEqual(ids(m.roots), [
      'nc:NC-2026-002', 'nc:NC-2026-003', 'nc:NC-2026-009', 'nc:NC-2026-005', 'nc:NC-2026-007', 'nc:NC-2026-008',
      'nc:NC-2026-010', 'nc:OFI-2026-01', 'nc:NC-2026-011', 'nc:NC-2026-004', REVIEWS_GROUP_ID,
    ]);
    assert.equal(m.roots[0].description, '43 d overdue · procurement@… · 1 of 2 open · Security assessment missing for three new sub-processors');
    assert.equal(m.roots[1].description, '17 d overdue · platform-lead@… · 1 of 1 open · no RCA · Production database snapshot shared with a public AWS account setting');
    const nc10 = m.node('nc:NC-2026-010') as NonconformityNode;
    assert.equal(nc10.state, 'error', 'an action due 2026-11-31 (invalid-date) is never on track');
    assert.equal(nc10.description, 'error: invalid date · cto@… · 1 of 1 open · No documented exit strategy for the primary cloud provider');
    assert.match((m.node('nc:NC-2026-007') as NonconformityNode).description, /^review overdue 7 d · ciso@… · 0 of 2 open · /);
    assert.deepEqual(countActions(new RepositoryStatus(index)), { overdue: 2, dueSoon: 3 });
  });

  it('shows the Annex A themes with their counts', () => {
    const m = new ControlsModel(new RepositoryStatus(index));
    assert.deepEqual(m.roots.map((r) => `${r.label}: ${r.description}`), [
      'Organizational: 31/37 implemented · 2 reviews overdue',
      'People: 8/8 implemented',
      'Physical: 8/14 implemented · 4 not applicable',
      'Technological: 29/34 implemented · 2 reviews overdue',
    ]);
  });
});
