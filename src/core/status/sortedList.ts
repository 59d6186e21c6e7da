// A long list kept in key order while a few items come and go per edit (the urgency-sorted
// nonconformities and actions of a repository with thousands). Each item's key is computed once,
// when it enters; taking an item out finds it by binary search on that key, so one edit costs
// O(log n) comparisons and one copy of the array, never a pass that recomputes keys.
import { compareKeys } from './urgency';

export class SortedList<T extends object> {
  private list: T[];
  private readonly keys = new WeakMap<T, number[]>();

  /** `items` sorted by `key` (a stable sort: equal keys keep their order). */
  constructor(items: readonly T[], private readonly key: (item: T) => number[]) {
    const keyed = items.map((item) => ({ item, k: key(item) }));
    keyed.sort((a, b) => compareKeys(a.k, b.k));
    this.list = keyed.map(({ item, k }) => {
      this.keys.set(item, k);
      return item;
    });
  }

  /** The items in key order. A later `replace` makes a new array; this one stays as it is. */
  get items(): readonly T[] {
    return this.list;
  }

  /** Takes `removed` out and puts `added` in place, each after its equals (as a stable sort would). */
  replace(removed: readonly T[], added: readonly T[]): void {
    if (removed.length === 0 && added.length === 0) return;
    const out = this.list.slice();
    for (const item of removed) {
      const k = this.keys.get(item);
      const at = k ? this.find(out, item, k) : -1;
      if (at >= 0) out.splice(at, 1);
    }
    for (const item of added) {
      const k = this.key(item);
      this.keys.set(item, k);
      out.splice(this.upperBound(out, k), 0, item);
    }
    this.list = out;
  }

  private find(list: readonly T[], item: T, k: readonly number[]): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys(this.keys.get(list[mid])!, k) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length && compareKeys(this.keys.get(list[i])!, k) === 0; i++) if (list[i] === item) return i;
    return -1;
  }

  private upperBound(list: readonly T[], k: readonly number[]): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys(this.keys.get(list[mid])!, k) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
