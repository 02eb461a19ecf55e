import { nameKey } from '../../forces/index.js';
import type { KnownForce } from '../extraction.types.js';

/** The force a name refers to (by any of its known names), or null. */
export function resolveForce(name: string, forces: KnownForce[]): string | null {
  const key = nameKey(name);
  return forces.find((f) => f.names.some((n) => nameKey(n) === key))?.slug ?? null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every mention of a known force in running text, in order: the longest name wins where names
 * overlap ("Metropolitan Police Service" over "Metropolitan Police"). Short all-capital aliases
 * ("MPS", "GMP") must match case-sensitively as whole words.
 */
export function findForceMentions(
  text: string,
  forces: KnownForce[],
): Array<{ slug: string; name: string; start: number; end: number }> {
  const found: Array<{ slug: string; name: string; start: number; end: number }> = [];
  const names = forces
    .flatMap((f) => f.names.map((name) => ({ slug: f.slug, name })))
    .filter((n) => n.name.length >= 3)
    .sort((a, b) => b.name.length - a.name.length);
  const taken = new Uint8Array(text.length);
  for (const { slug, name } of names) {
    const acronym = /^[A-Z]{2,5}$/.test(name);
    const pattern = new RegExp(
      `\\b${escape(name)
        .replace(/\s+/g, '\\s+')
        .replace(/\band\b/g, '(?:and|&)')}\\b`,
      acronym ? 'g' : 'gi',
    );
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.subarray(start, end).some((t) => t === 1)) continue;
      taken.fill(1, start, end);
      found.push({ slug, name: m[0], start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
