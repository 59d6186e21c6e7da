// What was last derived from a few files' texts (a re-parsed Document, a complete range table):
// rules and edits ask about several nodes of one file in a row, and each derivation reads the
// whole file again. Keyed by the text itself, so a changed file never gets a stale answer.
export class RecentTexts<T> {
  readonly #entries: Array<{ text: string; value: T }> = [];

  constructor(private readonly size: number) {}

  get(text: string, derive: (text: string) => T): T {
    let entry = this.#entries.find((e) => e.text === text);
    if (!entry) {
      entry = { text, value: derive(text) };
      this.#entries.unshift(entry);
      if (this.#entries.length > this.size) this.#entries.pop();
    }
    return entry.value;
  }
}
