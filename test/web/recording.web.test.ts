import { load } from 'cheerio';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { createTestApp, type TestApp } from '../app.js';
import { accountSession, apiAs, formPost, pageAs, type Session } from '../auth.js';
import { testDatabaseKinds } from '../databases.js';

type Json = Record<string, unknown>;
type InspectionData = {
  slug: string;
  title: string;
  embargoed: boolean;
  version: number;
  forces: string[];
  judgements: Array<{ force: string; area: string; grade: string | null }>;
};

describe.each(testDatabaseKinds)('recording by hand on %s', (kind) => {
  let t: TestApp;
  let inspector: Session;
  let force: Session;
  const count = async (table: string) =>
    Number(
      (
        await queryRows<{ n: string }>(t.database.db, sql`select count(*) as n from ${sql.identifier(table)}`)
      )[0]!.n,
    );
  const audits = (entity: string, id: string) =>
    queryRows<{ action: string; actor: string; before: Json | null; after: Json | null }>(
      t.database.db,
      sql`select action, actor, before, after from audit_event where entity = ${entity} and entity_id = ${id} order by at, id`,
    );
  const inspectionId = async (slug: string) =>
    (await queryRows<{ id: string }>(t.database.db, sql`select id from inspection where slug = ${slug}`))[0]!
      .id;
  const createInspection = async (body: Json) => {
    const res = await apiAs(t, inspector, 'POST', '/api/v1/inspections', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ data: InspectionData }>().data;
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    [inspector, force] = await Promise.all([
      accountSession(t, 'inspectorate'),
      accountSession(t, 'force', 'cleveland-police'),
    ]);
  });
  afterAll(() => t.close());

  it('documents every recording endpoint in the OpenAPI description, under its tag', async () => {
    const paths = (await t.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json<{
      paths: Record<string, Record<string, { tags: string[] }>>;
    }>().paths;
    expect(paths['/api/v1/inspections']!.post!.tags).toEqual(['inspections']);
    expect(paths['/api/v1/inspections/{slug}']!.patch!.tags).toEqual(['inspections']);
    expect(paths['/api/v1/findings']!.post!.tags).toEqual(['findings']);
    expect(paths['/api/v1/findings/{id}']!.patch!.tags).toEqual(['findings']);
    expect(paths['/api/v1/engage']!.post!.tags).toEqual(['engage']);
    expect(paths['/api/v1/engage/{id}']!.patch!.tags).toEqual(['engage']);
  });

  describe('inspections through the API', () => {
    it('records an inspection with grades on its programme’s areas, and audits it', async () => {
      const data = await createInspection({
        title: 'PEEL 2023–25: an invented inspection of Durham',
        type: 'peel',
        programme: 'peel-2023-25',
        forces: ['durham-constabulary'],
        publishedOn: '2024-05',
        sourceUrl: 'https://example.org/peel/durham',
        judgements: [
          { area: 'preventing-crime', grade: 'good' },
          { area: 'Investigating crime', grade: 'adequate' },
          { area: 'victim-service', grade: null },
        ],
      });
      expect(data.slug).toBe('peel-2023-25-an-invented-inspection-of-durham-durham-constabulary');
      expect(data).toMatchObject({ embargoed: false, version: 1, forces: ['durham-constabulary'] });
      expect(data.judgements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ area: 'preventing-crime', grade: 'good' }),
          expect.objectContaining({ area: 'investigating-crime', grade: 'adequate' }),
          expect.objectContaining({ area: 'victim-service', grade: null }),
        ]),
      );
      const published = await apiAs(t, null, 'GET', `/api/v1/inspections/${data.slug}`);
      expect(published.statusCode).toBe(200);
      const [event] = await audits('inspection', await inspectionId(data.slug));
      expect(event).toMatchObject({ action: 'inspection.create', actor: inspector.email, before: null });
      expect(event!.after).toMatchObject({ title: data.title, programme: 'peel-2023-25' });
    });

    it('gives the same title a new slug rather than taking another inspection’s', async () => {
      const body = {
        title: 'A thematic look at custody',
        type: 'thematic',
        forces: ['kent-police', 'essex-police'],
      };
      const first = await createInspection(body);
      const second = await createInspection(body);
      expect(first.slug).toBe('a-thematic-look-at-custody');
      expect(second.slug).toBe('a-thematic-look-at-custody-2');
    });

    it('needs a token (401), the inspectorate (403) and good input (422), and a refused write changes nothing', async () => {
      const body = { title: 'Refused', type: 'peel', forces: ['cleveland-police'] };
      const [inspectionsBefore, auditsBefore] = [await count('inspection'), await count('audit_event')];

      expect((await apiAs(t, null, 'POST', '/api/v1/inspections', body)).statusCode).toBe(401);
      const withCookie = await t.app.inject({
        method: 'POST',
        url: '/api/v1/inspections',
        headers: {
          cookie: inspector.cookie,
          'content-type': 'application/json',
          'x-csrf-token': inspector.csrf,
        },
        payload: JSON.stringify(body),
      });
      expect(withCookie.statusCode).toBe(401);
      const forbidden = await apiAs(t, force, 'POST', '/api/v1/inspections', body);
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json<{ code: string }>().code).toBe('forbidden');

      const bad = await apiAs(t, inspector, 'POST', '/api/v1/inspections', {
        title: ' ',
        type: 'peel',
        forces: [],
        publishedOn: '2023-13',
      });
      expect(bad.statusCode).toBe(422);
      const fields = bad.json<{ code: string; fields: Record<string, string> }>().fields;
      expect(fields.title).toBe('Enter the inspection’s title');
      expect(fields.forces).toMatch(/Select at least one force/);
      expect(fields.publishedOn).toMatch(/year, a month or a day/);

      const offScale = await apiAs(t, inspector, 'POST', '/api/v1/inspections', {
        ...body,
        programme: 'peel-2016',
        judgements: [
          { area: 'effectiveness', grade: 'good' },
          { area: 'efficiency', grade: 'adequate' },
        ],
      });
      expect(offScale.statusCode).toBe(422);
      expect(offScale.json<{ fields: Record<string, string> }>().fields.judgements).toMatch(
        /Adequate is not a grade on the scale of PEEL 2016/,
      );
      const unknownForce = await apiAs(t, inspector, 'POST', '/api/v1/inspections', {
        ...body,
        forces: ['atlantis-police'],
      });
      expect(unknownForce.statusCode).toBe(422);

      expect(await count('inspection')).toBe(inspectionsBefore);
      expect(await count('audit_event')).toBe(auditsBefore);
    });

    it('changes an inspection at the version read, replacing its grades, and refuses a stale version with 409', async () => {
      const created = await createInspection({
        title: 'PEEL 2021/22: invented Surrey',
        type: 'peel',
        programme: 'peel-2021-22',
        forces: ['surrey-police'],
        judgements: [{ area: 'preventing-crime', grade: 'good' }],
      });
      const changed = await apiAs(t, inspector, 'PATCH', `/api/v1/inspections/${created.slug}`, {
        version: created.version,
        title: 'PEEL 2021/22: an invented inspection of Surrey',
        judgements: [{ area: 'responding-to-public', grade: 'inadequate' }],
      });
      expect(changed.statusCode, changed.body).toBe(200);
      const data = changed.json<{ data: InspectionData }>().data;
      expect(data).toMatchObject({
        slug: created.slug,
        version: 2,
        title: 'PEEL 2021/22: an invented inspection of Surrey',
      });
      expect(data.judgements).toEqual([
        expect.objectContaining({
          force: 'surrey-police',
          area: 'responding-to-public',
          grade: 'inadequate',
        }),
      ]);

      const stale = await apiAs(t, inspector, 'PATCH', `/api/v1/inspections/${created.slug}`, {
        version: created.version,
        title: 'Someone else’s title',
      });
      expect(stale.statusCode).toBe(409);
      const error = stale.json<{ code: string; currentVersion: number; current?: unknown }>();
      expect(error.code).toBe('conflict');
      expect(error.currentVersion).toBe(2);
      // The record itself is not in the problem: its raw columns never leave the database layer.
      expect(error.current).toBeUndefined();

      const events = await audits('inspection', await inspectionId(created.slug));
      expect(events.map((e) => e.action)).toEqual(['inspection.create', 'inspection.update']);
      expect(events[1]!.before).toMatchObject({ title: 'PEEL 2021/22: invented Surrey', version: 1 });
      expect(events[1]!.after).toMatchObject({ title: data.title, version: 2 });
      expect(JSON.stringify(events[1]!.before)).toContain('preventing-crime');

      const missing = await apiAs(t, inspector, 'PATCH', '/api/v1/inspections/no-such-inspection', {
        version: 1,
      });
      expect(missing.statusCode).toBe(404);
    });

    it('keeps an inspection with a publication moment in the future under embargo until it passes', async () => {
      const embargoed = await createInspection({
        title: 'An invented report not yet published',
        type: 'force-specific',
        forces: ['dorset-police'],
        publishedAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      });
      expect(embargoed.embargoed).toBe(true);
      expect((await apiAs(t, null, 'GET', `/api/v1/inspections/${embargoed.slug}`)).statusCode).toBe(404);
      expect((await pageAs(t, null, `/inspections/${embargoed.slug}`)).statusCode).toBe(404);
      expect((await pageAs(t, force, `/inspections/${embargoed.slug}`)).statusCode).toBe(404);
      const early = await pageAs(t, inspector, `/inspections/${embargoed.slug}`);
      expect(early.statusCode).toBe(200);
      expect(load(early.body)('main').text()).toContain('Embargoed until');
      const list = (await apiAs(t, null, 'GET', '/api/v1/inspections')).json<{
        data: Array<{ slug: string }>;
      }>();
      expect(list.data.map((i) => i.slug)).not.toContain(embargoed.slug);

      const released = await apiAs(t, inspector, 'PATCH', `/api/v1/inspections/${embargoed.slug}`, {
        version: embargoed.version,
        publishedAt: '2025-01-02T09:30:00Z',
      });
      expect(released.json<{ data: InspectionData }>().data.embargoed).toBe(false);
      expect((await apiAs(t, null, 'GET', `/api/v1/inspections/${embargoed.slug}`)).statusCode).toBe(200);
    });
  });

  describe('inspections through the forms', () => {
    it('sends the public to sign in, refuses force staff, and shows the inspectorate the form', async () => {
      const publicView = await pageAs(t, null, '/inspections/new');
      expect(publicView.statusCode).toBe(302);
      expect(publicView.headers.location).toBe('/sign-in?next=%2Finspections%2Fnew');
      expect((await pageAs(t, force, '/inspections/new')).statusCode).toBe(403);
      const form = await pageAs(t, inspector, '/inspections/new');
      expect(form.statusCode).toBe(200);
      const $ = load(form.body);
      expect($('form input[name="_csrf"]').val()).toBeTruthy();
      expect($('input[name="forces"]').length).toBe(43);
      expect((await formPost(t, null, '/inspections/new', { title: 'x' })).statusCode).toBe(403);
      expect(
        (
          await formPost(t, force, '/inspections/new', {
            title: 'x',
            type: 'peel',
            forces: 'cleveland-police',
          })
        ).statusCode,
      ).toBe(403);
    });

    it('shows the problems in GOV.UK style and keeps what was typed', async () => {
      const before = await count('inspection');
      const res = await formPost(t, inspector, '/inspections/new', {
        title: '',
        type: 'thematic',
        sourceUrl: 'not an address',
        publishedAt: '2025-02-30T10:00',
      });
      expect(res.statusCode).toBe(422);
      const $ = load(res.body);
      const summary = $('.govuk-error-summary').text();
      expect(summary).toContain('Enter the inspection’s title');
      expect(summary).toContain('Select at least one force the inspection covers');
      expect(summary).toContain('Enter the address of the report, starting https://');
      expect(summary).toContain('Enter the publication moment as a date and time');
      expect($('.govuk-error-summary a[href="#title"]').length).toBe(1);
      expect($('#title-error').text()).toContain('Enter the inspection’s title');
      expect($('#sourceUrl').val()).toBe('not an address');
      expect($('#type option[selected]').val()).toBe('thematic');
      expect($('title').text()).toMatch(/^Error: /);
      expect(await count('inspection')).toBe(before);
    });

    it('records an inspection, then its grades on the edit page, with the embargo moment in UK time', async () => {
      const created = await formPost(t, inspector, '/inspections/new', {
        title: 'PEEL 2023–25: invented Gwent',
        type: 'peel',
        programme: 'peel-2023-25',
        forces: 'gwent-police',
        publishedOn: '2030-07-01',
        publishedAt: '2030-07-01T00:01',
      });
      expect(created.statusCode, created.body.slice(0, 500)).toBe(303);
      const slug = 'peel-2023-25-invented-gwent-gwent-police';
      expect(created.headers.location).toBe(`/inspections/${slug}`);
      const [row] = await queryRows<{ published_at: Date }>(
        t.database.db,
        sql`select published_at from inspection where slug = ${slug}`,
      );
      expect(new Date(row!.published_at).toISOString()).toBe('2030-06-30T23:01:00.000Z');

      const edit = await pageAs(t, inspector, `/inspections/${slug}/edit`);
      expect(edit.statusCode).toBe(200);
      const $ = load(edit.body);
      expect($('#publishedAt').val()).toBe('2030-07-01T00:01');
      expect($('input[name="version"]').val()).toBe('1');
      const rows = $('input[name$="-area"]')
        .map((_i, el) => String($(el).val()))
        .get();
      expect(rows).toContain('preventing-crime');
      const n = rows.indexOf('preventing-crime');
      const gradeOptions = $(`#judgement-${n}-grade option`)
        .map((_i, el) => String($(el).val()))
        .get();
      expect(gradeOptions).toEqual([
        '',
        'ungraded',
        'outstanding',
        'good',
        'adequate',
        'requires-improvement',
        'inadequate',
      ]);

      const fields: Record<string, string> = {
        title: 'PEEL 2023–25: an invented inspection of Gwent',
        type: 'peel',
        programme: 'peel-2023-25',
        forces: 'gwent-police',
        publishedOn: '2030-07-01',
        publishedAt: '2030-07-01T00:01',
        sourceUrl: '',
        gradesFor: 'peel-2023-25',
        version: '1',
      };
      rows.forEach((area, i) => {
        fields[`judgement-${i}-force`] = 'gwent-police';
        fields[`judgement-${i}-area`] = area;
        fields[`judgement-${i}-grade`] = area === 'preventing-crime' ? 'requires-improvement' : '';
      });
      const saved = await formPost(t, inspector, `/inspections/${slug}/edit`, fields);
      expect(saved.statusCode, saved.body.slice(0, 500)).toBe(303);
      const grades = await queryRows<{ slug: string; grade: string }>(
        t.database.db,
        sql`select a.slug, j.grade from judgement j join inspection i on i.id = j.inspection_id
            join programme_area a on a.id = j.area_id where i.slug = ${slug}`,
      );
      expect(grades).toEqual([{ slug: 'preventing-crime', grade: 'requires-improvement' }]);

      // Someone else saves first: the stale form comes back with 409 and the values as they are now.
      const stale = await formPost(t, inspector, `/inspections/${slug}/edit`, {
        ...fields,
        title: 'My stale title',
      });
      expect(stale.statusCode).toBe(409);
      const $stale = load(stale.body);
      expect($stale('.govuk-error-summary').text()).toContain('Someone else changed this inspection');
      expect($stale('#title').val()).toBe('PEEL 2023–25: an invented inspection of Gwent');
      expect($stale('input[name="version"]').val()).toBe('2');
      const current = await pageAs(t, inspector, `/inspections/${slug}/edit`);
      expect(load(current.body)('#title').val()).toBe('PEEL 2023–25: an invented inspection of Gwent');
    });

    it('shows “Record an inspection” and “Edit” only to those who may', async () => {
      const link = 'a[href="/inspections/new"]';
      expect(load((await pageAs(t, inspector, '/inspections')).body)(link).length).toBe(1);
      expect(load((await pageAs(t, force, '/inspections')).body)(link).length).toBe(0);
      expect(load((await pageAs(t, null, '/inspections')).body)(link).length).toBe(0);
      const slug = 'peel-2021-22-cleveland-police';
      const mine = load((await pageAs(t, inspector, `/inspections/${slug}`)).body);
      expect(mine(`a[href="/inspections/${slug}/edit"]`).length).toBe(1);
      expect(mine(`a[href="/findings/new?inspection=${slug}"]`).length).toBe(1);
      expect(
        load((await pageAs(t, null, `/inspections/${slug}`)).body)(`a[href="/inspections/${slug}/edit"]`)
          .length,
      ).toBe(0);
    });
  });

  describe('findings', () => {
    let slug: string;
    beforeAll(async () => {
      slug = (
        await createInspection({
          title: 'An invented revisit of Cumbria',
          type: 'revisit',
          programme: 'peel-2021-22',
          forces: ['cumbria-constabulary'],
          publishedOn: '2024-03-04',
        })
      ).slug;
    });

    it('records a cause of concern and a recommendation under it through the API, open from the day raised', async () => {
      const concern = await apiAs(t, inspector, 'POST', '/api/v1/findings', {
        force: 'cumbria-constabulary',
        inspection: slug,
        kind: 'cause-of-concern',
        number: '1',
        area: 'Protecting vulnerable people',
        text: 'Invented: the force does not assess risk to missing children quickly enough.',
        raisedOn: '2024-03-04',
      });
      expect(concern.statusCode, concern.body).toBe(201);
      const coc = concern.json<{ data: Json & { id: string; version: number } }>().data;
      expect(coc).toMatchObject({
        status: 'open',
        inspection: slug,
        area: 'Protecting vulnerable people',
        version: 1,
      });
      const events = await queryRows<{ status: string; occurred_on: string }>(
        t.database.db,
        sql`select status, occurred_on from finding_event where finding_id = ${coc.id}`,
      );
      expect(events).toEqual([{ status: 'open', occurred_on: '2024-03-04' }]);

      const recommendation = await apiAs(t, inspector, 'POST', '/api/v1/findings', {
        force: 'cumbria-constabulary',
        inspection: slug,
        kind: 'recommendation',
        number: '1.1',
        text: 'Invented: within three months, train every call handler in risk assessment.',
        parent: coc.id,
      });
      expect(recommendation.statusCode).toBe(201);
      expect(recommendation.json<{ data: Json }>().data.parent).toBe(coc.id);

      const wrongForce = await apiAs(t, inspector, 'POST', '/api/v1/findings', {
        force: 'cleveland-police',
        inspection: slug,
        kind: 'area-for-improvement',
        text: 'Invented',
      });
      expect(wrongForce.statusCode).toBe(422);
      expect(wrongForce.json<{ fields: Record<string, string> }>().fields.force).toMatch(
        /does not cover Cleveland Police/,
      );
      const noText = await apiAs(t, inspector, 'POST', '/api/v1/findings', {
        force: 'cumbria-constabulary',
        kind: 'recommendation',
      });
      expect(noText.json<{ fields: Record<string, string> }>().fields.text).toBe(
        'Enter the wording of the finding',
      );
      expect(
        (await apiAs(t, force, 'POST', '/api/v1/findings', { force: 'cleveland-police' })).statusCode,
      ).toBe(403);
      expect((await apiAs(t, null, 'POST', '/api/v1/findings', {})).statusCode).toBe(401);

      const patched = await apiAs(t, inspector, 'PATCH', `/api/v1/findings/${coc.id}`, {
        version: coc.version,
        text: 'Invented: the force does not assess the risk to missing children quickly enough.',
      });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json<{ data: Json }>().data).toMatchObject({ version: 2, status: 'open' });
      const stale = await apiAs(t, inspector, 'PATCH', `/api/v1/findings/${coc.id}`, {
        version: coc.version,
        number: '9',
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json<{ currentVersion: number }>().currentVersion).toBe(2);
      const selfParent = await apiAs(t, inspector, 'PATCH', `/api/v1/findings/${coc.id}`, {
        version: 2,
        parent: coc.id,
      });
      expect(selfParent.statusCode).toBe(422);

      const audit = await audits('finding', coc.id);
      expect(audit.map((a) => a.action)).toEqual(['finding.create', 'finding.update']);
      expect(audit[1]!.before).toMatchObject({ version: 1 });
      expect(audit[1]!.before!.text).toContain('does not assess risk');
      expect(audit[1]!.after).toMatchObject({ version: 2 });
      expect(audit[1]!.after!.text).toContain('assess the risk');
    });

    it('records a finding through the form from its inspection, and shows a stale edit with the current values', async () => {
      const form = await pageAs(t, inspector, `/findings/new?inspection=${slug}`);
      expect(form.statusCode).toBe(200);
      const $ = load(form.body);
      expect($('#force option[selected]').val()).toBe('cumbria-constabulary');
      expect($('#inspection option[selected]').val()).toBe(slug);
      expect($('#raisedOn').val()).toBe('2024-03-04');
      expect((await pageAs(t, force, `/findings/new?inspection=${slug}`)).statusCode).toBe(403);

      const bad = await formPost(t, inspector, '/findings/new', {
        force: 'cumbria-constabulary',
        inspection: slug,
        text: 'Kept',
      });
      expect(bad.statusCode).toBe(422);
      expect(load(bad.body)('.govuk-error-summary').text()).toContain('Select the kind of finding');
      expect(load(bad.body)('#text').val()).toBe('Kept');

      const created = await formPost(t, inspector, '/findings/new', {
        force: 'cumbria-constabulary',
        inspection: slug,
        kind: 'area-for-improvement',
        area: 'Investigating crime',
        text: 'Invented: the force should supervise investigations more closely.',
        raisedOn: '2024-03-04',
        parent: '',
      });
      expect(created.statusCode, created.body.slice(0, 400)).toBe(303);
      const id = /^\/findings\/([0-9a-f-]{36})$/.exec(created.headers.location as string)![1]!;

      const edit = load((await pageAs(t, inspector, `/findings/${id}/edit`)).body);
      expect(edit('#text').val()).toBe('Invented: the force should supervise investigations more closely.');
      const fields = {
        force: 'cumbria-constabulary',
        inspection: slug,
        kind: 'area-for-improvement',
        number: '3',
        area: 'Investigating crime',
        text: 'Invented: the force should supervise its investigations more closely.',
        raisedOn: '2024-03-04',
        parent: '',
        version: String(edit('input[name="version"]').val()),
      };
      expect((await formPost(t, inspector, `/findings/${id}/edit`, fields)).statusCode).toBe(303);
      const stale = await formPost(t, inspector, `/findings/${id}/edit`, { ...fields, text: 'Overwritten' });
      expect(stale.statusCode).toBe(409);
      const $stale = load(stale.body);
      expect($stale('.govuk-error-summary').text()).toContain('Someone else changed this finding');
      expect($stale('#text').val()).toBe(fields.text);
      expect($stale('#number').val()).toBe('3');
      expect((await pageAs(t, inspector, '/findings/not-a-uuid/edit')).statusCode).toBe(404);
      const editLink = `a[href="/findings/${id}/edit"]`;
      expect(load((await pageAs(t, inspector, `/findings/${id}`)).body)(editLink).length).toBe(1);
      expect(load((await pageAs(t, null, `/findings/${id}`)).body)(editLink).length).toBe(0);
    });
  });

  describe('Engage periods', () => {
    it('records, ends and edits a period through the API, refusing a second open period and a stale version', async () => {
      const created = await apiAs(t, inspector, 'POST', '/api/v1/engage', {
        force: 'north-wales-police',
        startedOn: '2025-06',
        reasons: ['Invented: too many emergency calls go unanswered', 'Invented: weak oversight of vetting'],
      });
      expect(created.statusCode, created.body).toBe(201);
      const period = created.json<{ data: Json & { id: string; version: number } }>().data;
      expect(period).toMatchObject({ force: 'north-wales-police', endedOn: null, version: 1 });

      const page = load((await pageAs(t, null, '/engage')).body);
      expect(page('#force-north-wales-police').text()).toContain('Invented: weak oversight of vetting');

      const second = await apiAs(t, inspector, 'POST', '/api/v1/engage', {
        force: 'north-wales-police',
        startedOn: '2025-09-01',
      });
      expect(second.statusCode).toBe(422);
      expect(second.json<{ fields: Record<string, string> }>().fields.endedOn).toMatch(/already in Engage/);
      const backwards = await apiAs(t, inspector, 'PATCH', `/api/v1/engage/${period.id}`, {
        version: 1,
        endedOn: '2024',
      });
      expect(backwards.statusCode).toBe(422);
      expect((await apiAs(t, force, 'PATCH', `/api/v1/engage/${period.id}`, { version: 1 })).statusCode).toBe(
        403,
      );

      const ended = await apiAs(t, inspector, 'PATCH', `/api/v1/engage/${period.id}`, {
        version: 1,
        endedOn: '2026-01-15',
        exitReasons: ['Invented: calls are answered within target'],
      });
      expect(ended.statusCode, ended.body).toBe(200);
      expect(ended.json<{ data: Json }>().data).toMatchObject({
        endedOn: '2026-01-15',
        version: 2,
        reasons: ['Invented: too many emergency calls go unanswered', 'Invented: weak oversight of vetting'],
        exitReasons: ['Invented: calls are answered within target'],
      });
      const stale = await apiAs(t, inspector, 'PATCH', `/api/v1/engage/${period.id}`, {
        version: 1,
        endedOn: '2026-02',
      });
      expect(stale.statusCode).toBe(409);

      const [event] = (await audits('engage_period', period.id)).filter((e) => e.action === 'engage.update');
      expect(event!.before).toMatchObject({ endedOn: null, version: 1 });
      expect(event!.after).toMatchObject({ endedOn: '2026-01-15', version: 2 });
    });

    it('records a period through the form and shows a stale edit with the current values', async () => {
      const form = await pageAs(t, inspector, '/engage/new');
      expect(form.statusCode).toBe(200);
      expect((await pageAs(t, null, '/engage/new')).statusCode).toBe(302);

      const bad = await formPost(t, inspector, '/engage/new', {
        force: 'suffolk-constabulary',
        startedOn: 'last spring',
      });
      expect(bad.statusCode).toBe(422);
      expect(load(bad.body)('#startedOn-error').text()).toContain('Enter the date the force entered Engage');

      const created = await formPost(t, inspector, '/engage/new', {
        force: 'suffolk-constabulary',
        startedOn: '2025-11-03',
        endedOn: '',
        reasons: 'Invented: crime recording falls short\r\nInvented: slow to answer 101 calls',
        exitReasons: '',
      });
      expect(created.statusCode, created.body.slice(0, 400)).toBe(303);
      expect(created.headers.location).toBe('/engage#force-suffolk-constabulary');
      const current = load((await pageAs(t, inspector, '/engage')).body);
      const edit = current('#force-suffolk-constabulary a[href$="/edit"]').attr('href')!;
      expect(edit).toMatch(/^\/engage\/periods\/[0-9a-f-]{36}\/edit$/);
      expect(load((await pageAs(t, null, '/engage')).body)('a[href$="/edit"]').length).toBe(0);

      const $ = load((await pageAs(t, inspector, edit)).body);
      expect($('#reasons').val()).toBe(
        'Invented: crime recording falls short\nInvented: slow to answer 101 calls',
      );
      const fields = {
        force: 'suffolk-constabulary',
        startedOn: '2025-11-03',
        endedOn: '',
        reasons: 'Invented: crime recording falls short',
        exitReasons: '',
        version: String($('input[name="version"]').val()),
      };
      expect((await formPost(t, inspector, edit, fields)).statusCode).toBe(303);
      const stale = await formPost(t, inspector, edit, { ...fields, startedOn: '2025-10' });
      expect(stale.statusCode).toBe(409);
      const $stale = load(stale.body);
      expect($stale('.govuk-error-summary').text()).toContain('Someone else changed this Engage period');
      expect($stale('#startedOn').val()).toBe('2025-11-03');
      expect($stale('#reasons').val()).toBe('Invented: crime recording falls short');
    });
  });
});
