/**
 * An open-addressing hash table from a pair of token ids to its merge (rank and merged id),
 * built once. Lookups allocate nothing, unlike a `Map` keyed by a large composite number.
 */
export class MergeTable {
  private readonly lefts: Int32Array;
  private readonly rights: Int32Array;
  /** Merge rank per slot. */
  private readonly ranks: Int32Array;
  /** Merged token id per slot. */
  private readonly mergedIds: Int32Array;
  private readonly mask: number;

  /** Creates a table with room for `capacity` merges. */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.mask = size - 1;
    this.lefts = new Int32Array(size).fill(-1);
    this.rights = new Int32Array(size);
    this.ranks = new Int32Array(size);
    this.mergedIds = new Int32Array(size);
  }

  private slot(left: number, right: number): number {
    let slot = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca77)) & this.mask;
    while (this.lefts[slot] !== -1 && (this.lefts[slot] !== left || this.rights[slot] !== right)) {
      slot = (slot + 1) & this.mask;
    }
    return slot;
  }

  /**
   * Adds a merge unless the pair already has one (the first, highest-priority merge wins).
   *
   * @returns `false` when the pair was already present.
   */
  add(left: number, right: number, rank: number, mergedId: number): boolean {
    const slot = this.slot(left, right);
    if (this.lefts[slot] !== -1) return false;
    this.lefts[slot] = left;
    this.rights[slot] = right;
    this.ranks[slot] = rank;
    this.mergedIds[slot] = mergedId;
    return true;
  }

  /** The rank of the merge of `left` and `right`, or -1 when they do not merge. */
  rank(left: number, right: number): number {
    const slot = this.slot(left, right);
    return this.lefts[slot] === -1 ? -1 : this.ranks[slot]!;
  }

  /** The id `left` and `right` merge into (only valid when `rank` is not -1). */
  mergedId(left: number, right: number): number {
    return this.mergedIds[this.slot(left, right)]!;
  }
}
