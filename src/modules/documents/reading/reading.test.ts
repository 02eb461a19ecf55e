import { describe, expect, it } from 'vitest';
import { referenceForcesContext } from '../../../../test/forces-context.js';
import { documentDate, findDates, firstDate, numberOf, relativeDates } from './date-finder.js';
import { forceFinder } from './force-finder.js';
import { buildModel, listAfter, sentencesOf } from './model.js';

const { forces } = referenceForcesContext();
const finder = forceFinder(forces);
const slugs = (text: string) => finder.mentions(text).map((m) => m.slug);

describe('the document model', () => {
  const text = [
    'Northshire letter on progress',
    '',
    'Background',
    'We found three things, including:',
    '- the first thing;',
    '  - a detail of it;',
    '- the second thing; and',
    '1. a numbered one.',
    '(b) a lettered one',
    'Area | Grade',
    'Investigating crime | Good',
  ].join('\n');
  const model = buildModel(text);

  it('keeps each block with its type, marker, depth and range', () => {
    expect(model.blocks.map((b) => b.type)).toEqual([
      'heading',
      'heading',
      'paragraph',
      'item',
      'item',
      'item',
      'item',
      'item',
      'row',
      'row',
    ]);
    const detail = model.blocks[4]!;
    expect(detail).toMatchObject({ text: 'a detail of it;', depth: 1, marker: '-' });
    expect(text.slice(detail.start, detail.end)).toBe('a detail of it;');
    expect(model.blocks[6]).toMatchObject({ marker: '1.', number: '1', text: 'a numbered one.' });
    expect(model.blocks[7]).toMatchObject({ number: 'b', text: 'a lettered one' });
    expect(model.blocks[9]!.cells).toEqual(['Investigating crime', 'Good']);
    expect(model.blocks[0]!.level).toBe(1);
  });

  it('nests a list under its lead-in', () => {
    const list = listAfter(model, 2);
    expect(list.map((n) => n.block.text)).toEqual([
      'the first thing;',
      'the second thing; and',
      'a numbered one.',
      'a lettered one',
    ]);
    expect(list[0]!.children.map((n) => n.block.text)).toEqual(['a detail of it;']);
  });

  it('splits sentences without breaking at titles and initials', () => {
    const s = 'Mr. J. Smith said so. The force improved! Did it? Yes.';
    expect(sentencesOf(s, { start: 0, end: s.length }).map((x) => x.text)).toEqual([
      'Mr. J. Smith said so.',
      'The force improved!',
      'Did it?',
      'Yes.',
    ]);
  });

  it('keeps the empty first cell of a matrix row', () => {
    const m = buildModel('Grades\n | Good | Adequate\n| Investigating crime | x | ');
    expect(m.blocks.slice(1).map((b) => b.cells)).toEqual([
      ['', 'Good', 'Adequate'],
      ['', 'Investigating crime', 'x', ''],
    ]);
  });

  it('keeps decimal and lettered numbers as written', () => {
    const m = buildModel('Minutes\n27.1 The panel noted the report.\n(iv) a roman one\n3) a bracketed one');
    expect(m.blocks.slice(1).map((b) => b.number)).toEqual(['27.1', 'iv', '3']);
  });

  it('reads bullets written with symbols', () => {
    const m = buildModel('Intro text here:\n  • one\n  ▪ two\n* three');
    expect(m.blocks.slice(1).map((b) => [b.type, b.marker, b.text])).toEqual([
      ['item', '•', 'one'],
      ['item', '▪', 'two'],
      ['item', '*', 'three'],
    ]);
  });
});

describe('the force finder', () => {
  it('finds official names, aliases, places, "&" and possessives', () => {
    expect(slugs('Avon & Somerset Constabulary and GMP met the Met.')).toEqual([
      'avon-and-somerset-police',
      'greater-manchester-police',
      'metropolitan-police-service',
    ]);
    expect(slugs("Cleveland Police's plan; the people of Cleveland")).toEqual([
      'cleveland-police',
      'cleveland-police',
    ]);
    expect(slugs('Dyfed Powys Police and Dyfed-Powys')).toEqual(['dyfed-powys-police', 'dyfed-powys-police']);
  });

  it('finds a name broken over lines and prefers the longest name', () => {
    expect(slugs('the Greater\nManchester Police said')).toEqual(['greater-manchester-police']);
    expect(finder.mentions('Greater Manchester Police')).toHaveLength(1);
  });

  it('leaves other bodies, lower-case words and partial words alone', () => {
    expect(slugs('Kent Fire and Rescue Service, Durham County Council, they met in kent')).toEqual([]);
    expect(slugs('Kentish towns and Essexshire')).toEqual([]);
  });

  it('resolves a name to its force', () => {
    expect(finder.resolve('Avon & Somerset Police')).toBe('avon-and-somerset-police');
    expect(finder.resolve('Thames Valley')).toBe('thames-valley-police');
    expect(finder.resolve('Nowhere Constabulary')).toBeNull();
  });

  it('tells the subject from forces merely mentioned', () => {
    const model = buildModel(
      [
        'Wiltshire Police leaves enhanced monitoring',
        '',
        'The inspectorate said Wiltshire Police had improved, as Kent Police did before it. Wiltshire Police thanked its staff.',
      ].join('\n'),
    );
    const { subject, ranked } = finder.subject(model);
    expect(subject).toBe('wiltshire-police');
    expect(ranked.map((r) => r.slug)).toEqual(['wiltshire-police', 'kent-police']);
  });

  it('names no subject when several forces share a document equally', () => {
    const model = buildModel(
      'Kent Police and Essex Police merge their control rooms\n\nKent Police and Essex Police said so.',
    );
    expect(finder.subject(model).subject).toBeNull();
  });
});

describe('the date finder', () => {
  it('reads days, months and years at the precision written', () => {
    const text =
      'On Tuesday 21st of May, 2024 and May 3, 2023, in June 2022, on 04/07/2021, on 2020-01-31 and in 2019; not £2018, not 2021/22.';
    expect(findDates(text).map((d) => d.iso)).toEqual([
      '2024-05-21',
      '2023-05-03',
      '2022-06',
      '2021-07-04',
      '2020-01-31',
      '2019',
    ]);
  });

  it('refuses days that do not exist, keeping only the month they name', () => {
    expect(findDates('31 February 2023, 29 February 2023, 29 February 2024').map((d) => d.iso)).toEqual([
      '2023-02',
      '2023-02',
      '2024-02-29',
    ]);
  });

  it('resolves relative dates against the document date only', () => {
    const anchor = firstDate('1 March 2024');
    const text = 'published today, yesterday, last month and last year';
    expect(relativeDates(text, anchor).map((d) => d.iso)).toEqual([
      '2024-03-01',
      '2024-02-29',
      '2024-02',
      '2023',
    ]);
    expect(relativeDates(text, null)).toEqual([]);
  });

  it("finds the document's own date: labelled, a dateline, a letter's date", () => {
    expect(documentDate(buildModel('Title\nSent on\n21 May 2024\nBody'))?.iso).toBe('2024-05-21');
    expect(documentDate(buildModel('Title\nPublished: 3 May 2023\nBody'))?.iso).toBe('2023-05-03');
    expect(documentDate(buildModel('Home Office\n18 December 2023\nDear Home Secretary'))?.iso).toBe(
      '2023-12-18',
    );
    expect(documentDate(buildModel('A title\nIn 2019 something happened in May 2020.'))).toBeNull();
    expect(documentDate(buildModel('Debate\nDebated on Wednesday 29 June 2022\nText'))?.iso).toBe(
      '2022-06-29',
    );
    expect(documentDate(buildModel('News\nBroadcast 17/03/23\nText'))?.iso).toBe('2023-03-17');
  });

  it('reads number words', () => {
    expect([numberOf('three'), numberOf('12'), numberOf('Both'), numberOf('many')]).toEqual([3, 12, 2, null]);
  });
});
