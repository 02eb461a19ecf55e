import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEX_LAYOUT } from './forces.hexmap.js';

const { forces } = JSON.parse(
  readFileSync(new URL('../../../reference/forces.json', import.meta.url), 'utf8'),
) as { forces: Array<{ slug: string }> };

describe('the hexagon map layout', () => {
  it('places every one of the 43 forces exactly once', () => {
    expect(HEX_LAYOUT.map((h) => h.slug).sort()).toEqual(forces.map((f) => f.slug).sort());
  });
  it('puts no two forces in the same cell and gives each a unique code', () => {
    expect(new Set(HEX_LAYOUT.map((h) => `${h.col},${h.row}`)).size).toBe(43);
    expect(new Set(HEX_LAYOUT.map((h) => h.code)).size).toBe(43);
  });
});
