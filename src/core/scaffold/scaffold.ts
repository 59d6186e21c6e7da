// What every scaffold produces, and the helpers they share: ids, YAML text written by hand (so
// guidance comments survive), and the cursor hint for the first thing to fill.
import { isMapping, type YamlMapping } from '../model/model';
import type { IsmsRecord } from '../model/records';
import type { TextEdit } from '../edits/textEdit';
import { yamlScalar } from '../edits/textEdit';

export interface ScaffoldFile {
  /** Repository-relative path with `/` separators. */
  path: string;
  text: string;
}

export interface ScaffoldEdit {
  /** Repository-relative path of an existing file. */
  path: string;
  /** Minimal edits to the file's text as the index read it. */
  edits: TextEdit[];
}

/** Where to put the cursor in a written file: the placeholder to replace first. */
export interface CursorHint {
  path: string;
  offset: number;
  /** Length of the placeholder to select (0: just the cursor). */
  length: number;
}

export interface Scaffold {
  files: ScaffoldFile[];
  edits: ScaffoldEdit[];
  cursor?: CursorHint;
}

/**
 * The scaffold cannot be made; the message says why, in one line. The extension loads the
 * scaffolds as a bundle of their own, so it recognises a refusal by `isScaffoldRefused` (by name).
 */
export class ScaffoldRefused extends Error {
  override readonly name = 'ScaffoldRefused';
}

export function isScaffoldRefused(e: unknown): e is Error {
  return e instanceof Error && e.name === 'ScaffoldRefused';
}

/** The record kinds a scaffold reads, in a form that does not depend on the index. */
export interface RecordSource {
  records(): IsmsRecord[];
  recordsWithId(id: string): readonly IsmsRecord[];
}

export function recordsOfKind(source: RecordSource, kind: IsmsRecord['kind']): IsmsRecord[] {
  return source.records().filter((r) => r.kind === kind && !r.broken && r.id !== undefined);
}

export function joinPath(folder: string, name: string): string {
  const clean = folder.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  return clean === '' || clean === '.' ? name : `${clean}/${name}`;
}

/** `text` as a YAML scalar on one line of a block mapping or list (plain when unambiguous, else double-quoted). */
export function scalar(text: string | number | boolean): string {
  if (typeof text === 'string' && /[\n\r\t]/.test(text)) return JSON.stringify(text);
  if (typeof text === 'string' && text.includes(' #')) return JSON.stringify(text);
  return yamlScalar(text, undefined, 'block');
}

/**
 * A string as `key: value`, folded (`>-`) over several lines when long. Folding is exact only for
 * single-line text without runs of spaces, so anything else stays a quoted scalar.
 */
export function field(key: string, value: string, indent = '', width = 96): string {
  const oneLine = `${indent}${key}: ${scalar(value)}`;
  const foldable = !/[\n\r\t]/.test(value) && !/ {2}/.test(value) && value === value.trim() && value !== '';
  if (oneLine.length <= width || !foldable) return `${oneLine}\n`;
  const inner = `${indent}  `;
  const lines: string[] = [];
  let line = '';
  for (const word of value.split(' ')) {
    if (line !== '' && inner.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return `${indent}${key}: >-\n${lines.map((l) => `${inner}${l}`).join('\n')}\n`;
}

/** A block list of scalars, one per line. */
export function list(items: readonly string[], indent: string): string {
  return items.map((item) => `${indent}- ${scalar(item)}\n`).join('');
}

/** Builds a file's text and remembers where its first placeholder is. */
export class TextBuilder {
  private text = '';
  private cursorAt: { offset: number; length: number } | undefined;

  add(chunk: string): this {
    this.text += chunk;
    return this;
  }

  /**
   * Adds `before` + a double-quoted placeholder + `after`; the first placeholder added becomes the
   * cursor hint (its text, inside the quotes, selected).
   */
  placeholder(before: string, text: string, after = '\n'): this {
    const quoted = JSON.stringify(text);
    if (!this.cursorAt) this.cursorAt = { offset: this.text.length + before.length + 1, length: quoted.length - 2 };
    this.text += before + quoted + after;
    return this;
  }

  /** Marks the current end of the text (e.g. after `issues: `) as the cursor hint, if none yet. */
  mark(): this {
    if (!this.cursorAt) this.cursorAt = { offset: this.text.length, length: 0 };
    return this;
  }

  build(path: string): { file: ScaffoldFile; cursor?: CursorHint } {
    return { file: { path, text: this.text }, cursor: this.cursorAt ? { path, ...this.cursorAt } : undefined };
  }
}

/** A record's string field, trimmed, or undefined. */
export function text(value: YamlMapping | undefined, key: string): string | undefined {
  const v = value?.[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export function mapping(value: unknown): YamlMapping | undefined {
  return isMapping(value) ? value : undefined;
}

/** The next id `<prefix><n>` not used by any record, with n zero-padded to `width` digits. */
export function nextNumberedId(source: RecordSource, prefix: string, width: number): string {
  const pattern = new RegExp(`^${escapeRegExp(prefix)}(\\d+)$`);
  let max = 0;
  for (const record of source.records()) {
    const m = record.id ? pattern.exec(record.id) : null;
    if (m) max = Math.max(max, Number(m[1]));
  }
  let n = max + 1;
  let id = `${prefix}${String(n).padStart(width, '0')}`;
  while (source.recordsWithId(id).length > 0) id = `${prefix}${String(++n).padStart(width, '0')}`;
  return id;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Refuses when an id is taken by any record of the repository. */
export function assertIdFree(source: RecordSource, id: string): void {
  const taken = source.recordsWithId(id)[0];
  if (taken) throw new ScaffoldRefused(`the id ${id} is already used by ${article(taken.kind ?? 'record')} in ${taken.file}`);
}

/** "a Control", "an Audit". */
export function article(word: string): string {
  return `${/^[AEIOU]/i.test(word) ? 'an' : 'a'} ${word}`;
}
