import { describe, expect, it } from 'vitest';
import { emptyExtracted } from './extraction.types.js';
import { readItems } from './import.items.js';

describe('what was read, for the review page', () => {
  const text = 'Kent Police PEEL 2023–25. Investigating crime: good. Kent Police entered Engage in 2021.';
  it('lists every value with its range and passage, in document order', () => {
    const extracted = emptyExtracted();
    extracted.mentions.push({
      force: 'kent-police',
      forceName: 'Kent Police',
      event: 'entered-engage',
      date: '2021',
      gradeCounts: null,
      areasAssessed: null,
      quotedRecommendations: [],
      conflicts: [],
      source: { start: 53, end: 89 },
    });
    extracted.inspections.push({
      force: 'kent-police',
      forceName: 'Kent Police',
      programme: 'peel-2023-25',
      title: 'PEEL 2023–25',
      published: null,
      type: 'peel',
      judgements: [{ area: 'Investigating crime', grade: 'good', source: { start: 26, end: 52 } }],
      findings: [],
      source: { start: 0, end: 25 },
    });
    const items = readItems(extracted, text);
    expect(items.map((i) => [i.item, i.value, i.passage])).toEqual([
      ['inspection', 'PEEL 2023–25 (Kent Police; peel-2023-25)', 'Kent Police PEEL 2023–25.'],
      ['judgement', 'Investigating crime: good', 'Investigating crime: good.'],
      ['mention', 'Kent Police: entered engage 2021', 'Kent Police entered Engage in 2021.'],
    ]);
    expect(items[1]!.source).toEqual({ start: 26, end: 52 });
  });
});
