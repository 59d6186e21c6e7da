// One version of an ISMS file as the history needs it: per record its id, kind, status and each
// action's identity, due date, status and recorded due changes. Read with the working tree's own
// reader (readIsmsFile), then reduced to this small shape, which is what is cached per blob id.
import { readIsmsFile, type IsmsFile } from '../reading/ismsFile';
import { decodeFileText, InvalidUtf8Error } from '../reading/fileText';
import { actionLabel, actionsOf, type IsmsRecord } from '../model/records';
import { isMapping, listField, type YamlMapping } from '../model/model';

export interface VersionAction {
  /** The action's identity across versions: `id:<id>` when it has an id, else `description:<text>` (FORMAT.md). */
  key: string;
  label: string;
  due?: string;
  status?: string;
  /** The `from>to` of each due_history entry. */
  recorded: string[];
}

export interface VersionRecord {
  id: string;
  kind: string;
  status?: string;
  /** A Nonconformity's severity in this version (the trend's split). */
  severity?: string;
  actions: VersionAction[];
}

export interface FileVersion {
  records: VersionRecord[];
  /** Set when the version could not be read: why (binary, too large, not valid YAML ...). */
  problem?: string;
}

/** The identity of each action of a record, in order (duplicates get `#2`, `#3` ... so each is one action). */
export function actionKeys(actions: ReadonlyArray<YamlMapping>): Array<string | undefined> {
  const seen = new Map<string, number>();
  return actions.map((action) => {
    const base = typeof action.id === 'string' && action.id.trim() !== '' ? `id:${action.id}` : typeof action.description === 'string' ? `description:${action.description.trim()}` : undefined;
    if (base === undefined) return undefined;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

export function recordedKey(from: unknown, to: unknown): string {
  return `${String(from)}>${String(to)}`;
}

/** The due_history entries of an action as `from>to` keys. */
export function recordedChanges(action: YamlMapping): string[] {
  const out: string[] = [];
  for (const entry of listField(action, 'due_history')) {
    if (isMapping(entry) && typeof entry.from === 'string' && typeof entry.to === 'string') out.push(recordedKey(entry.from, entry.to));
  }
  return out;
}

/** A record reduced to what the history compares; undefined for documents without id or kind. */
export function versionRecord(record: IsmsRecord): VersionRecord | undefined {
  if (record.broken || !record.id || !record.kind) return undefined;
  const entries = actionsOf(record);
  const keys = actionKeys(entries.map((e) => e.action));
  const actions: VersionAction[] = [];
  entries.forEach(({ action }, i) => {
    const key = keys[i];
    if (key === undefined) return;
    actions.push({
      key,
      label: actionLabel(action, i),
      ...(typeof action.due === 'string' ? { due: action.due } : {}),
      ...(typeof action.status === 'string' ? { status: action.status } : {}),
      recorded: recordedChanges(action),
    });
  });
  return {
    id: record.id, kind: record.kind, ...(typeof record.value.status === 'string' ? { status: record.value.status } : {}),
    ...(record.kind === 'Nonconformity' && typeof record.value.severity === 'string' ? { severity: record.value.severity } : {}), actions,
  };
}

export function versionOfFile(file: IsmsFile): FileVersion {
  const broken = file.diagnostics.find((d) => d.code === 'yaml-syntax' || d.code === 'yaml-too-deep');
  if (broken || file.records.some((r) => r.broken)) {
    const at = broken ? ` (line ${broken.range.start.line + 1}: ${broken.message.split('\n')[0]})` : '';
    return { records: [], problem: `not valid YAML${at}` };
  }
  const records: VersionRecord[] = [];
  for (const record of file.records) {
    const version = versionRecord(record);
    if (version) records.push(version);
  }
  return { records };
}

/** Reads one blob's bytes into a version; bad input gives a version with `problem` and no records. */
export function versionOfBlob(path: string, bytes: Uint8Array): FileVersion {
  // git's own test for binary content: a NUL byte in the first 8000 bytes.
  if (bytes.subarray(0, 8000).includes(0)) return { records: [], problem: 'a binary file' };
  let text: string;
  try {
    text = decodeFileText(bytes).text;
  } catch (e) {
    if (e instanceof InvalidUtf8Error) return { records: [], problem: 'not valid UTF-8' };
    throw e;
  }
  return versionOfFile(readIsmsFile(path, text, { valuesOnly: true }));
}

/** Whether a cached value has the shape of a FileVersion (the check cache file may be corrupt). */
export function isFileVersion(value: unknown): value is FileVersion {
  if (!isMapping(value) || !Array.isArray(value.records)) return false;
  if (value.problem !== undefined && typeof value.problem !== 'string') return false;
  return value.records.every((r) => isMapping(r) && typeof r.id === 'string' && typeof r.kind === 'string' && (r.status === undefined || typeof r.status === 'string') && (r.severity === undefined || typeof r.severity === 'string') && Array.isArray(r.actions)
    && r.actions.every((a) => isMapping(a) && typeof a.key === 'string' && typeof a.label === 'string' && (a.due === undefined || typeof a.due === 'string')
      && (a.status === undefined || typeof a.status === 'string') && Array.isArray(a.recorded) && a.recorded.every((k) => typeof k === 'string')));
}
