// YAML text -> one record per document, with source ranges. Hardened against hostile input:
// a CST depth guard before composing (deep nesting aborts Node 20 in yaml's recursive composer),
// a linear duplicate-key check (yaml's own is quadratic), alias limits, and the YAML 1.2 core
// schema for every document so dates stay strings even under `%YAML 1.1` or `!!timestamp`.
import { Composer, Parser, isMap, isPair, isScalar, isSeq, type CST, type Document, type Node, type ParsedNode } from 'yaml';
import { isMapping, type YamlMapping } from '../model';

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
    docProblems.push(...duplicateKeys(doc));
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const node = doc.contents as ParsedNode | null;
      const at = node?.range[0] ?? 0;
      docProblems.push({ code: 'yaml-syntax', message: (e as Error).message.split('\n')[0], start: at, end: at + 1 });
      value = undefined;
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
