// YAML text -> one record per document, with source ranges. Hardened against hostile input:
// a CST depth guard before composing (deep nesting aborts Node 20 in yaml's recursive composer),
// a linear duplicate-key check (yaml's own is quadratic), alias limits, and the YAML 1.2 core
// schema for every document so dates stay strings even under `%YAML 1.1` or `!!timestamp`.
import { Composer, Parser, isMap, isPair, isScalar, isSeq, type CST, type Document, type Node, type Pair, type ParsedNode, type Scalar } from 'yaml';
import { isMapping, type YamlMapping } from '../model/model';

export const DEFAULT_MAX_DEPTH = 64;
const MAX_ALIAS_COUNT = 100;

export interface YamlProblem {
  code: 'yaml-syntax' | 'yaml-too-deep';
  message: string;
  start: number;
  end: number;
}

export interface YamlRecordDocument {
  /** The composed document; its nodes carry `range` offsets into the text. */
  doc: Document.Parsed;
  /** The document's plain value when it is a mapping. */
  value: YamlMapping | undefined;
  /** True when the document is a mapping (counted as a record even if it fails its schema). */
  isMapping: boolean;
  /** True when the document had syntax problems: only yaml-syntax is reported for it. */
  broken: boolean;
  /** Offsets of the document's own content, for diagnostics about the whole document. */
  start: number;
}

export interface YamlFile {
  documents: YamlRecordDocument[];
  problems: YamlProblem[];
}

export const DOCUMENT_OPTIONS = {
  schema: 'core',
  resolveKnownTags: false,
  merge: false,
  uniqueKeys: false,
  prettyErrors: false,
  keepSourceTokens: false,
  // yaml warns on process (stderr) about collection keys; a CLI or extension host must stay quiet.
  logLevel: 'error',
} as const;

export function parseYamlDocuments(text: string, maxDepth = DEFAULT_MAX_DEPTH): YamlFile {
  const problems: YamlProblem[] = [];
  const documents: YamlRecordDocument[] = [];
  const composer = new Composer(DOCUMENT_OPTIONS);
  const composed: Document.Parsed[] = [];
  for (const token of new Parser().parse(text)) {
    const tooDeep = token.type === 'document' ? deepestOffset(token, maxDepth) : undefined;
    if (tooDeep !== undefined) {
      problems.push({
        code: 'yaml-too-deep',
        message: `YAML nested more than ${maxDepth} levels deep; this document is not read`,
        start: tooDeep,
        end: tooDeep + 1,
      });
      continue;
    }
    composed.push(...(composer.next(token) as Iterable<Document.Parsed>));
  }
  composed.push(...(composer.end() as Iterable<Document.Parsed>));

  for (const doc of composed) {
    const docProblems: YamlProblem[] = doc.errors.map((e) => ({ code: 'yaml-syntax', message: e.message.split('\n')[0], start: e.pos[0], end: e.pos[1] }));
    let value: unknown;
    const plain = plainValue(doc.contents);
    if (plain !== NOT_PLAIN) {
      docProblems.push(...plain.duplicates);
      value = plain.value;
    } else {
      docProblems.push(...duplicateKeys(doc));
      try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (e) {
        const node = doc.contents as ParsedNode | null;
        const at = node?.range[0] ?? 0;
        docProblems.push({ code: 'yaml-syntax', message: (e as Error).message.split('\n')[0], start: at, end: at + 1 });
        value = undefined;
      }
    }
    problems.push(...docProblems);
    const contents = doc.contents as ParsedNode | null;
    documents.push({
      doc,
      value: isMapping(value) ? value : undefined,
      isMapping: isMap(contents),
      broken: docProblems.length > 0,
      start: contents?.range[0] ?? doc.range[0],
    });
  }
  return { documents, problems };
}

/** The offset of the first token nested deeper than maxDepth, walking the CST without recursion. */
function deepestOffset(token: CST.Token, maxDepth: number): number | undefined {
  const stack: Array<[CST.Token, number]> = [[token, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > maxDepth) return node.offset;
    if ('value' in node && node.value && typeof node.value === 'object') stack.push([node.value as CST.Token, depth]);
    if ('items' in node && Array.isArray(node.items)) {
      for (const item of node.items as CST.CollectionItem[]) {
        if (item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

const NOT_PLAIN = Symbol('not plain');

/**
 * `doc.toJS()` and `duplicateKeys(doc)` in one walk, for the usual document: maps, sequences and
 * scalars whose values and keys are strings, numbers, booleans or null. Anything else (an alias,
 * a collection as a key, a pair directly in a sequence, a scalar with another value) gives
 * NOT_PLAIN and the caller uses yaml's own toJS, so results never differ. Builds exactly what
 * toJS does for the core schema without merge keys (YAMLMap/YAMLSeq/Scalar.toJSON with
 * `keep: true`, addPairToJSMap): plain objects whose keys are `String(key)` (null -> ''), set with
 * defineProperty when the name is already `in` the object (`__proto__`, `toString`, a duplicate),
 * and reports duplicates in the same order as duplicateKeys (same stack discipline).
 */
function plainValue(contents: unknown): { value: unknown; duplicates: YamlProblem[] } | typeof NOT_PLAIN {
  if (contents === null || contents === undefined) return { value: contents === null ? null : undefined, duplicates: [] };
  const duplicates: YamlProblem[] = [];
  if (isScalar(contents)) return isPlainScalarValue(contents.value) ? { value: contents.value, duplicates } : NOT_PLAIN;
  const rootValue = isMap(contents) ? {} : isSeq(contents) ? [] : NOT_PLAIN;
  if (rootValue === NOT_PLAIN) return NOT_PLAIN;
  // Collections still to fill, each with the (already placed) container it fills.
  const nodes: unknown[] = [contents];
  const containers: unknown[] = [rootValue];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const container = containers.pop();
    if (isMap(node)) {
      const object = container as Record<string, unknown>;
      const items = node.items as Pair[];
      // Keys seen so far as `typeof:String(key)` (duplicateKeys' notion of a duplicate). Equal
      // names give equal property names, so the set is only built once a property is repeated.
      let seen: Set<string> | undefined;
      for (let i = 0; i < items.length; i++) {
        const key = items[i].key;
        if (!isScalar(key)) return NOT_PLAIN;
        const keyValue = key.value;
        if (!isPlainScalarValue(keyValue)) return NOT_PLAIN;
        const property = keyValue === null ? '' : String(keyValue);
        if (seen === undefined && Object.prototype.hasOwnProperty.call(object, property)) {
          seen = new Set();
          for (let j = 0; j < i; j++) seen.add(keyName((items[j].key as Scalar).value));
        }
        if (seen !== undefined) {
          const name = keyName(keyValue);
          if (seen.has(name)) {
            const [start, end] = (key as ParsedNode).range;
            duplicates.push({ code: 'yaml-syntax', message: `Map keys must be unique: '${String(keyValue)}' appears more than once`, start, end });
          }
          seen.add(name);
        }
        const item = childValue(items[i].value, nodes, containers);
        if (item === NOT_PLAIN) return NOT_PLAIN;
        if (property in object) Object.defineProperty(object, property, { value: item, writable: true, enumerable: true, configurable: true });
        else object[property] = item;
      }
    } else {
      const array = container as unknown[];
      for (const entry of (node as { items: unknown[] }).items) {
        const item = childValue(entry, nodes, containers);
        if (item === NOT_PLAIN) return NOT_PLAIN;
        array.push(item);
      }
    }
  }
  return { value: rootValue, duplicates };
}

/** A map's or sequence's item as toJS gives it; a collection's container is filled later. */
function childValue(node: unknown, nodes: unknown[], containers: unknown[]): unknown {
  if (isScalar(node)) return isPlainScalarValue(node.value) ? node.value : NOT_PLAIN;
  let container: unknown;
  if (isMap(node)) container = {};
  else if (isSeq(node)) container = [];
  else if (node === null) return null; // toJS(null)
  else return NOT_PLAIN;
  nodes.push(node);
  containers.push(container);
  return container;
}

function keyName(value: unknown): string {
  return `${typeof value}:${String(value)}`;
}

function isPlainScalarValue(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Duplicate keys in every mapping, in linear time (yaml's own check is quadratic). */
function duplicateKeys(doc: Document.Parsed): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const name = isScalar(key) ? `${typeof key.value}:${String(key.value)}` : undefined;
        if (name !== undefined) {
          if (seen.has(name)) {
            const [start, end] = (key as ParsedNode).range;
            problems.push({ code: 'yaml-syntax', message: `Map keys must be unique: '${String((key as { value: unknown }).value)}' appears more than once`, start, end });
          }
          seen.add(name);
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(isPair(item) ? item.value : item);
    }
  }
  return problems;
}
