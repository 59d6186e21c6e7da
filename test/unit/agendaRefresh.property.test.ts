// Refreshing a planned management review in place (issue 12): property-tested with fast-check over
// hand edits a user makes to the agenda (comment lines, trailing comments, own items below the
// end lines, a filled-in input, CRLF) and over repository states (records hidden). Outside the
// pre-filled blocks the text stays byte-identical; inside them are exactly the refreshed items,
// followed by the user's own items. Held reviews are never refreshed. Fixed seed.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { check, type CheckResult } from '../../src/core/engine/check';
import { applyEdits } from '../../src/core/edits/textEdit';
import { readIsmsFile } from '../../src/core/reading/ismsFile';
import { createManagementReview, planManagementReview, refreshManagementReview, PREFILLED_BEGIN, PREFILLED_END, ScaffoldRefused, type RecordSource } from '../../src/core/scaffold';
import type { IsmsRecord } from '../../src/core/model/records';

const DEMO = path.join(__dirname, '..', '..', 'examples', 'acme-isms');
const AS_OF = '2026-11-27';
const FILE = 'isms/reviews/MR-2026-2.yaml';
const RUNS = process.env.ISMS_FUZZ === '1' ? 2000 : 200;

let demo: CheckResult;
before(async () => {
  demo = await check({ cwd: DEMO, asOf: AS_OF });
});

/** The text with every pre-filled block (begin line up to, not including, its end line) as one token. */
function outside(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let inBlock: string | undefined;
  for (const line of lines) {
    const bare = line.replace(/\r$/, '');
    if (inBlock === undefined && bare.trimStart() === PREFILLED_BEGIN) {
      inBlock = bare.slice(0, bare.length - PREFILLED_BEGIN.length);
      out.push('<<pre-filled>>');
      continue;
    }
    if (inBlock !== undefined) {
      if (bare === `${inBlock}${PREFILLED_END}`) inBlock = undefined;
      else continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

type HandEdit =
  | { kind: 'comment'; line: number; text: string }
  | { kind: 'trailing'; line: number; text: string }
  | { kind: 'own-item'; block: number; text: string }
  | { kind: 'fill-issues'; text: string };

const FREE = fc.oneof(fc.constantFrom('Überprüfung', 'x: y', "it's", 'say "hi"', '# not a comment', '- dash', 'yes', '0123'), fc.string({ minLength: 1, maxLength: 10 }));
const handEdit: fc.Arbitrary<HandEdit> = fc.oneof(
  fc.record({ kind: fc.constant('comment' as const), line: fc.nat(200), text: FREE }),
  fc.record({ kind: fc.constant('trailing' as const), line: fc.nat(200), text: FREE }),
  fc.record({ kind: fc.constant('own-item' as const), block: fc.nat(5), text: FREE }),
  fc.record({ kind: fc.constant('fill-issues' as const), text: FREE }),
);

const oneLine = (s: string) => s.replace(/[\r\n]/g, ' ');

/** Applies the user's edits, never inside a pre-filled block. */
function handEdited(text: string, edits: readonly HandEdit[]): string {
  let lines = text.split('\n');
  for (const edit of edits) {
    const blocks: Array<{ begin: number; end: number; indent: string }> = [];
    lines.forEach((l, i) => {
      if (l.trimStart() === PREFILLED_BEGIN) blocks.push({ begin: i, end: lines.indexOf(`${l.slice(0, l.length - PREFILLED_BEGIN.length)}${PREFILLED_END}`, i), indent: l.slice(0, l.length - PREFILLED_BEGIN.length) });
    });
    const inBlock = (i: number) => blocks.some((b) => i > b.begin && i <= b.end);
    const at = lines.length > 1 ? edit.kind === 'comment' || edit.kind === 'trailing' ? edit.line % (lines.length - 1) : 0 : 0;
    if (edit.kind === 'comment' && !inBlock(at)) lines.splice(at, 0, `# ${oneLine(edit.text)}`);
    // A trailing comment on a key line (`  previous_actions:  # note`).
    else if (edit.kind === 'trailing' && !inBlock(at) && !lines[at].trimStart().startsWith('#') && /:\s*$/.test(lines[at])) {
      lines[at] = `${lines[at]}  # ${oneLine(edit.text)}`;
    } else if (edit.kind === 'own-item') {
      const block = blocks[edit.block % blocks.length];
      lines.splice(block.end + 1, 0, `${block.indent}- ${JSON.stringify(edit.text)}`);
    } else if (edit.kind === 'fill-issues') {
      lines = lines.map((l) => (l === '  issues:' ? `  issues: ${JSON.stringify(edit.text)}` : l));
    }
  }
  return lines.join('\n');
}

function hiding(source: CheckResult['index'], hidden: readonly boolean[]): RecordSource {
  const all = source.records();
  const kept = all.filter((_, i) => !hidden[i % hidden.length]);
  const set = new Set<IsmsRecord>(kept);
  return { records: () => kept, recordsWithId: (id) => source.recordsWithId(id).filter((r) => set.has(r)) };
}

describe('management review agenda: refresh in place (property-based, issue 12)', function () {
  this.timeout(120000);

  it(`keeps hand-written text byte-identical and refreshes exactly the pre-filled items: ${RUNS} runs`, () => {
    const original = createManagementReview(demo.index, demo.config, { date: AS_OF, asOf: AS_OF }).files[0].text;
    fc.assert(fc.property(fc.array(handEdit, { maxLength: 8 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), fc.boolean(), (edits, hidden, crlf) => {
      let text = handEdited(original, edits);
      if (crlf) text = text.replace(/\n/g, '\r\n');
      assert.deepEqual(parse(text).status, 'planned', text);
      const review = readIsmsFile(FILE, text).records[0];
      const source = hiding(demo.index, hidden);
      const refresh = refreshManagementReview(source, demo.config, review, text);
      assert.deepEqual(refresh.skipped, []);
      const after = applyEdits(text, refresh.edits);
      // Outside the pre-filled blocks: byte-identical (line endings included).
      assert.equal(outside(after), outside(text));
      if (crlf) assert.doesNotMatch(after, /(^|[^\r])\n/, 'a bare LF in a CRLF file');
      // Inside: exactly the refreshed items, then the user's own items as they were.
      const plan = planManagementReview(source, AS_OF, { refreshing: review, config: demo.config });
      const before = parse(text);
      const value = parse(after);
      const own = (list: unknown[], generated: number) => list.slice(generated);
      const at = (root: unknown, key: string[]) => key.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], root) as unknown[];
      const generatedBefore = (key: string[]) => own(at(before, key), at(parse(original), key).length);
      assert.deepEqual(value.inputs.previous_actions, [...plan.inputs.previousActions, ...generatedBefore(['inputs', 'previous_actions'])]);
      assert.deepEqual(value.inputs.performance.audits, [...plan.inputs.audits, ...generatedBefore(['inputs', 'performance', 'audits'])]);
      assert.deepEqual(value.inputs.improvement, [...plan.inputs.improvement, ...generatedBefore(['inputs', 'improvement'])]);
      assert.equal(value.inputs.performance.nonconformities.length, plan.inputs.nonconformities.length + plan.inputs.slippedActions.length + generatedBefore(['inputs', 'performance', 'nonconformities']).length);
      // A second refresh with the same repository changes nothing.
      const again = refreshManagementReview(source, demo.config, readIsmsFile(FILE, after).records[0], after);
      assert.equal(applyEdits(after, again.edits), after);
    }), { seed: 20261201, numRuns: RUNS, endOnFailure: true });
  });

  it('refuses a held review and one without pre-filled blocks', () => {
    const original = createManagementReview(demo.index, demo.config, { date: AS_OF, asOf: AS_OF }).files[0].text;
    const held = original.replace('status: planned', 'status: held');
    assert.throws(() => refreshManagementReview(demo.index, demo.config, readIsmsFile(FILE, held).records[0], held), (e: Error) => e instanceof ScaffoldRefused && /held one is the record of the meeting and is never overwritten/.test(e.message));
    const byHand = original.split('\n').filter((l) => !l.includes(PREFILLED_BEGIN) && !l.includes(PREFILLED_END)).join('\n');
    assert.throws(() => refreshManagementReview(demo.index, demo.config, readIsmsFile(FILE, byHand).records[0], byHand), /no pre-filled inputs to refresh/);
  });
});
