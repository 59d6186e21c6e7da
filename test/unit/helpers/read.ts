// Shared helpers for unit tests that read a single ISMS file in memory.
import { readIsmsFile } from '../../../src/core/reading/ismsFile';
import type { IsmsDiagnostic } from '../../../src/core/model/model';

export function read(text: string, path = 'isms/test.yaml'): IsmsDiagnostic[] {
  return readIsmsFile(path, text).diagnostics;
}

/** 0-based line and UTF-16 column of the `n`th occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string, n = 0): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i <= n; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`'${needle}' not found in fixture text`);
  }
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export function start(d: IsmsDiagnostic): { line: number; character: number } {
  return { line: d.range.start.line, character: d.range.start.character };
}

export function end(d: IsmsDiagnostic): { line: number; character: number } {
  return { line: d.range.end.line, character: d.range.end.character };
}
