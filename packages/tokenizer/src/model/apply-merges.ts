import { BinaryHeap } from './binary-heap.js';
import type { MergeTable } from './merge-table.js';

/** Rank used for pairs that do not merge. */
const noMerge = 0x7fffffff;
/** Words longer than this use the heap; shorter ones the simpler quadratic scan. */
const heapThreshold = 64;

/**
 * Applies BPE merges to one word: repeatedly merges the adjacent pair of lowest rank (the
 * leftmost one on ties) until no pair merges.
 *
 * @param symbols - The initial symbol ids; overwritten.
 * @param merges - The merge table.
 * @returns The final token ids.
 */
export function applyMerges(symbols: Int32Array, merges: MergeTable): number[] {
  return symbols.length > heapThreshold
    ? mergeWithHeap(symbols, merges)
    : mergeByScan(symbols, merges);
}

/** Quadratic but allocation-light: a rank per adjacent pair, rescanned for the minimum. */
function mergeByScan(symbols: Int32Array, merges: MergeTable): number[] {
  const rankAt = (index: number) => {
    const rank = merges.rank(symbols[index]!, symbols[index + 1]!);
    return rank < 0 ? noMerge : rank;
  };
  let length = symbols.length;
  const ranks = new Int32Array(Math.max(0, length - 1));
  for (let index = 0; index < length - 1; index++) ranks[index] = rankAt(index);
  while (length > 1) {
    let best = noMerge;
    let bestIndex = -1;
    for (let index = 0; index < length - 1; index++) {
      if (ranks[index]! < best) {
        best = ranks[index]!;
        bestIndex = index;
      }
    }
    if (bestIndex < 0) break;
    symbols[bestIndex] = merges.mergedId(symbols[bestIndex]!, symbols[bestIndex + 1]!);
    symbols.copyWithin(bestIndex + 1, bestIndex + 2, length);
    ranks.copyWithin(bestIndex, bestIndex + 1, length - 1);
    length--;
    if (bestIndex > 0) ranks[bestIndex - 1] = rankAt(bestIndex - 1);
    if (bestIndex < length - 1) ranks[bestIndex] = rankAt(bestIndex);
  }
  return Array.from(symbols.subarray(0, length));
}

/**
 * O(n log n) for long words (long whitespace runs, long CJK runs): symbols form a linked list,
 * candidate merges sit in a heap ordered by (rank, position) and are checked when popped.
 */
function mergeWithHeap(symbols: Int32Array, merges: MergeTable): number[] {
  const length = symbols.length;
  const previous = new Int32Array(length);
  const next = new Int32Array(length);
  const alive = new Uint8Array(length).fill(1);
  for (let index = 0; index < length; index++) {
    previous[index] = index - 1;
    next[index] = index + 1 < length ? index + 1 : -1;
  }
  const heap = new BinaryHeap<[number, number]>((a, b) => a[0] - b[0] || a[1] - b[1]);
  const consider = (left: number) => {
    const right = next[left]!;
    if (right < 0) return;
    const rank = merges.rank(symbols[left]!, symbols[right]!);
    if (rank >= 0) heap.push([rank, left]);
  };
  for (let index = 0; index < length - 1; index++) consider(index);
  while (heap.size > 0) {
    const [rank, left] = heap.pop()!;
    const right = next[left]!;
    if (alive[left] === 0 || right < 0 || merges.rank(symbols[left]!, symbols[right]!) !== rank) {
      continue;
    }
    symbols[left] = merges.mergedId(symbols[left]!, symbols[right]!);
    alive[right] = 0;
    next[left] = next[right]!;
    if (next[left]! >= 0) previous[next[left]!] = left;
    if (previous[left]! >= 0) consider(previous[left]!);
    consider(left);
  }
  const out: number[] = [];
  for (let index = 0; index >= 0; index = next[index]!) out.push(symbols[index]!);
  return out;
}
