// Edits at a record path: set a scalar, add a key, append to a list, rename a key, insert a
// comment line. Block and flow collections are both handled; new lines follow the file's own
// indentation and line endings.
import { isMap, isScalar, isSeq, type Document, type ParsedNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { NodePath } from '../model/model';
import { nodeAt, pairAt } from '../parse/nodes';
import { EditRefused, lineEnding, yamlScalar, type TextEdit } from './textEdit';

export type ScalarValue = string | number | boolean;

/** A plain value to write as YAML: a scalar, a list or a mapping of them (block style). */
export type NewValue = ScalarValue | NewValue[] | { [key: string]: NewValue };

export interface EditTarget {
  text: string;
  doc: Document.Parsed;
}

/** Replaces the scalar at `path`, keeping its quoting style; adds the key when it is missing. */
export function setScalar(target: EditTarget, path: NodePath, value: ScalarValue): TextEdit {
  const node = nodeAt(target.doc, path);
  if (node && isScalar(node)) {
    const [start, end] = node.range;
    const source = target.text.slice(start, end);
    const quote = source.startsWith('"') ? '"' : source.startsWith("'") ? "'" : undefined;
    if (node.value === null && start === end) return { start, end, newText: ` ${yamlScalar(value)}`.slice(needsSpace(target.text, start) ? 0 : 1) };
    if (/^[|>]/.test(source)) throw new EditRefused(`${path.join('.')} is a block scalar; edit it by hand`);
    // Aliases (*name) elsewhere would silently change with it.
    if (node.anchor) throw new EditRefused(`${path.join('.')} carries the anchor &${node.anchor}, which other values may use; edit it by hand`);
    return { start, end, newText: yamlScalar(value, quote) };
  }
  if (node) throw new EditRefused(`${path.join('.')} is not a single value`);
  return addField(target, path.slice(0, -1), String(path[path.length - 1]), value);
}

function needsSpace(text: string, offset: number): boolean {
  return text[offset - 1] === ':';
}

/** Adds `key: value` to the mapping at `mapPath` (after its last entry). */
export function addField(target: EditTarget, mapPath: NodePath, key: string, value: NewValue): TextEdit {
  const map = mapPath.length === 0 ? (target.doc.contents as ParsedNode | null) : nodeAt(target.doc, mapPath);
  if (!map || !isMap(map)) throw new EditRefused(`${mapPath.join('.') || 'the record'} is not a mapping`);
  if (pairAt(map.items as Pair[], key)) throw new EditRefused(`${key} already exists`);
  const { text } = target;
  if (map.flow) {
    const close = map.range[1] - 1;
    const inline = `${key}: ${inlineValue(value)}`;
    return { start: close, end: close, newText: map.items.length > 0 ? `, ${inline}` : inline };
  }
  const indent = keyColumn(text, map);
  const eol = lineEnding(text);
  const at = endOfBlock(text, map);
  const prefix = at > 0 && text[at - 1] !== '\n' ? eol : '';
  return { start: at, end: at, newText: prefix + blockEntry(key, value, ' '.repeat(indent), eol) };
}

/** Appends `item` to the list at `path`, creating the list under its parent mapping when missing. */
export function appendToList(target: EditTarget, path: NodePath, item: NewValue): TextEdit {
  const seq = nodeAt(target.doc, path);
  if (!seq) return addField(target, path.slice(0, -1), String(path[path.length - 1]), [item]);
  if (isScalar(seq) && seq.value === null) return replaceEmptyWithList(target, path, item);
  if (!isSeq(seq)) throw new EditRefused(`${path.join('.')} is not a list`);
  const { text } = target;
  if (seq.flow) {
    const close = seq.range[1] - 1;
    return { start: close, end: close, newText: seq.items.length > 0 ? `, ${inlineValue(item)}` : inlineValue(item) };
  }
  const indent = dashColumn(text, seq as YAMLSeq & ParsedNode);
  const eol = lineEnding(text);
  const at = endOfBlock(text, seq as ParsedNode);
  const prefix = at > 0 && text[at - 1] !== '\n' ? eol : '';
  return { start: at, end: at, newText: prefix + listItem(item, ' '.repeat(indent), eol) };
}

function replaceEmptyWithList(target: EditTarget, path: NodePath, item: NewValue): TextEdit {
  const parent = nodeAt(target.doc, path.slice(0, -1)) ?? (target.doc.contents as ParsedNode);
  const indent = isMap(parent) && !parent.flow ? keyColumn(target.text, parent) : 0;
  const node = nodeAt(target.doc, path)!;
  const eol = lineEnding(target.text);
  return { start: node.range[0], end: node.range[1], newText: eol + listItem(item, ' '.repeat(indent + 2), eol).replace(new RegExp(`${eol}$`), '') };
}

/** Renames the key of the last path segment, keeping its value and everything around it. */
export function renameKey(target: EditTarget, path: NodePath, newKey: string): TextEdit {
  const parent = path.length === 1 ? (target.doc.contents as ParsedNode | null) : nodeAt(target.doc, path.slice(0, -1));
  if (!parent || !isMap(parent)) throw new EditRefused(`${path.join('.')} is not in a mapping`);
  const pair = pairAt(parent.items as Pair[], path[path.length - 1]);
  const key = pair?.key as ParsedNode | undefined;
  if (!key) throw new EditRefused(`${path.join('.')} does not exist`);
  if (pairAt(parent.items as Pair[], newKey)) throw new EditRefused(`${newKey} already exists`);
  return { start: key.range[0], end: key.range[1], newText: newKey };
}

/** A whole-line comment inserted above `offset`'s line, indented like that line. */
export function commentAbove(text: string, offset: number, comment: string): TextEdit {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  // A `- key:` line: the comment goes at the dash's column.
  return { start: lineStart, end: lineStart, newText: `${indent}# ${comment}${lineEnding(text)}` };
}

function blockEntry(key: string, value: NewValue, indent: string, eol: string): string {
  if (Array.isArray(value)) {
    return `${indent}${key}:${eol}${value.map((v) => listItem(v, `${indent}  `, eol)).join('')}`;
  }
  if (typeof value === 'object') {
    return `${indent}${key}:${eol}${Object.entries(value).map(([k, v]) => blockEntry(k, v, `${indent}  `, eol)).join('')}`;
  }
  return `${indent}${key}: ${yamlScalar(value, undefined, 'block')}${eol}`;
}

function listItem(item: NewValue, indent: string, eol: string): string {
  if (typeof item === 'object' && !Array.isArray(item)) {
    const entries = Object.entries(item);
    const inner = entries.map(([k, v]) => blockEntry(k, v, `${indent}  `, eol)).join('');
    return `${indent}- ${inner.slice(indent.length + 2)}`;
  }
  if (Array.isArray(item)) return `${indent}- ${inlineValue(item)}${eol}`;
  return `${indent}- ${yamlScalar(item, undefined, 'block')}${eol}`;
}

function inlineValue(value: NewValue): string {
  if (Array.isArray(value)) return `[${value.map(inlineValue).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${inlineValue(v)}`).join(', ')}}`;
  return yamlScalar(value);
}

function keyColumn(text: string, map: YAMLMap): number {
  const first = map.items[0]?.key as ParsedNode | undefined;
  const offset = first?.range?.[0] ?? (map as unknown as ParsedNode).range[0];
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function dashColumn(text: string, seq: ParsedNode): number {
  const offset = seq.range[0];
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Where a new line after a block collection goes: the start of the line after its last content. */
function endOfBlock(text: string, node: ParsedNode): number {
  let end = node.range[1];
  // A block item's range can end in the indentation of the next line, before its sibling's `- `.
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  if (lineStart < end && text.slice(lineStart, end).trim() === '') end = lineStart;
  // Trailing blank lines inside the range belong to what follows; keep the new entry adjacent.
  while (end > 0 && text[end - 1] === '\n') {
    const prevLineStart = text.lastIndexOf('\n', end - 2) + 1;
    if (text.slice(prevLineStart, end).trim() !== '') break;
    end = prevLineStart;
  }
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline === -1 ? text.length : newline + 1;
}
