// Finding the YAML node behind a record path, for diagnostic ranges and minimal edits.
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type ParsedNode } from 'yaml';
import type { NodePath } from '../model/model';

export type OffsetRange = readonly [start: number, end: number];

export function nodeAt(doc: Document.Parsed, path: NodePath): ParsedNode | undefined {
  let node: unknown = doc.contents;
  for (const segment of path) {
    if (isMap(node)) {
      node = pairAt(node.items as Pair[], segment)?.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      return undefined;
    }
  }
  return isNodeWithRange(node) ? node : undefined;
}

/** The pair for `key` in the mapping at `path`, if present. */
export function pairAt(items: Pair[], key: string | number): Pair | undefined {
  if (items.length > SCAN_LIMIT) return indexedPairs(items).get(String(key));
  for (const item of items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(key)) return item;
  }
  return undefined;
}

// Large mappings get a key -> first pair index, so looking up every key of a 100,000-key mapping
// (one schema problem each) is linear, not quadratic.
const SCAN_LIMIT = 32;
const pairIndexes = new WeakMap<Pair[], { length: number; byKey: Map<string, Pair> }>();

function indexedPairs(items: Pair[]): Map<string, Pair> {
  const cached = pairIndexes.get(items);
  if (cached && cached.length === items.length) return cached.byKey;
  const byKey = new Map<string, Pair>();
  for (const item of items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const name = String(item.key.value);
    if (!byKey.has(name)) byKey.set(name, item);
  }
  pairIndexes.set(items, { length: items.length, byKey });
  return byKey;
}

export function valueRange(doc: Document.Parsed, path: NodePath): OffsetRange | undefined {
  const node = nodeAt(doc, path);
  return node ? [node.range[0], node.range[1]] : undefined;
}

/** The range of the key of the last path segment (e.g. the `inputs` key). */
export function keyRange(doc: Document.Parsed, path: NodePath): OffsetRange | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? doc.contents : nodeAt(doc, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  const pair = pairAt(parent.items as Pair[], path[path.length - 1]);
  const key = pair?.key;
  return isNodeWithRange(key) ? [key.range[0], key.range[1]] : undefined;
}

/** The start of the mapping at `path`, extended over its first key so editors show a squiggle. */
export function mappingStartRange(doc: Document.Parsed, path: NodePath): OffsetRange | undefined {
  const node = path.length === 0 ? (doc.contents as ParsedNode | null) : nodeAt(doc, path);
  if (!node) return undefined;
  const start = node.range[0];
  if (isMap(node)) {
    const first = node.items[0]?.key;
    if (isNodeWithRange(first)) return [start, Math.max(start, first.range[1])];
  }
  return [start, node.range[1]];
}

function isNodeWithRange(node: unknown): node is ParsedNode {
  return typeof node === 'object' && node !== null && Array.isArray((node as Node).range);
}

export interface NodeAtOffset {
  path: Array<string | number>;
  node: ParsedNode;
  /** The offset is on a mapping key rather than a value. */
  onKey: boolean;
}

/** The innermost scalar (or key) at `offset`, with its record path. */
export function nodeAtOffset(doc: Document.Parsed, offset: number): NodeAtOffset | undefined {
  let node: unknown = doc.contents;
  const path: Array<string | number> = [];
  for (;;) {
    if (isMap(node)) {
      let next: unknown;
      for (const pair of node.items as Pair[]) {
        const key = pair.key as ParsedNode | null;
        if (key && isScalar(key) && offset >= key.range[0] && offset <= key.range[1]) return { path: [...path, String(key.value)], node: key, onKey: true };
        const value = pair.value as ParsedNode | null;
        if (key && isScalar(key) && value && offset >= value.range[0] && offset <= value.range[1]) {
          path.push(String(key.value));
          next = value;
          break;
        }
      }
      if (!next) return undefined;
      node = next;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => isNodeWithRange(item) && offset >= item.range[0] && offset <= item.range[1]);
      if (index === -1) return undefined;
      path.push(index);
      node = node.items[index];
    } else {
      return isNodeWithRange(node) ? { path, node, onKey: false } : undefined;
    }
  }
}
