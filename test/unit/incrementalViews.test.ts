// One edit costs the changed records, not the repository (issue 11): the sorted lists the status
// model keeps per edit equal a full sort, the views take over the rows of unchanged records, the
// Controls model holds through an edit of nonconformities, and the index keeps the records naming
// a control and the per-kind lists up to date.
import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/core/config/config';
import { parseDate } from '../../src/core/model/dates';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { SortedList } from '../../src/core/status/sortedList';
import { isClosedStatus, RepositoryStatus } from '../../src/core/status/statusModel';
import { sortActionsByUrgency, sortByUrgency } from '../../src/core/status/urgency';
import { ActionsModel } from '../../src/core/views/actionsView';
import { ControlsModel, type ControlNode } from '../../src/core/views/controlsView';
import { CorrectiveActionsModel, type NonconformityNode } from '../../src/core/views/correctiveActionsView';

const AS_OF = parseDate('2026-11-27')!;

/** A small deterministic random source, so a failing sequence of edits can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function nonconformity(id: string, opts: { due: string; status?: string; severity?: string; controls?: string[] }): string {
  return [
    'kind: Nonconformity', `id: ${id}`, `title: Finding ${id}`, `severity: ${opts.severity ?? 'minor'}`, 'source: internal-audit', 'raised: 2026-01-10',
    'owner: ana@example.com', `status: ${opts.status ?? 'open'}`, ...(opts.status === 'closed' ? ['closed: 2026-11-01'] : []),
    ...(opts.controls ? [`controls: [${opts.controls.join(', ')}]`] : []),
    'actions:', '  - description: Fix it', '    owner: bo@example.com', `    due: ${opts.due}`, '    status: open', '',
  ].join('\n');
}

const control = (id: string) => `kind: Control\nid: ${id}\ntitle: Control ${id}\napplicable: true\nstatus: implemented\nowner: ana@example.com\nlast_reviewed: 2026-06-01\n`;

describe('incremental status and views', () => {
  describe('SortedList', () => {
    it('keeps key order and the order of equals through removals and insertions', () => {
      const items = [5, 3, 5, 1, 3].map((n, i) => ({ n, i }));
      const list = new SortedList(items, (x) => [x.n]);
      assert.deepEqual(list.items.map((x) => x.i), [3, 1, 4, 0, 2]);
      const before = list.items;
      const late = { n: 3, i: 9 };
      list.replace([items[1]], [late]);
      assert.deepEqual(list.items.map((x) => x.i), [3, 4, 9, 0, 2], 'a newcomer goes after its equals');
      assert.deepEqual(before.map((x) => x.i), [3, 1, 4, 0, 2], 'an array handed out earlier is never changed');
      list.replace([{ n: 5, i: 99 }], []);
      assert.equal(list.items.length, 5, 'an item not in the list is no removal');
    });
  });

  describe('the status model after many edits', () => {
    it('has the same urgency order as a full sort of a fresh model', () => {
      const rnd = random(27001);
      const index = new RepositoryIndex(DEFAULT_CONFIG, AS_OF);
      const day = (n: number) => new Date(Date.UTC(2026, 9, 1) + n * 86_400_000).toISOString().slice(0, 10);
      const text = (i: number) => nonconformity(`NC-${i}`, {
        due: day(Math.floor(rnd() * 120)), status: rnd() < 0.2 ? 'closed' : 'open', severity: rnd() < 0.3 ? 'major' : 'minor',
      });
      for (let i = 0; i < 60; i++) index.setFile(`isms/nc/NC-${i}.yaml`, text(i));
      const status = new RepositoryStatus(index);
      // Ask for every list first, so the edits below update them in place.
      status.sortedRecords('Nonconformity');
      status.sortedOpenNonconformities();
      status.sortedOpenActions();
      for (let edit = 0; edit < 150; edit++) {
        const i = Math.floor(rnd() * 70);
        const path = `isms/nc/NC-${i}.yaml`;
        if (rnd() < 0.1 && index.hasFile(path)) index.removeFile(path);
        else index.setFile(path, text(i));
        status.update();
      }
      const fresh = new RepositoryStatus(index);
      const rank = (id: string | undefined) => fresh.idRank(id);
      const key = (s: { record: { file: string; document: number } }) => `${s.record.file}#${s.record.document}`;
      assert.deepEqual(status.sortedRecords('Nonconformity').map(key), sortByUrgency(fresh.recordsOf('Nonconformity'), rank).map(key));
      assert.deepEqual(status.sortedOpenNonconformities().map(key), fresh.sortedOpenNonconformities().map(key));
      assert.ok(status.sortedOpenNonconformities().every((s) => !isClosedStatus(s.record.value.status)));
      assert.deepEqual(status.counts(), fresh.counts(), 'the counts kept per file sum to a fresh count');
      assert.ok(status.counts().overdueActions > 0 && status.counts().openNonconformities > 0);
      const actionKey = (a: { record: { file: string }; index: number }) => `${a.record.file}/${a.index}`;
      assert.deepEqual(status.sortedOpenActions().map(actionKey), sortActionsByUrgency(fresh.actions().filter((a) => a.open && !a.record.broken), rank).map(actionKey));
    });

    it('reads `status` with spaces around as the status (closed, rejected)', () => {
      assert.equal(isClosedStatus('closed'), true);
      assert.equal(isClosedStatus(' rejected '), true);
      assert.equal(isClosedStatus('open'), false);
      assert.equal(isClosedStatus(undefined), false);
    });
  });

  describe('views after one edit', () => {
    function repository(): { index: RepositoryIndex; status: RepositoryStatus } {
      const index = new RepositoryIndex(DEFAULT_CONFIG, AS_OF);
      for (let i = 0; i < 5; i++) index.setFile(`isms/nc/NC-${i}.yaml`, nonconformity(`NC-${i}`, { due: `2026-12-1${i}`, controls: i < 2 ? ['A.5.1'] : undefined }));
      index.setFile('isms/controls/org.yaml', control('A.5.1'));
      return { index, status: new RepositoryStatus(index) };
    }

    it('Corrective Actions and Actions take over the rows of unchanged records and rebuild the changed one', () => {
      const { index, status } = repository();
      const first = new CorrectiveActionsModel(status);
      const firstActions = new ActionsModel(status);
      const row = (m: CorrectiveActionsModel, id: string) => m.roots.find((n) => n.id === id) as NonconformityNode;
      index.setFile('isms/nc/NC-3.yaml', nonconformity('NC-3', { due: '2026-11-01' }));
      status.update();
      const next = new CorrectiveActionsModel(status, first.options, first);
      assert.equal(row(next, 'nc:NC-1'), row(first, 'nc:NC-1'), 'the same row object for an untouched record');
      assert.notEqual(row(next, 'nc:NC-3'), row(first, 'nc:NC-3'));
      assert.match(row(next, 'nc:NC-3').description, /^26 d overdue/);
      assert.equal(next.roots[0].id, 'nc:NC-3', 'the overdue one first');
      const nextActions = new ActionsModel(status, firstActions.options, firstActions);
      assert.equal(nextActions.roots.find((n) => n.id.includes('NC-0'))!, firstActions.roots.find((n) => n.id.includes('NC-0'))!);
      assert.match(nextActions.roots[0].label, /^26 d overdue/);
      // Other options: nothing is taken over.
      const filtered = new CorrectiveActionsModel(status, { ...first.options, filterText: 'NC-1' }, next);
      assert.notEqual(row(filtered, 'nc:NC-1'), row(next, 'nc:NC-1'));
    });

    it('Corrective Actions takes over the rows of unchanged management reviews too', () => {
      const { index, status } = repository();
      const review = (id: string, due: string) => `kind: ManagementReview\nid: ${id}\ndate: 2026-06-01\nstatus: held\nactions:\n  - description: Budget\n    owner: ana@example.com\n    due: ${due}\n    status: open\n`;
      index.setFile('isms/reviews/MR-1.yaml', review('MR-1', '2026-12-20'));
      index.setFile('isms/reviews/MR-2.yaml', review('MR-2', '2026-12-21'));
      status.update();
      const first = new CorrectiveActionsModel(status);
      const reviewRow = (m: CorrectiveActionsModel, id: string) => m.childrenOf('group:reviews').find((n) => n.id === id)!;
      index.setFile('isms/nc/NC-3.yaml', nonconformity('NC-3', { due: '2026-11-01' }));
      status.update();
      const next = new CorrectiveActionsModel(status, first.options, first);
      assert.equal(reviewRow(next, 'review:MR-1'), reviewRow(first, 'review:MR-1'), 'an untouched review: the same row object');
      index.setFile('isms/reviews/MR-2.yaml', review('MR-2', '2026-11-02'));
      status.update();
      // (A review's edit re-checks every review: management-review-overdue reads them all.)
      const third = new CorrectiveActionsModel(status, next.options, next);
      assert.notEqual(reviewRow(third, 'review:MR-2'), reviewRow(next, 'review:MR-2'), 'the edited review is rebuilt');
      assert.match(reviewRow(third, 'review:MR-2').description, /overdue/);
      assert.equal(third.node('group:reviews')!.description, '1 overdue · 2 open');
    });

    it('Controls holds through an edit of nonconformities, rebuilding only the rows of the controls they name', () => {
      const { index, status } = repository();
      const model = new ControlsModel(status);
      const children = () => model.childrenOf('control:A.5.1').map((c) => c.id);
      const themeRow = () => model.roots.find((r) => r.id === 'theme:organizational')!;
      const page = () => model.childrenOf('theme:organizational');
      const row = (id: string) => page().find((n) => n.id === id)!;
      assert.deepEqual(children(), ['control:A.5.1/nc:NC-0', 'control:A.5.1/nc:NC-1']);
      const [theme0, a51, a52] = [themeRow(), row('control:A.5.1'), row('control:A.5.2')];
      // An edit naming no control: every row and the page stay as they were.
      index.setFile('isms/nc/NC-3.yaml', nonconformity('NC-3', { due: '2026-11-02' }));
      assert.equal(model.keepsThrough(status.update()), true);
      assert.equal(themeRow(), theme0);
      assert.equal(row('control:A.5.1'), a51);
      index.setFile('isms/nc/NC-4.yaml', nonconformity('NC-4', { due: '2026-12-14', controls: ['A.5.1'] }));
      index.removeFile('isms/nc/NC-0.yaml');
      assert.equal(model.keepsThrough(status.update()), true);
      assert.deepEqual(children(), ['control:A.5.1/nc:NC-1', 'control:A.5.1/nc:NC-4']);
      assert.notEqual(themeRow(), theme0, 'the theme row is renewed, so the tree asks for its rows again');
      assert.deepEqual({ ...themeRow() }, { ...theme0 });
      assert.notEqual(row('control:A.5.1'), a51, 'the named control is rebuilt');
      assert.equal(row('control:A.5.2'), a52, 'the others are kept');
      index.setFile('isms/nc/NC-1.yaml', nonconformity('NC-1', { due: '2026-12-11' }));
      index.setFile('isms/nc/NC-4.yaml', nonconformity('NC-4', { due: '2026-12-14' }));
      assert.equal(model.keepsThrough(status.update()), true);
      assert.equal((model.controlNode('A.5.1') as ControlNode).hasChildren, false, 'no nonconformity names it any more');
      index.setFile('isms/controls/org.yaml', control('A.5.1').replace('implemented', 'planned'));
      assert.equal(model.keepsThrough(status.update()), false, 'a Control changed: a new model');
    });
  });

  describe('the index', () => {
    it('keeps the records naming a control in `controls`, each once, through edits and removals', () => {
      const index = new RepositoryIndex(DEFAULT_CONFIG, AS_OF);
      index.setFile('isms/nc/a.yaml', nonconformity('NC-A', { due: '2026-12-01', controls: ['A.5.1', 'A.5.1', 'A.8.2'] }));
      index.setFile('isms/risks/r.yaml', 'kind: Risk\nid: R-1\ntitle: Risk\nowner: ana@example.com\nlikelihood: 3\nimpact: 4\ntreatment: mitigate\ncontrols: [A.5.1]\n');
      const listing = (id: string) => index.recordsListingControl(id).map((r) => r.id);
      assert.deepEqual(listing('A.5.1'), ['NC-A', 'R-1']);
      assert.deepEqual(listing('A.8.2'), ['NC-A']);
      index.setFile('isms/nc/a.yaml', nonconformity('NC-A', { due: '2026-12-01', controls: ['A.8.2'] }));
      assert.deepEqual(listing('A.5.1'), ['R-1']);
      index.removeFile('isms/risks/r.yaml');
      assert.deepEqual(listing('A.5.1'), []);
    });

    it('keeps a kind\'s record list through edits of other kinds, and renews it when a file of that kind changes', () => {
      const index = new RepositoryIndex(DEFAULT_CONFIG, AS_OF);
      index.setFile('isms/controls/org.yaml', control('A.5.1'));
      index.setFile('isms/nc/a.yaml', nonconformity('NC-A', { due: '2026-12-01' }));
      const controls = index.recordsOfKind('Control');
      index.setFile('isms/nc/a.yaml', nonconformity('NC-A', { due: '2026-12-02' }));
      assert.equal(index.recordsOfKind('Control'), controls, 'an edit of a nonconformity keeps the Control list');
      index.setFile('isms/controls/b.yaml', control('A.5.2'));
      assert.deepEqual(index.recordsOfKind('Control').map((r) => r.id), ['A.5.2', 'A.5.1'], 'by file path: b.yaml before org.yaml');
      index.setFile('isms/controls/b.yaml', 'kind: Nonconformity\n');
      assert.deepEqual(index.recordsOfKind('Control').map((r) => r.id), ['A.5.1'], 'a file that no longer holds the kind leaves its list');
    });
  });
});
