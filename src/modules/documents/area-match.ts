import { nameKey } from '../forces/forces.domain.js';

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
  const key = nameKey(label);
  const exact = areas.find((a) => nameKey(a.name) === key || a.slug === key);
  if (exact) return exact;
  const contained = areas
    .filter((a) => key.includes(nameKey(a.name)) || nameKey(a.name).includes(key))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (contained) return contained;
  const mine = words(label);
  let best: { area: T; score: number } | null = null;
  for (const area of areas) {
    const theirs = words(area.name);
    const shared = [...mine].filter(
      (w) => theirs.has(w) || theirs.has(w.replace(/s$/, '')) || theirs.has(`${w}s`),
    ).length;
    const score = shared / Math.max(1, Math.min(mine.size, theirs.size));
    if (score > (best?.score ?? 0)) best = { area, score };
  }
  return best && best.score >= 0.6 ? best.area : null;
}
