// Issue 7, no data loss: every edit the tools make, property-tested with fast-check over records
// written in many styles (indentation, indented or flush lists, comments, plain/single/double/block
// scalars, flow and block collections, anchors and aliases, CRLF, BOM, non-ASCII text, a preceding
// document). For each edit: the bytes outside the edited node spans are identical (BOM included);
// new lines use the file's line ending; the result parses without problems; the record's value
// changed exactly at the intended paths and the other documents not at all. Refusals carry a message.
// Fixed seed; ISMS_FUZZ=1 (npm run fuzz) runs 10x more.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addAction, cancelAction, closeNonconformity, disableForLine, extendDueDate, linkRootCauseAnalysis, markActionDone, markControlReviewed,
  reassignAction, recordEffectivenessReview, renameField, replaceValue, setActionInProgress,
} from '../../src/core/edits/ismsEdits';
import { applyEdits, EditRefused, type TextEdit } from '../../src/core/edits/textEdit';
import { decodeFileText, encodeFileText } from '../../src/core/reading/fileText';
import type { NodePath, YamlMapping } from '../../src/core/model/model';
import { nodeAt, keyRange } from '../../src/core/parse/nodes';
import { parseYamlDocuments } from '../../src/core/parse/yamlDocuments';
import type { IsmsRecord } from '../../src/core/model/records';

const RUNS = process.env.ISMS_FUZZ === '1' ? 10_000 : 1_000;
const SEED = 20261127;

// --- a generator of records in many styles --------------------------------------------------------

type Style = 'plain' | 'single' | 'double';
const TEXTS = ['Firewall review', 'Überprüfung der Regeln', '防火墙规则', 'fix 🔥 now', "it's done", 'say "hi"', 'a: b # not a comment', 'yes', '0123', ''];
const PLAIN_OK = /^[A-Za-z\u00c0-\uffff][A-Za-z0-9 \u00c0-\uffff🔥]*$/u;

function scalar(value: string, style: Style): string {
  if (style === 'plain' && PLAIN_OK.test(value) && !/^(yes|no|true|false|null)$/i.test(value)) return value;
  if (style === 'single' || (style === 'plain' && !value.includes('\n'))) return `'${value.replace(/'/g, "''")}'`;
  return JSON.stringify(value);
}

interface Knobs {
  indent: number;
  flushLists: boolean;
  crlf: boolean;
  bom: boolean;
  before: boolean;
  docStart: boolean;
  comments: boolean[];
  styles: Style[];
  texts: number[];
  actions: Array<{ flow: boolean; history: 'none' | 'block' | 'flow' | 'empty'; status: 'open' | 'in-progress'; anchorOwner: boolean }>;
  effectiveness: 'none' | 'block' | 'flow';
  controls: 'none' | 'block' | 'flow';
  blockTitle: boolean;
  rca: boolean;
  extension: boolean;
  lastReviewed: 'none' | 'plain' | 'quoted' | 'empty';
}

const knobs: fc.Arbitrary<Knobs> = fc.record({
  indent: fc.constantFrom(2, 3, 4),
  flushLists: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  before: fc.boolean(),
  docStart: fc.boolean(),
  comments: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
  styles: fc.array(fc.constantFrom<Style>('plain', 'single', 'double'), { minLength: 24, maxLength: 24 }),
  texts: fc.array(fc.nat(TEXTS.length - 1), { minLength: 24, maxLength: 24 }),
  actions: fc.array(fc.record({
    flow: fc.boolean(), history: fc.constantFrom('none', 'block', 'flow', 'empty'), status: fc.constantFrom('open', 'in-progress'), anchorOwner: fc.boolean(),
  }), { minLength: 1, maxLength: 3 }),
  effectiveness: fc.constantFrom('none', 'block', 'flow'),
  controls: fc.constantFrom('none', 'block', 'flow'),
  blockTitle: fc.boolean(),
  rca: fc.boolean(),
  extension: fc.boolean(),
  lastReviewed: fc.constantFrom('none', 'plain', 'quoted', 'empty'),
});

/** Builds the file's text; `k.comments[i]` adds comments at the i-th opportunity. */
function nonconformityText(k: Knobs): string {
  const pad = (n: number) => ' '.repeat(n);
  const I = k.indent;
  const L = k.flushLists ? 0 : I; // list dash column under a key at column 0
  let c = 0;
  const note = () => (k.comments[c++ % k.comments.length] ? ' # note é' : '');
  const s = (v: string) => scalar(v, k.styles[c % k.styles.length]);
  const t = () => TEXTS[k.texts[c % k.texts.length]];
  const lines: string[] = [];
  if (k.comments[0]) lines.push('# Corrective action log entry');
  lines.push('kind: Nonconformity', `id: NC-2026-001${note()}`);
  if (k.blockTitle) lines.push('title: |', `${pad(I)}Firewall rules not reviewed`, `${pad(I)}(second line, 'quoted')`);
  else lines.push(`title: ${s(t() || 'Untitled')}${note()}`);
  lines.push('severity: major', 'source: internal-audit', "raised: '2026-01-15'", `owner: ${s('Alice Ä.')}${note()}`, `status: open${note()}`);
  if (k.comments[1]) lines.push('# the actions');
  if (k.rca) lines.push('rca: RCA-1');
  if (k.extension) lines.push(`x-note: ${s(t())}`);
  if (k.controls === 'flow') lines.push('controls: [A.5.1, "A.8.8"]');
  if (k.controls === 'block') lines.push('controls:', `${pad(L)}- A.5.1${note()}`, `${pad(L)}- 'A.8.8'`);
  lines.push(`actions:${note()}`);
  k.actions.forEach((a, i) => {
    const owner = i === 0 ? (a.anchorOwner ? '&own bob' : s('Bob Ø')) : k.actions[0].anchorOwner && a.anchorOwner ? '*own' : s('Bob Ø');
    if (a.flow) {
      const history = a.history === 'flow' || a.history === 'block' ? ', due_history: [{from: 2026-01-01, to: 2026-02-01, reason: r}]' : a.history === 'empty' ? ', due_history: []' : '';
      lines.push(`${pad(L)}- {description: ${JSON.stringify(t() || 'd')}, owner: ${owner}, due: 2026-0${i + 3}-01, status: ${a.status}${history}}${note()}`);
      return;
    }
    const at = pad(L + 2);
    lines.push(`${pad(L)}- description: ${s(t() || 'd')}${note()}`, `${at}owner: ${owner}`, `${at}due: ${k.styles[i] === 'double' ? '"2026-03-01"' : '2026-03-01'}${note()}`, `${at}status: ${a.status}`);
    if (a.history === 'block') lines.push(`${at}due_history:`, `${at}${k.flushLists ? '' : pad(I)}- from: 2026-01-01`, `${at}${k.flushLists ? '' : pad(I)}  to: 2026-02-01`, `${at}${k.flushLists ? '' : pad(I)}  reason: ${s('Lieferant verspätet')}`);
    if (a.history === 'flow') lines.push(`${at}due_history: [{from: 2026-01-01, to: 2026-02-01, reason: r}]`);
    if (a.history === 'empty') lines.push(`${at}due_history:`);
    if (k.comments[2 + i]) lines.push(`${at}# end of action ${i + 1}`);
  });
  if (k.effectiveness === 'block') lines.push('effectiveness:', `${pad(I)}result: pending${note()}`, `${pad(I)}due: 2026-06-01`);
  if (k.effectiveness === 'flow') lines.push('effectiveness: {result: pending, due: 2026-06-01}');
  if (k.comments[6]) lines.push('# trailing comment');
  return joinLines(k, lines);
}

function controlText(k: Knobs): string {
  const lines = ['kind: Control', 'id: A.8.20', `title: ${scalar('Networks security 网络', k.styles[0])}`, 'applicable: true', 'status: implemented'];
  if (k.lastReviewed === 'plain') lines.push(`last_reviewed: 2025-01-01${k.comments[3] ? ' # last year' : ''}`);
  if (k.lastReviewed === 'quoted') lines.push(`last_reviewed: ${k.styles[1] === 'single' ? "'2025-01-01'" : '"2025-01-01"'}`);
  if (k.lastReviewed === 'empty') lines.push('last_reviewed:');
  if (k.extension) lines.push('evidence:', `${k.flushLists ? '' : ' '.repeat(k.indent)}- path: docs/fw.md`);
  return joinLines(k, lines);
}

function joinLines(k: Knobs, lines: string[]): string {
  const eol = k.crlf ? '\r\n' : '\n';
  const before = k.before ? ['kind: Control', 'id: A.5.1', 'title: Policies', 'applicable: false', 'justification: n/a # keep', '---'] : [];
  return [...before, ...(k.docStart && !k.before ? ['---'] : []), ...lines].join(eol) + eol;
}

// --- the properties --------------------------------------------------------------------------------

interface Subject { text: string; bytes: Uint8Array; hasBom: boolean; record: IsmsRecord; others: unknown[] }

function subject(k: Knobs, text: string): Subject {
  const bytes = encodeFileText({ text, hasBom: k.bom });
  const decoded = decodeFileText(bytes);
  assert.equal(decoded.text, text);
  const parsed = parseYamlDocuments(decoded.text);
  assert.deepEqual(parsed.problems, [], `generated text must be valid YAML:\n${text}`);
  const index = parsed.documents.length - 1;
  const doc = parsed.documents[index];
  const record: IsmsRecord = { file: 'isms/x.yaml', document: index, kind: doc.value!.kind as IsmsRecord['kind'], id: doc.value!.id as string, value: doc.value!, doc: doc.doc, broken: false };
  return { text: decoded.text, bytes, hasBom: decoded.hasBom, record, others: parsed.documents.slice(0, index).map((d) => d.value) };
}

/** The spans an edit may replace: the value and key nodes at the intended paths (insertions go anywhere). */
function allowedSpans(record: IsmsRecord, paths: NodePath[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const p of paths) {
    const node = nodeAt(record.doc, p);
    if (node) spans.push([node.range[0], node.range[1]]);
    const key = keyRange(record.doc, p);
    if (key) spans.push([key[0], key[1]]);
  }
  return spans;
}

type Mutation = (value: YamlMapping) => void;

/** Checks one computed edit: bytes, line endings, re-parse, value. */
function checkEdit(s: Subject, edits: TextEdit[], intended: NodePath[], mutate: Mutation, eol: string): void {
  const spans = allowedSpans(s.record, intended);
  for (const e of edits) {
    if (e.start === e.end) continue;
    assert.ok(spans.some(([a, b]) => e.start >= a && e.end <= b), `edit ${e.start}-${e.end} '${s.text.slice(e.start, e.end)}' replaces bytes outside the intended nodes`);
  }
  const after = applyEdits(s.text, edits);
  const bytes = encodeFileText({ text: after, hasBom: s.hasBom });
  // Bytes before the first and after the last edit are identical, BOM included.
  const first = Math.min(...edits.map((e) => e.start));
  const last = Math.max(...edits.map((e) => e.end));
  const prefix = Buffer.byteLength(s.text.slice(0, first)) + (s.hasBom ? 3 : 0);
  const suffix = Buffer.byteLength(s.text.slice(last));
  assert.ok(Buffer.from(bytes.subarray(0, prefix)).equals(Buffer.from(s.bytes.subarray(0, prefix))), 'bytes before the edit changed');
  assert.ok(Buffer.from(bytes.subarray(bytes.length - suffix)).equals(Buffer.from(s.bytes.subarray(s.bytes.length - suffix))), 'bytes after the edit changed');
  for (const e of edits) {
    if (eol === '\r\n') assert.doesNotMatch(e.newText, /(^|[^\r])\n/, 'a bare LF in a CRLF file');
    else assert.doesNotMatch(e.newText, /\r/, 'a CR in an LF file');
    assert.doesNotMatch(e.newText, /(^|\n) *\t/, 'a tab in indentation');
  }
  const reparsed = parseYamlDocuments(after);
  assert.deepEqual(reparsed.problems, [], `the edited text does not parse:\n${after}`);
  const expected = structuredClone(s.record.value);
  mutate(expected);
  assert.deepEqual(reparsed.documents[s.record.document].value, expected, `the record changed elsewhere than intended:\n${after}`);
  assert.deepEqual(reparsed.documents.slice(0, s.record.document).map((d) => d.value), s.others, 'another document changed');
  assert.equal(reparsed.documents.length, s.record.document + 1);
}

type Outcome = 'applied' | 'refused';

/** Runs an edit; a refusal must be an EditRefused with a message and one of the expected reasons. */
function attempt(run: () => TextEdit[], refusable: RegExp | undefined, onEdits: (edits: TextEdit[]) => void): Outcome {
  let edits: TextEdit[];
  try {
    edits = run();
  } catch (e) {
    assert.ok(e instanceof EditRefused, `threw ${(e as Error).stack}`);
    assert.ok(e.message.length > 0);
    assert.ok(refusable?.test(e.message), `unexpected refusal: ${e.message}`);
    return 'refused';
  }
  onEdits(edits);
  return 'applied';
}

const DAY = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const FREE_TEXT = fc.oneof(fc.constantFrom(...TEXTS.filter(Boolean), 'x: y', '#hash', "O'Brien", 'null', '- dash', 'tab\there', '  padded  ', 'multi\nline', 'back\\slash'), fc.string({ minLength: 1, maxLength: 12 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }));

function eolOf(k: Knobs): string {
  return k.crlf ? '\r\n' : '\n';
}

describe('edits never lose data (property-based, issue 7)', function () {
  this.timeout(300000);
  const tally = new Map<string, Record<Outcome, number>>();
  const count = (kind: string, outcome: Outcome) => {
    const t = tally.get(kind) ?? { applied: 0, refused: 0 };
    t[outcome]++;
    tally.set(kind, t);
  };
  after(() => {
    for (const [kind, t] of tally) console.log(`      ${kind}: ${t.applied} applied, ${t.refused} refused`);
  });
  const property = <T>(kind: string, arb: fc.Arbitrary<T>, body: (value: T) => Outcome) => {
    it(`${kind}: ${RUNS} runs`, () => {
      fc.assert(fc.property(arb, (v) => count(kind, body(v))), { seed: SEED, numRuns: RUNS, endOnFailure: true });
    });
  };

  property('extendDueDate', fc.tuple(knobs, fc.nat(2), DAY, FREE_TEXT), ([k, n, day, reason]) => {
    const s = subject(k, nonconformityText(k));
    const i = n % k.actions.length;
    const action = (s.record.value.actions as YamlMapping[])[i];
    return attempt(() => extendDueDate(s.text, s.record, i, { newDue: day, reason, on: '2026-11-27' }), /reason is required|is not after the current due date/, (edits) => {
      checkEdit(s, edits, [['actions', i, 'due'], ['actions', i, 'due_history']], (v) => {
        const a = (v.actions as YamlMapping[])[i];
        a.due = day;
        const history = Array.isArray(a.due_history) ? a.due_history : [];
        a.due_history = [...history, { from: action.due as string, to: day, reason: reason.trim(), on: '2026-11-27' }];
      }, eolOf(k));
    });
  });

  property('markActionDone', fc.tuple(knobs, fc.nat(2), DAY), ([k, n, day]) => {
    const s = subject(k, nonconformityText(k));
    const i = n % k.actions.length;
    return attempt(() => markActionDone(s.text, s.record, i, day), undefined, (edits) => {
      checkEdit(s, edits, [['actions', i, 'status'], ['actions', i, 'completed']], (v) => {
        Object.assign((v.actions as YamlMapping[])[i], { status: 'done', completed: day });
      }, eolOf(k));
    });
  });

  property('markActionDone with evidence', fc.tuple(knobs, fc.nat(2), DAY, FREE_TEXT), ([k, n, day, evidence]) => {
    const s = subject(k, nonconformityText(k));
    const i = n % k.actions.length;
    return attempt(() => markActionDone(s.text, s.record, i, day, evidence), undefined, (edits) => {
      checkEdit(s, edits, [['actions', i, 'status'], ['actions', i, 'completed'], ['actions', i, 'evidence']], (v) => {
        Object.assign((v.actions as YamlMapping[])[i], { status: 'done', completed: day }, evidence.trim() ? { evidence: [evidence.trim()] } : {});
      }, eolOf(k));
    });
  });

  property('addAction', fc.tuple(knobs, FREE_TEXT, FREE_TEXT, DAY), ([k, description, owner, day]) => {
    const s = subject(k, nonconformityText(k));
    return attempt(() => addAction(s.text, s.record, { description, owner, due: day }), /description is required|owner is required/, (edits) => {
      checkEdit(s, edits, [['actions']], (v) => {
        (v.actions as YamlMapping[]).push({ description: description.trim(), owner: owner.trim(), due: day, status: 'open' });
      }, eolOf(k));
    });
  });

  property('reassignAction', fc.tuple(knobs, fc.nat(2), FREE_TEXT), ([k, n, owner]) => {
    const s = subject(k, nonconformityText(k));
    const i = n % k.actions.length;
    return attempt(() => reassignAction(s.text, s.record, i, owner), /owner is required|anchor|not a single value/, (edits) => {
      checkEdit(s, edits, [['actions', i, 'owner']], (v) => {
        (v.actions as YamlMapping[])[i].owner = owner.trim();
      }, eolOf(k));
    });
  });

  property('setActionInProgress', fc.tuple(knobs, fc.nat(2)), ([k, n]) => {
    const s = subject(k, nonconformityText(k));
    const i = n % k.actions.length;
    return attempt(() => setActionInProgress(s.text, s.record, i), /already in progress/, (edits) => {
      checkEdit(s, edits, [['actions', i, 'status']], (v) => {
        (v.actions as YamlMapping[])[i].status = 'in-progress';
      }, eolOf(k));
    });
  });

  property('cancelAction', fc.tuple(knobs, fc.nat(2), FREE_TEXT), ([k, n, reason]) => {
    const s = subject(k, nonconformityText(k));
    const i = n % k.actions.length;
    return attempt(() => cancelAction(s.text, s.record, i, reason), /reason is required/, (edits) => {
      checkEdit(s, edits, [['actions', i, 'status'], ['actions', i, 'cancel_reason']], (v) => {
        Object.assign((v.actions as YamlMapping[])[i], { status: 'cancelled', cancel_reason: reason.trim() });
      }, eolOf(k));
    });
  });

  property('recordEffectivenessReview', fc.tuple(knobs, fc.constantFrom('effective', 'not-effective', 'pending' as const), FREE_TEXT, DAY, fc.option(FREE_TEXT)), ([k, result, by, day, notes]) => {
    const s = subject(k, nonconformityText(k));
    return attempt(() => recordEffectivenessReview(s.text, s.record, { result, reviewedBy: by, reviewedOn: day, notes: notes ?? undefined }), undefined, (edits) => {
      checkEdit(s, edits, [['effectiveness', 'result'], ['effectiveness', 'reviewed_by'], ['effectiveness', 'reviewed_on'], ['effectiveness', 'notes'], ['effectiveness']], (v) => {
        const fields: YamlMapping = { result, reviewed_by: by, reviewed_on: day };
        if (notes?.trim()) fields.notes = notes.trim();
        v.effectiveness = { ...((v.effectiveness as YamlMapping | undefined) ?? {}), ...fields };
      }, eolOf(k));
    });
  });

  property('closeNonconformity', fc.tuple(knobs, DAY), ([k, day]) => {
    const s = subject(k, nonconformityText(k));
    return attempt(() => closeNonconformity(s.text, s.record, day), undefined, (edits) => {
      checkEdit(s, edits, [['status'], ['closed']], (v) => Object.assign(v, { status: 'closed', closed: day }), eolOf(k));
    });
  });

  property('linkRootCauseAnalysis', fc.tuple(knobs, fc.constantFrom('RCA-2', 'RCA-2026.07_b', '42')), ([k, id]) => {
    const s = subject(k, nonconformityText(k));
    return attempt(() => linkRootCauseAnalysis(s.text, s.record, id), undefined, (edits) => {
      checkEdit(s, edits, [['rca']], (v) => Object.assign(v, { rca: id }), eolOf(k));
    });
  });

  property('markControlReviewed', fc.tuple(knobs, DAY), ([k, day]) => {
    const s = subject(k, controlText(k));
    return attempt(() => markControlReviewed(s.text, s.record, day), undefined, (edits) => {
      checkEdit(s, edits, [['last_reviewed']], (v) => Object.assign(v, { last_reviewed: day }), eolOf(k));
    });
  });

  const REPLACEABLE: NodePath[] = [['title'], ['owner'], ['severity'], ['x-note'], ['actions', 0, 'owner'], ['actions', 0, 'description'], ['actions', 1, 'owner'], ['controls', 0], ['effectiveness', 'result']];
  property('replaceValue', fc.tuple(knobs, fc.constantFrom(...REPLACEABLE), fc.oneof(FREE_TEXT, fc.integer(), fc.boolean())), ([k, path, value]) => {
    const s = subject(k, nonconformityText(k));
    return attempt(() => replaceValue(s.text, s.record, path, value), /is a block scalar|is not a single value|is not a mapping|carries the anchor/, (edits) => {
      checkEdit(s, edits, [path], (v) => {
        let parent: Record<string | number, unknown> = v;
        for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
        parent[path[path.length - 1]] = value;
      }, eolOf(k));
    });
  });

  const RENAMEABLE: Array<[NodePath, string]> = [[['x-note'], 'x-remark'], [['owner'], 'x-owner'], [['actions', 0, 'owner'], 'x-owner'], [['effectiveness', 'due'], 'x-due'], [['rca'], 'x-rca']];
  property('renameField', fc.tuple(knobs, fc.constantFrom(...RENAMEABLE)), ([k, [path, newKey]]) => {
    const s = subject(k, nonconformityText(k));
    return attempt(() => renameField(s.text, s.record, path, newKey), /does not exist|is not in a mapping/, (edits) => {
      checkEdit(s, edits, [path], (v) => {
        let parent: Record<string | number, unknown> = v;
        for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
        const renamed: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(parent)) renamed[key === path[path.length - 1] ? newKey : key] = value;
        for (const key of Object.keys(parent)) delete parent[key];
        Object.assign(parent, renamed);
      }, eolOf(k));
    });
  });

  property('disableForLine', fc.tuple(knobs, fc.nat(), fc.constantFrom('overdue-action', 'schema'), fc.option(FREE_TEXT.filter((r) => !/[\r\n]/.test(r)))), ([k, at, code, reason]) => {
    const s = subject(k, nonconformityText(k));
    const start = s.record.doc.contents!.range[0];
    const offset = start + (at % (s.text.length - start));
    return attempt(() => disableForLine(s.text, offset, code, reason ?? undefined), /inside a multi-line text value/, (edits) => {
      assert.equal(edits.length, 1);
      assert.equal(edits[0].start, edits[0].end, 'a pure insertion');
      assert.equal(edits[0].start, s.text.lastIndexOf('\n', offset - 1) + 1, 'at the start of the line');
      checkEdit(s, edits, [], () => undefined, eolOf(k));
    });
  });
});
