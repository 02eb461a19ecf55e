import { load, type CheerioAPI } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagePeriodSources, engagePeriods, engageReasons } from '../../src/db/schema.js';
import type { ExtractedEngagePeriod, ExtractedReason } from '../../src/modules/documents/extraction.types.js';
import { normaliseText } from '../../src/modules/documents/formats.js';
import { createImportService } from '../../src/modules/documents/import.service.js';
import {
  parseEngageCurrent,
  parseEngagePrevious,
} from '../../src/modules/documents/parsers/engage.parser.js';
import { format, parseIso } from '../../src/shared/partial-date.js';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabaseKinds } from '../databases.js';
import { referenceForcesContext } from '../forces-context.js';
import { readSeed, seedsAvailable } from '../seeds.js';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const flatten = (reasons: ExtractedReason[]): string[] =>
  reasons.flatMap((r) => [squash(r.text), ...flatten(r.items)]);

/** What a period's block on the page says: its dates and every reason, nested ones included. */
function blockOf($: CheerioAPI, forceName: string) {
  const block = $('main h2')
    .filter((_, h) => $(h).text().trim() === forceName)
    .first()
    .parent();
  const value = (key: string) =>
    squash(
      block
        .find('.govuk-summary-list__row')
        .filter((_, r) => $(r).find('.govuk-summary-list__key').text().trim() === key)
        .find('.govuk-summary-list__value')
        .text(),
    );
  const reasonsAfter = (heading: string) =>
    block
      .find('h3')
      .filter((_, h) => $(h).text().trim() === heading)
      .nextAll('ul, ol')
      .first()
      .children('li')
      .map((_, li) => [
        squash($(li).clone().children('ul, ol, strong, a, details').remove().end().text()),
        ...$(li)
          .find('li')
          .map((_, nested) =>
            squash($(nested).clone().children('ul, ol, strong, a, details').remove().end().text()),
          )
          .get(),
      ])
      .get();
  /** The list element after a heading, and the paragraphs between them and after it. */
  const listAfter = (heading: string) =>
    block
      .find('h3')
      .filter((_, h) => $(h).text().trim() === heading)
      .nextUntil('h3');
  return { value, reasonsAfter, listAfter, text: squash(block.text()) };
}

describe.skipIf(!seedsAvailable).each(testDatabaseKinds)(
  'the Engage pages, generated from the imported seed pages, on %s',
  (kind) => {
    let t: TestApp;
    const context = referenceForcesContext();
    beforeAll(async () => {
      t = await createTestApp(kind);
      // Only what the two seed pages say: no reference periods.
      for (const table of [engageReasons, engagePeriodSources, engagePeriods])
        await t.database.db.delete(table);
    });
    afterAll(() => t.close());
    const page = async (url: string) =>
      load((await t.app.inject({ url, headers: { accept: 'text/html' } })).body);
    const importSeed = (name: string) =>
      createImportService(t.database.db).importDocument(new TextEncoder().encode(readSeed(name)), name);

    it('/engage shows every force, entry date and reason of the current list, with time in Engage', async () => {
      await importSeed('engage-current.txt');
      const expected: ExtractedEngagePeriod[] = parseEngageCurrent(
        normaliseText(readSeed('engage-current.txt')),
        context,
      ).engagePeriods;
      const $ = await page('/engage');
      const shown = $('main h2')
        .map((_, h) => $(h).text().trim())
        .get();
      expect(shown).toEqual(
        expected.map((p) => p.forceName.replace(/^Metropolitan Police$/, 'Metropolitan Police Service')),
      );
      for (const p of expected) {
        const block = blockOf($, shown[expected.indexOf(p)]!);
        expect(block.value('Entered Engage')).toBe(format(parseIso(p.entered!)));
        expect(block.value('Time in Engage')).toMatch(/year/);
        expect(block.reasonsAfter(p.entryReasons.length === 1 ? 'Reason' : 'Reasons')).toEqual(
          flatten(p.entryReasons),
        );
      }
    });

    it('/engage/previous shows every force, exit and entry date, reason and cause of concern with its closure date', async () => {
      await importSeed('engage-previous.txt');
      const expected = parseEngagePrevious(
        normaliseText(readSeed('engage-previous.txt')),
        context,
      ).engagePeriods;
      const $ = await page('/engage/previous');
      for (const p of expected) {
        const block = blockOf($, p.forceName);
        expect(block.value('Moved out of Engage'), p.forceName).toBe(format(parseIso(p.exited!)));
        expect(block.value('Entered Engage'), p.forceName).toBe(format(parseIso(p.entered!)));
        expect(block.reasonsAfter('Why it left'), p.forceName).toEqual(flatten(p.exitReasons));
        expect(block.reasonsAfter('Why it entered'), p.forceName).toEqual(flatten(p.entryReasons));
        // The wording around the exit list, and numbered lists numbered as the page numbers them.
        const left = block.listAfter('Why it left');
        expect(squash(left.filter('p').first().text()), p.forceName).toBe(squash(p.exitIntro?.text ?? ''));
        if (p.exitNote)
          expect(squash(left.filter('p').last().text()), p.forceName).toBe(squash(p.exitNote.text));
        const entered = block.listAfter('Why it entered').filter('ul, ol').first();
        expect(entered.is('ol'), p.forceName).toBe(p.entryReasons.every((r) => r.numbered));
        for (const coc of p.causesOfConcern.flatMap((c) => [c, ...c.items])) {
          if (coc.status === 'closed' && coc.closedOn)
            expect(block.text, coc.text).toContain(`Closed ${format(parseIso(coc.closedOn))}`);
        }
      }
      // The Met's list is numbered 1 to 6 as HMICFRS numbers it, its two closure lines in place.
      const met = blockOf($, 'Metropolitan Police Service').listAfter('Why it entered').filter('ol').first();
      expect(met.children('li')).toHaveLength(6);
      expect(squash(met.children('li').eq(1).text())).toMatch(
        /^These causes of concern were closed during 2024\./,
      );

      // The open API carries the same layout: the intro, the note, and which items were numbered.
      type ApiReason = {
        id: string;
        url: string;
        numbered: boolean;
        text: string | null;
        items?: ApiReason[];
      };
      const api = (await t.app.inject({ url: '/api/v1/engage?status=previous' })).json<{
        data: Array<{
          force: { name: string };
          exitIntro: string | null;
          exitNote: string | null;
          entryReasons: ApiReason[];
        }>;
      }>();
      const layoutOf = (rs: Array<ExtractedReason | ApiReason>): Array<[string, boolean]> =>
        rs.flatMap((r) => [[squash(r.text ?? ''), r.numbered === true], ...layoutOf(r.items ?? [])]);
      for (const p of expected) {
        const period = api.data.find((d) => d.force.name === p.forceName)!;
        expect(period.exitIntro ?? null, p.forceName).toBe(p.exitIntro?.text ?? null);
        expect(period.exitNote ?? null, p.forceName).toBe(p.exitNote?.text ?? null);
        expect(layoutOf(period.entryReasons), p.forceName).toEqual(layoutOf(p.entryReasons));
        expect(period.entryReasons[0]?.url).toBe(`/engage/reasons/${period.entryReasons[0]?.id}`);
      }

      // The force still in Engage on the current list that the previous list does not close stays current.
      const current = await page('/engage');
      expect(
        current('main h2')
          .map((_, h) => current(h).text().trim())
          .get(),
      ).toEqual(['Devon and Cornwall Police']);
    });

    it('asAt gives each cause of concern as it stood: the Met’s 101 concern open until 13 November 2024', async () => {
      type Reason = { text: string | null; causeOfConcern: { status: string } | null; items?: Reason[] };
      const concerns = async (asAt: string) => {
        const res = await t.app.inject({
          url: `/api/v1/engage?force=metropolitan-police-service&asAt=${asAt}`,
        });
        const [period] = res.json<{ data: Array<{ entryReasons: Reason[] }> }>().data;
        const all = (rs: Reason[]): Reason[] => rs.flatMap((r) => [r, ...all(r.items ?? [])]);
        return all(period!.entryReasons)
          .filter((r) => r.causeOfConcern)
          .map((r) => [r.text!, r.causeOfConcern!.status]);
      };
      const calls = (rows: string[][]) => rows.find(([text]) => text!.includes('101 calls'))![1];
      expect(calls(await concerns('2024-11-12'))).toBe('open');
      expect(calls(await concerns('2024-11-13'))).toBe('closed');
      // The five closed "during 2024" count as closed once 2024 has passed; the three of January
      // 2025 once January has.
      const endOf2024 = await concerns('2024-12-31');
      expect(endOf2024.filter(([, s]) => s === 'closed')).toHaveLength(6);
      expect(endOf2024.filter(([, s]) => s === 'open')).toHaveLength(3);
      expect((await concerns('2025-01-31')).every(([, s]) => s === 'closed')).toBe(true);
      // The force page as at a day shows the same.
      const page = load(
        (
          await t.app.inject({
            url: '/forces/metropolitan-police-service?asAt=2024-11-12',
            headers: { accept: 'text/html' },
          })
        ).body,
      );
      const item = page('li')
        .filter((_, li) => page(li).text().includes('answers 101 calls'))
        .first();
      expect(item.find('.govuk-tag').first().text().trim()).toBe('Open');
    });
  },
);
