import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentReport } from '../../src/modules/documents/import.report.js';
import { createTestApp, type TestApp } from '../app.js';
import { accountSession, type Session } from '../auth.js';
import { testDatabaseKinds } from '../databases.js';
import { readSeed, seedsAvailable } from '../seeds.js';

const TOKEN = 'a-test-import-token-0123456789';

function multipart(
  session: Session | null,
  fields: Record<string, string>,
  file?: { name: string; content: string },
) {
  const boundary = '----oversight-test-boundary';
  const all = session ? { _csrf: session.csrf, ...fields } : fields;
  const parts = Object.entries(all).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  if (file) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="${file.name}"\r\nContent-Type: text/plain\r\n\r\n${file.content}\r\n`,
    );
  }
  return {
    payload: `${parts.join('')}--${boundary}--\r\n`,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      accept: 'text/html',
      ...(session ? { cookie: session.cookie } : {}),
    },
  };
}

describe.skipIf(!seedsAvailable).each(testDatabaseKinds)('importing through the server on %s', (kind) => {
  let t: TestApp;
  let off: TestApp;
  let inspector: Session;
  let force: Session;
  beforeAll(async () => {
    [t, off] = await Promise.all([createTestApp(kind, { IMPORT_TOKEN: TOKEN }), createTestApp(kind)]);
    inspector = await accountSession(t, 'inspectorate');
    force = await accountSession(t, 'force', 'cleveland-police');
  });
  afterAll(async () => {
    await Promise.all([t.close(), off.close()]);
  });
  const post = (app: TestApp, body: string, token?: string, query = '') =>
    app.app.inject({
      method: 'POST',
      url: `/api/v1/imports${query}`,
      headers: {
        'content-type': 'application/octet-stream',
        'x-file-name': 'news.txt',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      payload: Buffer.from(body),
    });

  it('the API refuses imports without a token, with a wrong token, and from accounts that may not import', async () => {
    expect((await post(off, 'x', TOKEN)).statusCode).toBe(401);
    expect((await post(t, 'x')).statusCode).toBe(401);
    const wrong = await post(t, 'x', 'not-the-token-at-all');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'unauthorised' });
    expect((await post(t, 'x', force.token)).statusCode).toBe(403);
  });

  it('an inspectorate account’s API token may import', async () => {
    const res = await post(t, 'Shopping: eggs, flour.', inspector.token, '?dryRun=true');
    expect(res.statusCode).toBe(422);
  });

  it('the upload page is for accounts that may import, and needs the form’s token', async () => {
    const anonymous = await t.app.inject({ url: '/import', headers: { accept: 'text/html' } });
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe('/sign-in?next=%2Fimport');
    expect((await t.app.inject({ url: '/import', headers: { cookie: force.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/import', headers: { cookie: inspector.cookie } })).statusCode).toBe(
      200,
    );
    const forged = multipart(
      { ...inspector, csrf: 'forged' },
      { mode: 'check' },
      { name: 'a.txt', content: 'x' },
    );
    const res = await t.app.inject({ method: 'POST', url: '/import', ...forged });
    expect(res.statusCode).toBe(403);
    expect(res.body).toMatch(/This form has expired/);
  });

  it('the API checks, imports, then finds the same document unchanged', async () => {
    const news = readSeed('news-cleveland-2023-03.txt');
    const check = await post(t, news, TOKEN, '?dryRun=true');
    expect(check.statusCode).toBe(200);
    expect(check.json<DocumentReport>()).toMatchObject({
      status: 'would-import',
      kind: 'news',
      format: 'text',
    });
    const imported = await post(t, news, TOKEN);
    expect(imported.statusCode).toBe(201);
    expect(imported.json<DocumentReport>().status).toBe('imported');
    const again = await post(t, news, TOKEN);
    expect(again.json<DocumentReport>().status).toBe('unchanged');
    const junk = await post(t, 'Shopping: eggs, flour.', TOKEN);
    expect(junk.statusCode).toBe(422);
    expect(junk.json<DocumentReport>()).toMatchObject({
      status: 'rejected',
      error: expect.stringMatching(/Not a document/) as unknown,
    });
  });

  it('the force page lists the conflict the news article raised, linked to its document', async () => {
    const page = load((await t.app.inject({ url: '/forces/cleveland-police' })).body);
    expect(page('#conflicts').text()).toMatch(/counts 4 area\(s\) graded adequate; 3 recorded/);
    const href = page('#conflicts a').attr('href')!;
    expect((await t.app.inject({ url: href })).statusCode).toBe(200);
  });

  it('the upload page checks a document and shows what would change, without writing', async () => {
    const form = multipart(
      inspector,
      { mode: 'check' },
      { name: 'previous.txt', content: readSeed('engage-previous.txt') },
    );
    const res = await t.app.inject({ method: 'POST', url: '/import', ...form });
    expect(res.statusCode).toBe(200);
    const $ = load(res.body);
    expect($('h1').text()).toBe('Check the import');
    expect($('.govuk-summary-list').text()).toMatch(/Would be imported/);
    expect($('.govuk-summary-list').text()).toMatch(/engage-previous/);
    // What was read: every value with its passage and character range.
    const read = $('table:contains("Values read from the document")');
    expect(read.find('tbody tr').length).toBeGreaterThan(5);
    expect(read.find('tbody').text()).toMatch(/Engage period/);
    expect(read.find('tbody').text()).toMatch(/characters \d+–\d+/);
    const list = load((await t.app.inject({ url: '/import', headers: { cookie: inspector.cookie } })).body);
    expect(list('main').text()).not.toMatch(/previous\.txt/);
  });

  it('the upload page imports, and the record links to the highlighted passage', async () => {
    const form = multipart(
      inspector,
      { mode: 'import' },
      { name: 'peel-2016.txt', content: readSeed('peel-2016-cleveland-effectiveness.txt') },
    );
    const res = await t.app.inject({ method: 'POST', url: '/import', ...form });
    const result = load(res.body);
    expect(result('.govuk-summary-list').text()).toMatch(/Imported/);
    // Each value read opens the stored document at its passage.
    const judgement = result('tbody tr:contains("judgement") a[href^="/documents/"]').first().attr('href')!;
    expect(judgement).toMatch(/\?start=\d+&end=\d+#passage$/);
    const graded = load((await t.app.inject({ url: judgement })).body);
    expect(graded('mark#passage').text().length).toBeGreaterThan(0);
    const inspection = load(
      (await t.app.inject({ url: '/inspections/peel-2016-effectiveness-cleveland-police' })).body,
    );
    expect(inspection('h2').text()).toMatch(/Areas for improvement/);
    const link = inspection('a[href^="/documents/"]').first().attr('href')!;
    const passage = load((await t.app.inject({ url: link })).body);
    expect(passage('mark#passage').text()).toMatch(/The force should/);
  });

  it('the upload page explains what is missing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/import',
      ...multipart(inspector, { mode: 'check' }),
    });
    expect(res.statusCode).toBe(400);
    const $ = load(res.body);
    expect($('.govuk-error-summary').text()).toMatch(/Select a document to import/);
    expect($('title').text()).toMatch(/^Error: /);
  });

  it('a document id that does not exist is a 404', async () => {
    expect((await t.app.inject({ url: '/documents/00000000-0000-0000-0000-000000000000' })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ url: '/documents/not-a-uuid' })).statusCode).toBe(404);
  });
});
