// Replacing ISO/IEC 27001:2013 Annex A ids by their 2022 successors (ISO/IEC 27002:2022 Annex B):
// one id by one chosen successor (the quick fix per successor), or every 2013 id of a file at once.
//
// Replace-all, for ids that do not map one-to-one:
// - one-to-many (A.18.2.3 -> A.5.36, A.8.8): the item becomes all its successors, in the table's
//   order, as consecutive items at its place (block lists: new `- ` lines after the item's line, so
//   a comment on that line stays with the first successor; flow lists: `A.5.36, A.8.8`);
// - many-to-one (A.13.2.1, A.13.2.2, A.13.2.3 -> A.5.14) and successors the list already names: a
//   successor is written once per list. An item all of whose successors are already in the list is
//   removed when that loses nothing (a block item alone on its line, a flow item); an item carrying
//   a comment on its line is replaced instead (the list then names the control twice, never a
//   comment lost).
import { isScalar, isSeq, type ParsedNode, type Scalar, type YAMLSeq } from 'yaml';
import { control2013 } from '../catalog';
import { referencesOf, type IsmsRecord } from '../model/records';
import { nodeAt } from '../parse/nodes';
import { applyEdits, EditRefused, lineEnding, yamlScalar, type TextEdit } from './textEdit';
import { parseYamlDocuments } from '../parse/yamlDocuments';

export interface Replacement2013 {
  edits: TextEdit[];
  /** How many 2013 ids are replaced. */
  count: number;
}

/**
 * Edits replacing every 2013 id among the Control refs of `records` (one file's records, read from
 * `text`) that `isUnknown` says does not resolve (an own Control record with a 2013 id is kept).
 */
export function replaceAll2013Ids(text: string, records: readonly IsmsRecord[], isUnknown: (id: string) => boolean): Replacement2013 {
  const edits: TextEdit[] = [];
  let count = 0;
  const eol = lineEnding(text);
  for (const record of records) {
    if (record.broken) continue;
    // Group the record's refs by list, so duplicates are judged per list.
    const byList = new Map<string, Array<{ index: number; target: string }>>();
    for (const ref of referencesOf(record)) {
      if (ref.expected !== 'Control' || typeof ref.path[ref.path.length - 1] !== 'number') continue;
      const key = JSON.stringify(ref.path.slice(0, -1));
      let items = byList.get(key);
      if (!items) byList.set(key, (items = []));
      items.push({ index: ref.path[ref.path.length - 1] as number, target: ref.target });
    }
    for (const [key, items] of byList) {
      const listPath = JSON.parse(key) as Array<string | number>;
      const seq = nodeAt(record.doc, listPath);
      if (!seq || !isSeq(seq)) continue;
      const nodes = (seq as YAMLSeq).items as ParsedNode[];
      const old = items.filter((i) => isUnknown(i.target) && control2013(i.target));
      if (old.length === 0) continue;
      const oldIndexes = new Set(old.map((i) => i.index));
      const present = new Set(items.filter((i) => !oldIndexes.has(i.index)).map((i) => i.target));
      const removed = new Set<number>();
      for (const { index, target } of old) {
        const node = nodes[index];
        if (!node || !isScalar(node)) continue;
        const scalar = node as Scalar & ParsedNode;
        if (scalar.anchor) throw new EditRefused(`${target} carries the anchor &${scalar.anchor}, which other values may use; edit it by hand`);
        const source = text.slice(scalar.range[0], scalar.range[1]);
        const quote = source.startsWith('"') ? '"' : source.startsWith("'") ? "'" : undefined;
        const fresh = control2013(target)!.successors.map((s) => s.id).filter((id) => !present.has(id));
        count++;
        if (fresh.length === 0) {
          const removal = removalOf(text, seq as YAMLSeq & ParsedNode, nodes, index, removed);
          if (removal) {
            removed.add(index);
            edits.push(removal);
            continue;
          }
          fresh.push(control2013(target)!.successors[0].id);
        }
        for (const id of fresh) present.add(id);
        if ((seq as YAMLSeq).flow) {
          edits.push({ start: scalar.range[0], end: scalar.range[1], newText: fresh.map((id) => yamlScalar(id, quote)).join(', ') });
          continue;
        }
        edits.push({ start: scalar.range[0], end: scalar.range[1], newText: yamlScalar(fresh[0], quote) });
        if (fresh.length > 1) {
          const lineStart = text.lastIndexOf('\n', scalar.range[0] - 1) + 1;
          const dash = text.indexOf('-', lineStart);
          const indent = ' '.repeat(dash - lineStart);
          const newline = text.indexOf('\n', scalar.range[1]);
          const at = newline === -1 ? text.length : newline + 1;
          const lead = newline === -1 ? eol : '';
          edits.push({ start: at, end: at, newText: lead + fresh.slice(1).map((id) => `${indent}- ${yamlScalar(id, quote)}${eol}`).join('') });
        }
      }
    }
  }
  if (count === 0) return { edits, count };
  const before = parseYamlDocuments(text).problems.length;
  if (parseYamlDocuments(applyEdits(text, edits)).problems.length > before) throw new EditRefused('the edit would break the YAML of this file; nothing was changed');
  return { edits, count };
}

/** The edit removing list item `index` when nothing but the item goes (no comment), else undefined. */
function removalOf(text: string, seq: YAMLSeq & ParsedNode, nodes: ParsedNode[], index: number, removed: ReadonlySet<number>): TextEdit | undefined {
  const node = nodes[index];
  if (seq.flow) {
    // With the separator after it, or (the last item) before it, from the nearest item kept.
    const next = nodes[index + 1];
    if (next) return { start: node.range[0], end: next.range[0], newText: '' };
    let previous = index - 1;
    while (previous >= 0 && removed.has(previous)) previous--;
    if (previous < 0) return undefined;
    const between = text.slice(nodes[previous].range[1], node.range[0]);
    return between.includes('#') ? undefined : { start: nodes[previous].range[1], end: node.range[1], newText: '' };
  }
  const lineStart = text.lastIndexOf('\n', node.range[0] - 1) + 1;
  const newline = text.indexOf('\n', node.range[0]);
  const lineEnd = newline === -1 ? text.length : newline + 1;
  const line = text.slice(lineStart, lineEnd).replace(/\r?\n$/, '');
  const source = text.slice(node.range[0], node.range[1]);
  // Only `  - A.13.2.2` alone on its line; the seq's first line (`controls: - x`) is never that.
  if (line.trim() !== `- ${source}`) return undefined;
  if (seq.items.length - removed.size <= 1) return undefined;
  return { start: lineStart, end: lineEnd, newText: '' };
}
