// A record as reading keeps it (ismsFile.ts, and checkCache.ts when it restores a file): its
// values, the ranges rules report at (parse/rangeTable.ts) and a `doc` that is the composed
// Document while the file is read (when it was composed), else the file's text re-parsed on first
// use. `doc` is a getter of the class, not a property defined on each record: that turned every
// record into a dictionary object (~575 bytes each, and slower to read for every rule).
import type { Document } from 'yaml';
import type { RecordKind, YamlMapping } from '../model/model';
import type { IsmsRecord } from '../model/records';
import { completeRangeTables } from '../parse/cstDocuments';
import { reparsedDocument, type CompleteRanges, type RangeTable } from '../parse/rangeTable';

export class ReadRecord implements IsmsRecord {
  readonly #text: string;
  #composed: Document.Parsed | undefined;

  constructor(
    public file: string,
    public document: number,
    public kind: RecordKind | undefined,
    public id: string | undefined,
    public value: YamlMapping,
    public broken: boolean,
    public ranges: RangeTable,
    text: string,
    composed?: Document.Parsed,
  ) {
    this.#text = text;
    this.#composed = composed;
  }

  get doc(): Document.Parsed {
    return this.#composed ?? reparsedDocument(this.#text, this.document);
  }

  completeRanges(): CompleteRanges | undefined {
    return this.#composed ? undefined : completeRangeTables(this.#text)?.[this.document];
  }

  /** Lets the composed Document go (~10x the text in memory): from now on `doc` re-parses. */
  dropComposed(): void {
    this.#composed = undefined;
  }
}
