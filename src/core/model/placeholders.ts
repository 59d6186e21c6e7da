// Placeholders: what scaffolds leave for the user to fill in, a string value whose trimmed text
// starts with `<` and ends with `>` (e.g. `owner: <who is responsible>`). Such a value is reported
// once, as `placeholder-text`; the schema, invalid-date and unknown-reference checks and the other
// rules skip it, as they skip any value they cannot read.
import type { NodePath, YamlValue } from './model';

export function isPlaceholder(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const trimmed = value.trim();
  return trimmed.length >= 2 && trimmed.startsWith('<') && trimmed.endsWith('>');
}

const memo = new WeakMap<object, readonly NodePath[]>();

/** The paths of every placeholder in `value` (a record's mapping), in document order. */
export function placeholderPaths(value: { [key: string]: YamlValue }): readonly NodePath[] {
  let paths = memo.get(value);
  if (!paths) {
    const found: NodePath[] = [];
    collect(value, [], found);
    memo.set(value, (paths = found));
  }
  return paths;
}

// One path array reused while walking (records can have 100,000 keys); copied only on a hit.
function collect(value: YamlValue, path: Array<string | number>, out: NodePath[]): void {
  if (typeof value === 'string') {
    if (value.includes('<') && isPlaceholder(value)) out.push([...path]);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      collect(value[i], path, out);
      path.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      path.push(key);
      collect(value[key], path, out);
      path.pop();
    }
  }
}

/** True when `path` is a placeholder or lies inside one (nothing lies inside a string, but paths may point past it). */
export function atPlaceholder(placeholders: readonly NodePath[], path: NodePath): boolean {
  return placeholders.some((p) => p.length <= path.length && p.every((segment, i) => path[i] === segment));
}
