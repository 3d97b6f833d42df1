/** A binary min-heap ordered by a comparator (negative when `a` comes first). */
export class BinaryHeap<T> {
  private readonly items: T[] = [];

  /** Creates an empty heap. */
  constructor(private readonly before: (a: T, b: T) => number) {}

  /** Number of items. */
  get size(): number {
    return this.items.length;
  }

  /** Adds an item. */
  push(item: T): void {
    const items = this.items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.before(items[index]!, items[parent]!) >= 0) break;
      [items[index], items[parent]] = [items[parent]!, items[index]!];
      index = parent;
    }
  }

  /** Removes and returns the first item, or `undefined` when empty. */
  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let first = index;
      if (left < items.length && this.before(items[left]!, items[first]!) < 0) first = left;
      if (right < items.length && this.before(items[right]!, items[first]!) < 0) first = right;
      if (first === index) break;
      [items[index], items[first]] = [items[first]!, items[index]!];
      index = first;
    }
    return top;
  }
}
