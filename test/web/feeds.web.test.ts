import { load } from 'cheerio';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabaseKinds } from '../databases.js';

describe.each(testDatabaseKinds)('Atom feeds on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { PUBLIC_URL: 'https://oversight.example' });
  });
  afterAll(() => t.close());
  const xml = async (url: string) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
    return load(res.body, { xml: true });
  };

  it('the Engage feed has an entry for every move, newest first', async () => {
    const $ = await xml('/feeds/engage.atom');
    const titles = $('entry > title')
      .map((_, e) => $(e).text())
      .get();
    expect(titles).toHaveLength(19);
    expect(titles[0]).toBe('Devon and Cornwall Police moved out of Engage');
    expect(titles).toContain('Lincolnshire Police moved into Engage');
    expect($('feed > id').text()).toBe('https://oversight.example/feeds/engage.atom');
  });

  it('the inspections feed lists published inspections and hides embargoed ones', async () => {
    await t.database.db.execute(
      sql`insert into inspection (slug, title, type, published_on, published_at) values ('feed-embargo', 'Not yet public', 'thematic', '2099-01-01', now() + interval '1 day')`,
    );
    const $ = await xml('/feeds/inspections.atom');
    const titles = $('entry > title')
      .map((_, e) => $(e).text())
      .get();
    expect(titles).toContain('PEEL 2021/22 – An inspection of Cleveland Police');
    expect(titles).not.toContain('Not yet public');
  });

  it('the status-changes feed lists findings that closed, per force too', async () => {
    await t.database.db.execute(sql`
      insert into finding (force_id, kind, text, status, status_on) select id, 'cause-of-concern', 'A concern written for this test.', 'closed', '2025-03' from force where slug = 'kent-police'`);
    await t.database.db.execute(sql`
      insert into finding_event (finding_id, status, occurred_on, actor) select id, 'closed', '2025-03', 'test' from finding where text = 'A concern written for this test.'`);
    const $ = await xml('/feeds/status-changes.atom');
    expect($('entry > title').first().text()).toBe('Kent Police: a finding is now closed');
    const other = await xml('/feeds/status-changes.atom?force=essex-police');
    expect(other('entry')).toHaveLength(0);
  });

  it('a force has its own feed', async () => {
    const $ = await xml('/forces/cleveland-police/feed.atom');
    expect(
      $('entry > title')
        .map((_, e) => $(e).text())
        .get(),
    ).toEqual(
      expect.arrayContaining(['Cleveland Police moved out of Engage', 'Cleveland Police moved into Engage']),
    );
  });
});
