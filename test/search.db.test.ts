import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportService } from '../src/modules/documents/import.service.js';
import { createSearchService } from '../src/modules/search/search.service.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './databases.js';
import { readSeed, seedsAvailable } from './seeds.js';

const SEEDS = [
  'engage-current.txt',
  'engage-previous.txt',
  'peel-2016-cleveland-effectiveness.txt',
  'pcc-response-cleveland-peel-2021-22.txt',
  'news-cleveland-2023-03.txt',
];

describe.skipIf(!seedsAvailable).each(testDatabaseKinds)('searching the record on %s', (kind) => {
  let database: TestDatabase;
  let search: ReturnType<typeof createSearchService>;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const imports = createImportService(database.db);
    for (const name of SEEDS) await imports.importDocument(new TextEncoder().encode(readSeed(name)), name);
    search = createSearchService(database.db);
  });
  afterAll(() => database.dispose());

  it('"vulnerability first point of contact" finds the Staffordshire, Wiltshire and Metropolitan reasons first', async () => {
    const results = await search.search('vulnerability first point of contact');
    const top = results.slice(0, 6);
    expect(top.every((r) => r.kind === 'engage-reason')).toBe(true);
    expect(new Set(top.map((r) => r.force.slug))).toEqual(
      new Set(['staffordshire-police', 'wiltshire-police', 'metropolitan-police-service']),
    );
    expect(top[0]!.snippetHtml).toMatch(/<mark>vulnerability<\/mark>/i);
  });

  it('stems words and searches phrases', async () => {
    const stemmed = await search.search('safeguard');
    expect(stemmed.some((r) => /safeguarding/i.test(r.text))).toBe(true);
    const phrase = await search.search('"registered sex offenders"');
    expect(phrase.length).toBeGreaterThan(0);
    expect(phrase.every((r) => /registered sex offender/i.test(r.text))).toBe(true);
    const without = await search.search('offenders -online');
    expect(without.every((r) => !/online/i.test(r.text))).toBe(true);
  });

  it('tolerates a misspelling', async () => {
    const results = await search.search('vulnerabilty');
    expect(results.length).toBeGreaterThan(0);
    expect(results[0]!.nearMatch).toBe(true);
  });

  it('filters by force and kind, and links each result to its record and its source passage', async () => {
    const results = await search.search('crime', { force: 'cleveland-police', kind: 'finding' });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.force.slug === 'cleveland-police' && r.kind === 'finding')).toBe(true);
    expect(results[0]!.url).toMatch(/^\/findings\/[0-9a-f-]{36}$/);
    expect(results[0]!.sourceUrl).toMatch(/^\/documents\/[0-9a-f-]+\?start=\d+&end=\d+#passage$/);
  });

  it('filters by area, status and programme, and says which each result has', async () => {
    const all = await search.search('crime');
    expect(all.length).toBeLessThan(200);
    const byArea = await search.search('crime', { area: 'investigat' });
    expect(byArea.length).toBeGreaterThan(0);
    expect(byArea.every((r) => /investigat/i.test(r.area ?? ''))).toBe(true);
    expect(byArea.length).toBe(all.filter((r) => /investigat/i.test(r.area ?? '')).length);
    // A pattern's own characters are taken literally.
    expect(await search.search('crime', { area: '%' })).toEqual([]);

    const open = await search.search('crime', { status: 'open' });
    const closed = await search.search('crime', { status: 'closed' });
    expect(open.every((r) => r.status === 'open' && r.statusLabel === 'Open now')).toBe(true);
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    expect(open.length + closed.length).toBe(all.filter((r) => r.status !== null).length);
    expect([...open, ...closed].every((r) => r.kind === 'finding' || r.kind === 'engage-reason')).toBe(true);
    // Staffordshire left Engage in 2024: its reasons are closed; Devon and Cornwall's are open.
    const vulnerability = await search.search('vulnerability', { status: 'closed', kind: 'engage-reason' });
    expect(vulnerability.map((r) => r.force.slug)).toContain('staffordshire-police');
    // As at a day before Staffordshire left (May 2024), its reasons were open.
    const before = await search.search('vulnerability', {
      status: 'open',
      kind: 'engage-reason',
      asAt: '2024-04-30',
    });
    expect(before.map((r) => r.force.slug)).toContain('staffordshire-police');
    const stillIn = await search.search('vulnerability', { status: 'open', kind: 'engage-reason' });
    expect(stillIn.every((r) => r.force.slug === 'devon-and-cornwall-police')).toBe(true);

    const programme = all.find((r) => r.programme !== null)?.programme;
    expect(programme).toBeTruthy();
    const inProgramme = await search.search('crime', { programme: programme! });
    expect(inProgramme.length).toBe(all.filter((r) => r.programme === programme).length);
    expect(inProgramme.every((r) => r.programme === programme)).toBe(true);
  });

  it('escapes the text of documents in snippets', async () => {
    await database.db.execute(
      sql`insert into scrutiny_meeting (force_id, held_on) select id, '2025-12-01' from force where slug = 'kent-police'`,
    );
    await database.db.execute(
      sql`insert into scrutiny_question (meeting_id, position, question) select id, 0, 'A draft question about burglary' from scrutiny_meeting where held_on = '2025-12-01'`,
    );
    // A draft meeting recorded by hand is not searchable until the LPB publishes it.
    expect(await search.search('burglary')).toEqual([]);
    await database.db.execute(
      sql`insert into scrutiny_meeting (force_id, held_on, published) select id, '2026-01-01', true from force where slug = 'kent-police'`,
    );
    await database.db.execute(
      sql`insert into scrutiny_question (meeting_id, position, question) select id, 0, 'Why <script>alert(1)</script> is the burglary rate rising?' from scrutiny_meeting where held_on = '2026-01-01'`,
    );
    const [result] = await search.search('burglary');
    expect(result!.snippetHtml).not.toMatch(/<script/i);
    expect(result!.snippetHtml).toMatch(/<mark>burglary<\/mark>/);
  });

  it('never shows what is under embargo', async () => {
    await database.db.execute(
      sql`update inspection set published_at = now() + interval '1 day' where slug = 'peel-2021-22-cleveland-police'`,
    );
    const results = await search.search('hidden harm');
    expect(results.filter((r) => r.kind === 'finding')).toEqual([]);
    await database.db.execute(
      sql`update inspection set published_at = null where slug = 'peel-2021-22-cleveland-police'`,
    );
    expect((await search.search('hidden harm')).some((r) => r.kind === 'finding')).toBe(true);
  });
});

describe.skipIf(!seedsAvailable).each(testDatabaseKinds)(
  'forces that overcame a similar concern, on %s',
  (kind) => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(kind);
      const imports = createImportService(database.db);
      for (const name of ['engage-previous.txt', 'pcc-response-cleveland-peel-2021-22.txt'])
        await imports.importDocument(new TextEncoder().encode(readSeed(name)), name);
    });
    afterAll(() => database.dispose());

    it('an open cause of concern is matched to closed ones of other forces by wording', async () => {
      const { similarResolved } = await import('../src/modules/themes/themes.similar.js');
      const { queryRows } = await import('../src/db/index.js');
      const [open] = await queryRows<{ id: string }>(
        database.db,
        sql`select f.id from finding f join force fo on fo.id = f.force_id where fo.slug = 'west-midlands-police' and f.kind = 'cause-of-concern' and f.status = 'open'`,
      );
      await database.db.execute(sql`
      insert into finding (force_id, kind, text, status, status_on)
      select id, 'cause-of-concern', 'The force is not carrying out effective investigations that lead to good results for victims.', 'closed', '2025-02'
      from force where slug = 'kent-police'`);
      await database.db.execute(sql`
      insert into finding (force_id, kind, text, status)
      select id, 'cause-of-concern', 'The force is not carrying out effective investigations that lead to good results for victims.', 'open'
      from force where slug = 'essex-police'`);
      const similar = await similarResolved(database.db, { kind: 'finding', id: open!.id });
      expect(similar[0]).toMatchObject({ kind: 'finding', forceSlug: 'kent-police', resolvedOn: '2025-02' });
      expect(
        similar.every((s) => s.forceSlug !== 'west-midlands-police' && s.forceSlug !== 'essex-police'),
      ).toBe(true);
    });

    it('keeps an imported response out of search until the LPB publishes it, as its page does', async () => {
      const { queryRows } = await import('../src/db/index.js');
      const search = createSearchService(database.db);
      const [rec] = await queryRows<{ text: string; responseId: string }>(
        database.db,
        sql`select text, response_id as "responseId" from response_recommendation order by position limit 1`,
      );
      const words = rec!.text.split(/\s+/).slice(0, 6).join(' ');
      const found = async () =>
        (await search.search(words)).some((r) => r.kind === 'response-recommendation');
      expect(await found()).toBe(false);
      await database.db.execute(sql`update response set status = 'published' where id = ${rec!.responseId}`);
      expect(await found()).toBe(true);
    });
  },
);
