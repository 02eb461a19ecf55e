import { describe, expect, it } from 'vitest';
import { referenceForcesContext } from '../../../../test/forces-context.js';
import { readSeed, seedsAvailable } from '../../../../test/seeds.js';
import { ExtractionError } from '../extraction.types.js';
import { parseNews } from './news.parser.js';

const context = referenceForcesContext();

describe.skipIf(!seedsAvailable)('the seed news article', () => {
  const text = seedsAvailable ? readSeed('news-cleveland-2023-03.txt') : '';
  const { mentions } = seedsAvailable ? parseNews(text, context) : { mentions: [] };

  it('is about Cleveland Police, dated 17 March 2023', () => {
    expect(new Set(mentions.map((m) => m.force))).toEqual(new Set(['cleveland-police']));
    expect(mentions.every((m) => m.date === '2023-03-17')).toBe(true);
  });

  it('reports the publication with grade counts across ten areas, and that the force remains in Engage', () => {
    const report = mentions.find((m) => m.event === 'report-published')!;
    expect(report.gradeCounts).toEqual({ good: 1, adequate: 4, 'requires-improvement': 3, inadequate: 2 });
    expect(report.areasAssessed).toBe(10);
    expect(report.quotedRecommendations).toHaveLength(5);
    expect(mentions.map((m) => m.event)).toContain('remains-in-engage');
  });

  it('points every item at the passage it came from', () => {
    for (const m of mentions) {
      expect(m.source.end).toBeGreaterThan(m.source.start);
      for (const r of m.quotedRecommendations)
        expect(text.slice(r.source.start, r.source.end)).toContain(r.text.slice(0, 20));
    }
    const report = mentions.find((m) => m.event === 'report-published')!;
    expect(text.slice(report.source.start, report.source.end)).toMatch(/good.*inadequate/s);
  });
});

describe('news articles written for these tests', () => {
  it('recognises a force by a variant name and a move out of Engage', () => {
    const text =
      'GMP removed from enhanced monitoring\nPublished 28 October 2022\nGreater Manchester Police has been taken out of Engage.';
    const [mention] = parseNews(text, context).mentions;
    expect(mention).toMatchObject({
      force: 'greater-manchester-police',
      event: 'left-engage',
      date: '2022-10-28',
    });
  });

  it('recognises a move into special measures with a day-first date', () => {
    const text =
      'Published: 11/03/2024\nNottinghamshire Police has been placed into special measures by the inspectorate.';
    expect(parseNews(text, context).mentions[0]).toMatchObject({
      force: 'nottinghamshire-police',
      event: 'entered-engage',
      date: '2024-03-11',
    });
  });

  it('refuses an article that names no force', () => {
    expect(() => parseNews('The council was placed into special measures.', context)).toThrow(
      ExtractionError,
    );
  });
});
