import { describe, expect, it } from 'vitest';
import { readSeed, seedsAvailable } from '../../../test/seeds.js';
import { classify } from './classify.js';

describe.skipIf(!seedsAvailable)('classifying the seed documents by content', () => {
  it.each([
    ['engage-current.txt', 'engage-current'],
    ['engage-previous.txt', 'engage-previous'],
    ['peel-2016-cleveland-effectiveness.txt', 'peel-report'],
    ['pcc-response-cleveland-peel-2021-22.txt', 'pcc-response'],
    ['news-cleveland-2023-03.txt', 'news'],
  ])('%s is %s, with reasons', (file, kind) => {
    const result = classify(readSeed(file));
    expect(result.kind).toBe(kind);
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.reasons.length).toBeGreaterThan(0);
  });
});

describe('classifying other content', () => {
  it.each([
    ['empty text', ''],
    ['a shopping list', 'Milk\nBread\nEggs\n'],
    ['a recipe that mentions the police once', 'Mix flour and water. Bake. The police were not involved.'],
  ])('%s is unknown, with a reason', (_name, text) => {
    const result = classify(text);
    expect(result.kind).toBe('unknown');
    expect(result.confidence).toBe(0);
    expect(result.reasons[0]).toBeTruthy();
  });

  it('a press release about a force leaving Engage is news', () => {
    const text = [
      'Kent Police removed from enhanced monitoring',
      'News release, 3 February 2026',
      'The inspectorate has moved Kent Police out of special measures after improvements in call handling.',
      'Chief Constable Alan Example said: “Our officers have worked hard for this.”',
    ].join('\n');
    expect(classify(text).kind).toBe('news');
  });
});
