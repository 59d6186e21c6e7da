// One ISMS file read into records, with the diagnostics of the reading stages (yaml-syntax,
// schema, invalid-date). Depends on nothing but the file's own text, so it is cached per file.
import { isRealDate } from '../model/dates';
import type { Document } from 'yaml';
import { isMapping, valueAt, type IsmsDiagnostic, type NodePath, type RecordKind, type Severity, type YamlMapping } from '../model/model';
import { LineMap } from '../parse/lines';
import { keyRange, mappingStartRange, valueRange, type OffsetRange } from '../parse/nodes';
import { readCstDocuments } from '../parse/cstDocuments';
import { readEventDocuments } from '../parse/eventDocuments';
import { parseYamlDocuments, type YamlProblem } from '../parse/yamlDocuments';
import { buildRangeTable, lookupRange, rangeKey, START_KEY, unpackRange, type CompleteRanges, type RangeTable } from '../parse/rangeTable';
import { ReadRecord } from './readRecord';
import { DATE_FIELDS, expandPaths, type IsmsRecord } from '../model/records';
import { isRecordKind, validateRecord, displayPath, type SchemaProblem } from '../schema/recordSchemas';
import { findSuppressions, NO_SUPPRESSIONS, type Suppressions } from './suppressions';
import { show } from '../model/show';
import { atPlaceholder, isPlaceholder, placeholderPaths } from '../model/placeholders';

export interface IsmsFile {
  path: string;
  text: string;
  lines: LineMap;
  records: IsmsRecord[];
  /** YAML documents that are mappings (counted as records in the summary). */
  mappingCount: number;
  /** Diagnostics of the reading stages, with default severities. */
  diagnostics: IsmsDiagnostic[];
  suppressions: Suppressions;
}

export interface ReadOptions {
  /**
   * Only the parse: records' values, ids and kinds and the YAML problems, without the schema and
   * date checks or suppressions (the history from git reads thousands of old versions this way;
   * src/core/history/versions.ts).
   */
  valuesOnly?: boolean;
}

export function readIsmsFile(path: string, text: string, options: ReadOptions = {}): IsmsFile {
  const lines = new LineMap(text);
  const parsed = readDocuments(text);
  const diagnostics: IsmsDiagnostic[] = parsed.problems.map((p) => ({
    file: path, range: lines.range(p.start, p.end), severity: 'error', code: p.code, message: p.message,
  }));
  const loneCr = loneCarriageReturns(text);
  if (loneCr.count > 0) {
    diagnostics.push({
      file: path, range: lines.range(loneCr.first, loneCr.first + 1), severity: 'error', code: 'lone-cr',
      message: `${loneCr.count === 1 ? 'A line ends' : `${loneCr.count} lines end`} with a lone carriage return (CR without LF); YAML and editors disagree on such line breaks, so use LF or CRLF`,
    });
  }
  const records: ReadRecord[] = [];
  let mappingCount = 0;
  parsed.documents.forEach((document, index) => {
    if (document.isMapping) mappingCount++;
    const value = document.value;
    const kind = isRecordKind(value?.kind) ? value.kind : undefined;
    if (document.broken) {
      // Register a readable id anyway, so one typo does not cascade into unknown-reference elsewhere.
      if (value && typeof value.id === 'string') records.push(newRecord(path, text, index, kind, value, document, true));
      return;
    }
    if (document.empty) return;
    if (!value) {
      diagnostics.push({ file: path, range: lines.range(document.start, document.start + 1), severity: 'error', code: 'schema', message: 'A record must be a mapping with kind and id' });
      return;
    }
    const record = newRecord(path, text, index, kind, value, document, false);
    records.push(record);
    if (options.valuesOnly) return;
    // A placeholder gets only its placeholder-text diagnostic (model/placeholders.ts).
    const placeholders = text.includes('<') ? placeholderPaths(value) : [];
    const problems = validateRecord(value);
    for (const problem of problems) {
      if (placeholders.length > 0 && problem.target === 'value' && atPlaceholder(placeholders, problem.path)) continue;
      diagnostics.push({ ...stageDiagnostic(record, lines, problemRange(record, problem), 'schema', problem.message), path: problem.path, fix: problem.fix });
    }
    if (record.kind) {
      for (const pattern of DATE_FIELDS[record.kind]) {
        for (const { path: at, value: date } of expandPaths(value, pattern)) {
          if (typeof date !== 'string' || isRealDate(date) || isPlaceholder(date)) continue;
          diagnostics.push({ ...stageDiagnostic(record, lines, rangeOf(record, at), 'invalid-date', `${displayPath(at)}: ${show(date)} is not a real calendar date (YYYY-MM-DD)`), path: at });
        }
      }
    }
  });
  // A composed file's Documents served the reading stages above; drop them now (~10x the text in
  // memory): `record.doc` re-parses lazily if anything needs it later.
  if (parsed.composed) for (const record of records) record.dropComposed();
  return { path, text, lines, records, mappingCount, diagnostics, suppressions: options.valuesOnly ? NO_SUPPRESSIONS : findSuppressions(text, lines) };
}

/** A document as the reading stages need it, read from the CST or composed. */
interface ReadDocument {
  value: YamlMapping | undefined;
  isMapping: boolean;
  broken: boolean;
  /** No content: nothing but comments, or a null. */
  empty: boolean;
  start: number;
  /** The range table, when the CST reader built it (a composed document builds it from `doc`). */
  ranges?: RangeTable;
  /** The composed Document, when the file was composed. */
  doc?: Document.Parsed;
}

/**
 * Most files read from js-yaml's events (parse/eventDocuments.ts), most others straight from
 * yaml's CST (parse/cstDocuments.ts); any other file is composed.
 * Either way the Document is not kept: `record.doc` re-parses lazily (parse/rangeTable.ts).
 */
function readDocuments(text: string): { documents: ReadDocument[]; problems: YamlProblem[]; composed: boolean } {
  const fromCst = readEventDocuments(text) ?? readCstDocuments(text);
  if (fromCst) {
    return {
      composed: false,
      problems: [],
      documents: fromCst.map((d) => ({ value: d.value, isMapping: d.value !== undefined, broken: false, empty: d.value === undefined, start: d.start, ranges: d.ranges })),
    };
  }
  const parsed = parseYamlDocuments(text);
  return {
    composed: true,
    problems: parsed.problems,
    documents: parsed.documents.map((d) => {
      const contents = d.doc.contents as { value?: unknown } | null;
      return { ...d, empty: contents === null || contents.value === null };
    }),
  };
}

function newRecord(file: string, text: string, document: number, kind: RecordKind | undefined, value: YamlMapping, read: ReadDocument, broken: boolean): ReadRecord {
  // Only the ranges rules report at are kept; `doc` is the composed Document while the file is
  // read, or (read from the CST) re-parsed when something needs it.
  const ranges = read.ranges ?? buildRangeTable(read.doc!, kind);
  return new ReadRecord(file, document, kind, typeof value.id === 'string' ? value.id : undefined, value, broken, ranges, text, read.doc);
}

/** CRs not followed by LF: the first one's offset and how many there are. */
function loneCarriageReturns(text: string): { first: number; count: number } {
  let first = -1;
  let count = 0;
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) === 10) continue;
    if (first === -1) first = i;
    count++;
  }
  return { first, count };
}

function stageDiagnostic(record: IsmsRecord, lines: LineMap, range: OffsetRange, code: string, message: string, severity: Severity = 'error'): IsmsDiagnostic {
  return { file: record.file, range: lines.range(range[0], range[1]), severity, code, message, record: record.id };
}

function problemRange(record: IsmsRecord, problem: SchemaProblem): OffsetRange {
  switch (problem.target) {
    case 'key':
      return nodeRange(record, problem.path, true) ?? rangeOf(record, problem.path.slice(0, -1));
    case 'mapping':
      return mappingRange(record, problem.path) ?? recordStart(record);
    case 'value':
      return rangeOf(record, problem.path);
  }
}

/** The range of the value (or key) at `path`, falling back to the record's id, then its start. */
export function rangeOf(record: IsmsRecord, path: NodePath, atKey = false): OffsetRange {
  return nodeRange(record, path, atKey) ?? nodeRange(record, ['id'], false) ?? recordStart(record);
}

/** The range of the node (or key) at `path`; undefined when the record has none there. */
function nodeRange(record: IsmsRecord, path: NodePath, atKey: boolean): OffsetRange | undefined {
  // Precomputed at read time (or restored from the check cache): no Document needed.
  const key = rangeKey(path, atKey);
  const known = lookupRange(record.ranges, key);
  if (known) return known;
  // Not a node rules usually report at: the file's CST read again gives every node's range, and
  // is the whole truth where the file reads from the CST. Only other files are composed again.
  const complete = record.completeRanges?.();
  if (complete) return completeRange(complete, key);
  return atKey ? keyRange(record.doc, path) : valueRange(record.doc, path);
}

/** The start of the mapping at `path` over its first key, as mappingStartRange gives it (nodes.ts). */
function mappingRange(record: IsmsRecord, path: NodePath): OffsetRange | undefined {
  const complete = record.completeRanges?.();
  if (!complete) return mappingStartRange(record.doc, path);
  const node = completeRange(complete, rangeKey(path));
  const value = valueAt(record.value, path);
  if (!node || !isMapping(value)) return node;
  // The first key in the text is the one starting first (a plain object puts integer keys first).
  let first: OffsetRange | undefined;
  for (const key of Object.keys(value)) {
    const range = completeRange(complete, rangeKey([...path, key], true));
    if (range && (!first || range[0] < first[0])) first = range;
  }
  return first ? [node[0], Math.max(node[0], first[1])] : node;
}

function completeRange(complete: CompleteRanges, key: string): OffsetRange | undefined {
  const packed = complete.get(key);
  return packed === undefined ? undefined : unpackRange(packed);
}

function recordStart(record: IsmsRecord): OffsetRange {
  const start = recordStartOffset(record);
  return [start, start + 1];
}

/** Where a record's document content starts; from the range table when it has one (no re-parse). */
function recordStartOffset(record: IsmsRecord): number {
  return lookupRange(record.ranges, START_KEY)?.[0] ?? record.doc.contents?.range?.[0] ?? 0;
}

/** The record whose YAML document holds `offset`: the last one starting at or before it. */
export function recordAtOffset(file: IsmsFile, offset: number): IsmsRecord | undefined {
  let found: IsmsRecord | undefined;
  for (const record of file.records) {
    if (recordStartOffset(record) <= offset) found = record;
  }
  return found ?? file.records[0];
}
