/**
 * How LinkedIn lays out a post's images in the feed: one alone; two side by
 * side; three as one large above two; four or more as one large above three,
 * the last of those marked "+N" for the images not shown.
 */
export interface FeedGrid {
  layout: 'one' | 'two' | 'three' | 'four';
  /** Indexes of the images shown, in order. */
  shown: number[];
  /** Images not shown, counted on the last tile ("+N"); 0 for none. */
  more: number;
}

export function feedGrid(count: number): FeedGrid {
  if (count <= 1) return { layout: 'one', shown: count === 1 ? [0] : [], more: 0 };
  if (count === 2) return { layout: 'two', shown: [0, 1], more: 0 };
  if (count === 3) return { layout: 'three', shown: [0, 1, 2], more: 0 };
  return { layout: 'four', shown: [0, 1, 2, 3], more: count - 4 };
}

/** Moves one item of a list from `from` to `to` (both clamped), as a reorder by drag or keys does. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const target = Math.max(0, Math.min(next.length - 1, to));
  if (from < 0 || from >= next.length || from === target) return next;
  const [item] = next.splice(from, 1);
  next.splice(target, 0, item!);
  return next;
}
