// Offsets to editor positions: 0-based lines, UTF-16 columns (JavaScript string indices), CRLF-safe.
import type { Position, Range } from '../model/model';

export class LineMap {
  // Built on first use: most files of a large repository never need a position (no diagnostics),
  // and a typed array is half the memory of a number[].
  private starts: Uint32Array | undefined;
  private readonly textLength: number;

  constructor(private readonly text: string) {
    this.textLength = text.length;
  }

  /** Offsets at which each line starts; line 0 starts at 0. */
  get lineStarts(): Uint32Array {
    if (this.starts) return this.starts;
    const text = this.text;
    let count = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Uint32Array(count);
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
    return (this.starts = starts);
  }

  position(offset: number): Position {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - starts[low], offset };
  }

  /** Clamped to the text: the parser reports some errors one past its end. */
  range(start: number, end: number): Range {
    const from = Math.min(Math.max(start, 0), this.textLength);
    return { start: this.position(from), end: this.position(Math.min(Math.max(from, end), this.textLength)) };
  }

  offsetAt(line: number, character: number): number {
    return (this.lineStarts[line] ?? this.lineStarts[this.lineStarts.length - 1]) + character;
  }
}
