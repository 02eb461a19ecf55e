import { nameKey } from '../forces/index.js';

const STOP = new Set([
  'the',
  'and',
  'of',
  'to',
  'a',
  'in',
  'at',
  'is',
  'how',
  'effective',
  'force',
  'forces',
  'its',
  'with',
  'for',
  'are',
  'it',
  'from',
]);
const words = (s: string) =>
  new Set(
    nameKey(s)
      .split('-')
      .filter((w) => w.length > 1 && !STOP.has(w)),
  );

/**
 * The programme area an area label from a document refers to: "How effective is the force at
 * protecting those who are vulnerable from harm, and supporting victims?" → that area. Exact key,
 * then containment, then the best word overlap above a threshold; null when nothing is close.
 */
export function matchArea<T extends { name: string; slug: string }>(label: string, areas: T[]): T | null {
  const known = keysOf(areas);
  const key = nameKey(label);
  const exact = areas.find((a, i) => known[i]!.key === key || a.slug === key);
  if (exact) return exact;
  let contained: T | null = null;
  for (const [i, a] of areas.entries()) {
    const theirs = known[i]!.key;
    if (
      (key.includes(theirs) || theirs.includes(key)) &&
      (!contained || a.name.length > contained.name.length)
    )
      contained = a;
  }
  if (contained) return contained;
  const mine = words(label);
  let best: { area: T; score: number } | null = null;
  for (const [i, area] of areas.entries()) {
    const theirs = known[i]!.words;
    const shared = [...mine].filter(
      (w) => theirs.has(w) || theirs.has(w.replace(/s$/, '')) || theirs.has(`${w}s`),
    ).length;
    const score = shared / Math.max(1, Math.min(mine.size, theirs.size));
    if (score > (best?.score ?? 0)) best = { area, score };
  }
  return best && best.score >= 0.6 ? best.area : null;
}

/** The areas' keys and words, worked out once per list of areas (matching runs per line of a report). */
const KEYS = new WeakMap<object, Array<{ key: string; words: Set<string> }>>();
function keysOf(areas: Array<{ name: string }>): Array<{ key: string; words: Set<string> }> {
  let keys = KEYS.get(areas);
  if (!keys || keys.length !== areas.length) {
    keys = areas.map((a) => ({ key: nameKey(a.name), words: words(a.name) }));
    KEYS.set(areas, keys);
  }
  return keys;
}
