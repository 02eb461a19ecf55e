import { load } from 'cheerio';
import { sql } from 'drizzle-orm';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { createImportService } from '../../src/modules/documents/import.service.js';
import { findings } from '../../src/modules/findings/findings.table.js';
import {
  inspectionForces,
  inspections,
  judgements,
} from '../../src/modules/inspections/inspections.table.js';
import { today } from '../../src/shared/london-time.js';
import { createTestApp, type TestApp } from '../app.js';
import { accountSession, apiAs, formPost, pageAs, type Session } from '../auth.js';
import { testDatabaseKinds } from '../databases.js';
import { insertInspectionWithFindings } from '../fixtures-db.js';
import { readSeed, seedsAvailable } from '../seeds.js';

type Row = {
  id: string;
  label: string;
  number: string | null;
  finding_id: string | null;
  kind: string | null;
};

/** The response's rows as the page lists them. */
const rowsOf = (t: TestApp, responseId: string) =>
  queryRows<Row>(
    t.database.db,
    sql`select r.id, r.number, r.finding_id, f.kind, r.text as label
        from response_recommendation r left join finding f on f.id = r.finding_id
        where r.response_id = ${responseId} order by r.position`,
  );
const versionOf = async (t: TestApp, id: string) =>
  (
    await queryRows<{ version: number }>(t.database.db, sql`select version from response where id = ${id}`)
  )[0]!.version;
const docxHtml = async (bytes: Buffer) => (await mammoth.convertToHtml({ buffer: bytes })).value;

describe.each(testDatabaseKinds)('the s55 response on %s', (kind) => {
  let t: TestApp;
  let lpb: Session;
  let force: Session;
  let otherLpb: Session;
  let inspector: Session;
  let slug: string;
  let responseId: string;
  let rows: Row[];

  beforeAll(async () => {
    t = await createTestApp(kind);
    const fixture = await insertInspectionWithFindings(t.database.db, {
      findings: 2,
      title: 'An invented inspection of how calls are answered',
    });
    slug = fixture.slug;
    const [firstConcern] = fixture.findingIds as [string, string];
    // A recommendation under the first concern, and an area for improvement; the grade of their area.
    await t.database.db.insert(findings).values([
      {
        forceId: fixture.forceId,
        inspectionId: fixture.inspectionId,
        parentId: firstConcern,
        kind: 'recommendation',
        number: '1',
        areaLabel: 'Responding to the public',
        text: 'Within six months, staff the control room to the level its own demand model says it needs.',
      },
      {
        forceId: fixture.forceId,
        inspectionId: fixture.inspectionId,
        kind: 'area-for-improvement',
        number: '1',
        position: 5,
        areaLabel: 'Investigating crime',
        text: 'Supervisors should check that every investigation has a written plan.',
      },
    ]);
    await t.database.db.insert(judgements).values([
      {
        inspectionId: fixture.inspectionId,
        forceId: fixture.forceId,
        areaLabel: 'Responding to the public',
        grade: 'inadequate',
      },
      {
        inspectionId: fixture.inspectionId,
        forceId: fixture.forceId,
        areaLabel: 'Investigating crime',
        grade: 'adequate',
      },
    ]);
    [lpb, force, otherLpb, inspector] = await Promise.all([
      accountSession(t, 'lpb', 'cleveland-police'),
      accountSession(t, 'force', 'cleveland-police'),
      accountSession(t, 'lpb', 'durham-constabulary'),
      accountSession(t, 'inspectorate'),
    ]);
  });
  afterAll(() => t.close());

  it('an LPB starts the response: a draft due 55 days after publication, listing what must and may be answered', async () => {
    const created = await apiAs(t, lpb, 'POST', `/api/v1/inspections/${slug}/responses`, {});
    expect(created.statusCode).toBe(201);
    const data = created.json<{ data: { id: string; status: string; deadline: string; created: boolean } }>()
      .data;
    // Published 00:01 GMT on 3 February 2025: the last day is 30 March 2025.
    expect(data).toMatchObject({ status: 'draft', deadline: '2025-03-30', created: true });
    responseId = data.id;
    rows = await rowsOf(t, responseId);
    expect(rows.map((r) => [r.kind, r.number])).toEqual([
      ['recommendation', '1.1'],
      ['cause-of-concern', '2'],
      ['area-for-improvement', '1'],
    ]);
    const again = await apiAs(t, lpb, 'POST', `/api/v1/inspections/${slug}/responses`, {});
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ data: { id: responseId, created: false, findingsAdded: 0 } });
    expect(await rowsOf(t, responseId)).toHaveLength(3);
  });

  it('another force’s LPB cannot start a response for Cleveland, nor the force, nor without a token', async () => {
    const url = `/api/v1/inspections/${slug}/responses`;
    expect((await apiAs(t, otherLpb, 'POST', url, { force: 'cleveland-police' })).statusCode).toBe(403);
    expect((await apiAs(t, force, 'POST', url, {})).statusCode).toBe(403);
    expect((await apiAs(t, null, 'POST', url, { force: 'cleveland-police' })).statusCode).toBe(401);
  });

  it('a draft is hidden from the public and other forces, and shown to the force, its LPB and the inspectorate', async () => {
    expect((await pageAs(t, null, `/responses/${responseId}`)).statusCode).toBe(404);
    expect((await pageAs(t, null, `/responses/${responseId}/document.docx`)).statusCode).toBe(404);
    expect((await pageAs(t, otherLpb, `/responses/${responseId}`)).statusCode).toBe(404);
    for (const who of [lpb, force, inspector]) {
      const res = await pageAs(t, who, `/responses/${responseId}`);
      expect(res.statusCode).toBe(200);
      expect(load(res.body)('.govuk-warning-text').text()).toMatch(/not published/);
    }
    const $ = load((await pageAs(t, lpb, `/responses/${responseId}`)).body);
    expect($('h1').text()).toBe('Response to An invented inspection of how calls are answered');
    expect($('#details + dl').text()).toMatch(/Last day to publish this response\s+30 March 2025/);
    const area = (label: string) =>
      $('.app-response-area').filter((_, a) => $(a).find('h3').text().includes(label));
    expect(area('Responding to the public').find('h3').text()).toMatch(
      /Responding to the public\s+Inadequate/,
    );
    expect(area('Responding to the public').text()).toMatch(
      /Cause of concern 1[\s\S]*Recommendation 1\.1:\s+Within six months[\s\S]*Cause of concern 2/,
    );
    expect(area('Investigating crime').text()).toMatch(/Investigating crime\s+Adequate[\s\S]*written plan/);
  });

  it('the LPB drafts the response; bad input gets 422 with an error summary and keeps what was typed', async () => {
    const version = String(await versionOf(t, responseId));
    const [rec, cause] = rows as [Row, Row, Row];
    const bad = await formPost(t, lpb, `/responses/${responseId}/edit`, {
      version,
      _types: '1',
      chiefInvitedOn: '2025-02-31',
      lpbComment: 'The commissioner welcomes the report.',
      [`action-${rec.id}`]: 'Twelve more call handlers are being recruited.',
    });
    expect(bad.statusCode).toBe(422);
    const $bad = load(bad.body);
    expect($bad('.govuk-error-summary').text()).toMatch(/real date/);
    expect($bad('.govuk-error-summary a').attr('href')).toBe('#chiefInvitedOn');
    expect($bad('#lpbComment').val()).toBe('The commissioner welcomes the report.');
    expect($bad(`#action-${rec.id}`).val()).toBe('Twelve more call handlers are being recruited.');

    const ok = await formPost(t, lpb, `/responses/${responseId}/edit`, {
      version,
      _types: '1',
      inspectionType: 'Specific to the force',
      forceQuoted: 'yes',
      summary: 'Calls are answered too slowly at weekends.\nVictims are not kept informed.',
      chiefInvitedOn: '2025-02-04',
      chiefCommentsDueOn: '2025-02-25',
      lpbComment: 'The commissioner welcomes the report.',
      [`action-${rec.id}`]: 'Twelve more call handlers are being recruited.',
      [`action-${cause.id}`]: '',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/responses/${responseId}/edit?saved=details`);
    const $ = load((await pageAs(t, lpb, ok.headers.location!)).body);
    expect($('.govuk-notification-banner--success').text()).toMatch(/saved/);
    expect($('#chiefInvitedOn').val()).toBe('2025-02-04');
    const page = load((await pageAs(t, lpb, `/responses/${responseId}`)).body);
    expect(page('#summary + ul li').length).toBe(2);
    expect(page('table').first().text()).toMatch(/Specific to the force\s+Yes\s+National\s+No/);
    expect(page('#recommendations ~ table').first().text()).toMatch(
      /Recommendation 1\.1[\s\S]*Twelve more call handlers[\s\S]*Cause of concern 2[\s\S]*Not yet answered[\s\S]*Area for improvement 1[\s\S]*No answer given \(optional\)/,
    );
  });

  it('the force writes the chief constable’s comments, and only those', async () => {
    const version = String(await versionOf(t, responseId));
    expect(
      (await formPost(t, force, `/responses/${responseId}/edit`, { version, lpbComment: 'Taken over' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await formPost(t, lpb, `/responses/${responseId}/chief-comments`, {
          version,
          chiefComments: 'Not mine',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await apiAs(t, force, 'PATCH', `/api/v1/responses/${responseId}`, {
          version: Number(version),
          status: 'ready',
        })
      ).statusCode,
    ).toBe(403);
    const edit = load((await pageAs(t, force, `/responses/${responseId}/edit`)).body);
    expect(edit('#response-form').length).toBe(0);
    expect(edit('#chief-form').length).toBe(1);
    const ok = await formPost(t, force, `/responses/${responseId}/chief-comments`, {
      version,
      chiefComments: 'The chief constable accepts every recommendation.\nA plan is in place.',
    });
    expect(ok.statusCode).toBe(303);
    const $ = load((await pageAs(t, lpb, `/responses/${responseId}`)).body);
    expect($('#chief-comments ~ p').text()).toMatch(/accepts every recommendation[\s\S]*A plan is in place/);
  });

  it('another force’s LPB may not edit (403), nor the public (401)', async () => {
    const version = String(await versionOf(t, responseId));
    expect(
      (await formPost(t, otherLpb, `/responses/${responseId}/edit`, { version, lpbComment: 'x' })).statusCode,
    ).toBe(403);
    expect(
      (
        await apiAs(t, otherLpb, 'PATCH', `/api/v1/responses/${responseId}`, {
          version: Number(version),
          lpbComment: 'x',
        })
      ).statusCode,
    ).toBe(403);
    expect((await pageAs(t, otherLpb, `/responses/${responseId}/edit`)).statusCode).toBe(404);
    expect(
      (
        await apiAs(t, null, 'PATCH', `/api/v1/responses/${responseId}`, {
          version: Number(version),
          lpbComment: 'x',
        })
      ).statusCode,
    ).toBe(401);
  });

  it('a stale edit gets 409 and the form shows the current values', async () => {
    const version = await versionOf(t, responseId);
    const first = await apiAs(t, lpb, 'PATCH', `/api/v1/responses/${responseId}`, {
      version,
      lpbComment: 'The commissioner will scrutinise progress monthly.',
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ data: { version: version + 1 } });
    const stale = await formPost(t, lpb, `/responses/${responseId}/edit`, {
      version: String(version),
      lpbComment: 'An older draft of the comment.',
    });
    expect(stale.statusCode).toBe(409);
    const $ = load(stale.body);
    expect($('.govuk-error-summary').text()).toMatch(/Someone else changed this response/);
    expect($('#lpbComment').val()).toBe('The commissioner will scrutinise progress monthly.');
    expect($('input[name=version]').first().val()).toBe(String(version + 1));
    const api = await apiAs(t, lpb, 'PATCH', `/api/v1/responses/${responseId}`, { version, lpbComment: 'x' });
    expect(api.statusCode).toBe(409);
    expect(api.json()).toMatchObject({ code: 'conflict', currentVersion: version + 1 });
    expect(api.json()).not.toHaveProperty('current');
  });

  it('refuses to publish a draft, and a ready response while a cause of concern is unanswered, naming it', async () => {
    const fromDraft = await apiAs(t, lpb, 'POST', `/api/v1/responses/${responseId}/publish`, {
      version: await versionOf(t, responseId),
    });
    expect(fromDraft.statusCode).toBe(422);
    expect(fromDraft.json()).toMatchObject({ detail: /ready to publish/ });
    const ready = await formPost(t, lpb, `/responses/${responseId}/status`, {
      version: String(await versionOf(t, responseId)),
      status: 'ready',
    });
    expect(ready.statusCode).toBe(303);
    const refused = await formPost(t, lpb, `/responses/${responseId}/publish`, {
      version: String(await versionOf(t, responseId)),
    });
    expect(refused.statusCode).toBe(422);
    const $ = load(refused.body);
    const cause = rows[1]!;
    expect($('.govuk-error-summary').text()).toContain(
      'Cause of concern 2 has no response: say what was done or why nothing was',
    );
    expect($('.govuk-error-summary').text()).not.toMatch(/Recommendation 1\.1|Area for improvement/);
    expect($('.govuk-error-summary a').attr('href')).toBe(`#action-${cause.id}`);
    expect(
      (
        await queryRows<{ status: string }>(
          t.database.db,
          sql`select status from response where id = ${responseId}`,
        )
      )[0]!.status,
    ).toBe('ready');
  });

  it('publishes once every recommendation is answered: today in London, then public; afterwards only the address and copies change', async () => {
    const cause = rows[1]!;
    const answered = await apiAs(t, lpb, 'PATCH', `/api/v1/responses/${responseId}`, {
      version: await versionOf(t, responseId),
      recommendations: [{ id: cause.id, action: 'A weekend rota has been agreed with the federation.' }],
    });
    expect(answered.statusCode).toBe(200);
    expect(
      (await apiAs(t, force, 'POST', `/api/v1/responses/${responseId}/publish`, { version: 1 })).statusCode,
    ).toBe(403);
    const published = await apiAs(t, lpb, 'POST', `/api/v1/responses/${responseId}/publish`, {
      version: await versionOf(t, responseId),
    });
    expect(published.statusCode).toBe(200);
    const data = published.json<{ data: { status: string; publishedOn: string; publishedAt: string } }>()
      .data;
    expect(data).toMatchObject({ status: 'published', publishedOn: today() });
    expect(Date.now() - Date.parse(data.publishedAt)).toBeLessThan(60_000);

    const page = await pageAs(t, null, `/responses/${responseId}`);
    expect(page.statusCode).toBe(200);
    expect(load(page.body)('.govuk-warning-text').length).toBe(0);
    expect((await pageAs(t, null, `/responses/${responseId}/document.docx`)).statusCode).toBe(200);

    const version = await versionOf(t, responseId);
    const late = await apiAs(t, lpb, 'PATCH', `/api/v1/responses/${responseId}`, {
      version,
      lpbComment: 'Rewritten',
    });
    expect(late.statusCode).toBe(422);
    expect(
      (await apiAs(t, force, 'PATCH', `/api/v1/responses/${responseId}`, { version, chiefComments: 'Later' }))
        .statusCode,
    ).toBe(422);
    const copies = await apiAs(t, lpb, 'PATCH', `/api/v1/responses/${responseId}`, {
      version,
      publicUrl: 'https://commissioner.example.org/s55/calls',
      sentToHmicfrsOn: '2025-03-20',
    });
    expect(copies.statusCode).toBe(200);
    const back = await apiAs(t, lpb, 'PATCH', `/api/v1/responses/${responseId}`, {
      version: version + 1,
      status: 'draft',
    });
    expect(back.statusCode).toBe(422);
  });

  it('every write is audited with who made it', async () => {
    const events = await queryRows<{ action: string; actor: string }>(
      t.database.db,
      sql`select action, actor from audit_event where entity = 'response' and entity_id = ${responseId} order by id`,
    );
    const seen = events.map((e) => `${e.action} ${e.actor}`);
    expect(seen).toContain(`response.create ${lpb.email}`);
    expect(seen).toContain(`response.chief-comments ${force.email}`);
    expect(seen).toContain(`response.publish ${lpb.email}`);
    expect(seen.filter((s) => s === `response.edit ${lpb.email}`).length).toBeGreaterThanOrEqual(4);
    expect(seen.some((s) => s.includes(otherLpb.email))).toBe(false);
  });

  it('a national report can be answered through the response to the force’s own report; a force report cannot', async () => {
    const [thematic] = await t.database.db
      .insert(inspections)
      .values({
        slug: 'invented-national-thematic',
        title: 'An invented national review of call handling',
        type: 'thematic',
        publishedOn: '2025-02-10',
        publishedAt: new Date('2025-02-10T00:01:00Z'),
      })
      .returning();
    const clevelandId = (
      await queryRows<{ id: string }>(
        t.database.db,
        sql`select id from force where slug = 'cleveland-police'`,
      )
    )[0]!.id;
    await t.database.db.insert(inspectionForces).values({ inspectionId: thematic!.id, forceId: clevelandId });
    await t.database.db.insert(findings).values({
      forceId: clevelandId,
      inspectionId: thematic!.id,
      kind: 'recommendation',
      number: '4',
      text: 'All forces should publish how fast they answer non-emergency calls.',
    });
    const created = await apiAs(
      t,
      lpb,
      'POST',
      `/api/v1/inspections/invented-national-thematic/responses`,
      {},
    );
    expect(created.statusCode).toBe(201);
    const national = created.json<{ data: { id: string; version: number } }>().data;
    const noReason = await apiAs(t, lpb, 'PATCH', `/api/v1/responses/${national.id}`, {
      version: national.version,
      answeredThroughId: responseId,
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json()).toMatchObject({ fields: { answeredThroughReason: /why/ } });
    const through = await apiAs(t, lpb, 'PATCH', `/api/v1/responses/${national.id}`, {
      version: national.version,
      answeredThroughId: responseId,
      answeredThroughReason: 'The force report makes the same finding about call handling.',
      status: 'ready',
    });
    expect(through.statusCode).toBe(200);
    const published = await apiAs(t, lpb, 'POST', `/api/v1/responses/${national.id}/publish`, {
      version: national.version + 1,
      publishedOn: '2025-03-01',
    });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ data: { publishedOn: '2025-03-01' } });
    const $ = load((await pageAs(t, null, `/responses/${national.id}`)).body);
    expect($('#recommendations + .govuk-inset-text').text()).toMatch(
      /answered through the response to An invented inspection of how calls are answered\. The force report makes/,
    );

    const own = await apiAs(t, lpb, 'PATCH', `/api/v1/responses/${responseId}`, {
      version: await versionOf(t, responseId),
      answeredThroughId: national.id,
      answeredThroughReason: 'Backwards',
    });
    expect(own.statusCode).toBe(422);
  });

  it('the Word document has the headings, the tick boxes and each recommendation with its action', async () => {
    const res = await pageAs(t, null, `/responses/${responseId}/document.docx`);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const $ = load(await docxHtml(res.rawPayload));
    expect(
      $('h2')
        .map((_, h) => $(h).text())
        .get(),
    ).toEqual(
      expect.arrayContaining(['Responding to the public (Inadequate)', 'Investigating crime (Adequate)']),
    );
    expect($('table').text()).toMatch(/☒ Specific to the force\s*Yes/);
    expect($('table').text()).toMatch(/Cause of concern 2\s*.*\s*A weekend rota has been agreed/);
    expect($.text()).toContain('Comment by the Police and Crime Commissioner for Cleveland');
  });
});

describe.skipIf(!seedsAvailable).each(testDatabaseKinds)(
  'the seed PCC response as a document on %s',
  (kind) => {
    let t: TestApp;
    let lpb: Session;
    let responseId: string;
    beforeAll(async () => {
      t = await createTestApp(kind);
      const report = await createImportService(t.database.db).importDocument(
        new TextEncoder().encode(readSeed('pcc-response-cleveland-peel-2021-22.txt')),
        'pcc-response.txt',
      );
      expect(report.status).toBe('imported');
      lpb = await accountSession(t, 'lpb', 'cleveland-police');
      responseId = (await queryRows<{ id: string }>(t.database.db, sql`select id from response`))[0]!.id;
    });
    afterAll(() => t.close());

    it('the Word document lists the five recommendations of the causes of concern and the 13 areas for improvement under their graded areas, and the deadline 11 May 2023', async () => {
      const res = await pageAs(t, lpb, `/responses/${responseId}/document.docx`);
      expect(res.statusCode).toBe(200);
      const $ = load(await docxHtml(res.rawPayload));
      /** The text between an area's heading and the next heading of its level. */
      const sectionOf = (area: string) => {
        const heading = $('h2').filter((_, h) => $(h).text().startsWith(area));
        expect(heading.length, area).toBe(1);
        return heading.nextUntil('h2, h1').text();
      };
      const found = await t.database.db
        .select({
          kind: findings.kind,
          areaLabel: findings.areaLabel,
          text: findings.text,
          parentId: findings.parentId,
        })
        .from(findings);
      const recs = found.filter((f) => f.kind === 'recommendation' && f.parentId);
      const afis = found.filter((f) => f.kind === 'area-for-improvement');
      expect(recs).toHaveLength(5);
      expect(afis).toHaveLength(13);
      for (const f of [...recs, ...afis]) expect(sectionOf(f.areaLabel!), f.text).toContain(f.text);
      const headings = $('h2')
        .map((_, h) => $(h).text())
        .get();
      expect(headings).toContain('Preventing crime and anti-social behaviour (Inadequate)');
      expect(headings).toContain('Investigating crime (Requires improvement)');
      expect(headings).toContain('Managing offenders and suspects (Adequate)');
      expect($('table').first().text()).toMatch(/Last day to publish this response \(s55\)\s*11 May 2023/);
    });

    it('bringing in the findings links the form’s numbered list and adds the causes of concern’s recommendations, which publishing then requires', async () => {
      const ensured = await apiAs(
        t,
        lpb,
        'POST',
        '/api/v1/inspections/peel-2021-22-cleveland-police/responses',
        {},
      );
      expect(ensured.statusCode).toBe(200);
      expect(ensured.json()).toMatchObject({
        data: { id: responseId, created: false, findingsAdded: 5, deadline: '2023-05-11' },
      });
      const rows = await rowsOf(t, responseId);
      expect(rows).toHaveLength(18);
      expect(rows.filter((r) => r.kind === 'area-for-improvement')).toHaveLength(13);
      expect(rows.filter((r) => r.kind === 'recommendation').map((r) => r.number)).toEqual([
        '1.1',
        '1.2',
        '1.3',
        '2.1',
        '2.2',
      ]);
      const version = await versionOf(t, responseId);
      expect(
        (await apiAs(t, lpb, 'PATCH', `/api/v1/responses/${responseId}`, { version, status: 'ready' }))
          .statusCode,
      ).toBe(200);
      const refused = await apiAs(t, lpb, 'POST', `/api/v1/responses/${responseId}/publish`, {
        version: version + 1,
      });
      expect(refused.statusCode).toBe(422);
      const message = refused.json<{ detail: string }>().detail;
      expect(message).toContain('Recommendation 1.1 has no response: say what was done or why nothing was');
      expect(message).toContain('Recommendation 2.2 has no response');
      expect(message).not.toMatch(/Area for improvement/);
    });
  },
);
