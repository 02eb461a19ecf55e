import { load } from 'cheerio';
import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import type { Viewer } from '../../src/modules/accounts/accounts.domain.js';
import { createTestApp, type TestApp } from '../app.js';
import { accountSession, apiAs, formPost, pageAs, type Session } from '../auth.js';
import { testDatabaseKinds } from '../databases.js';
import { insertInspectionWithFindings } from '../fixtures-db.js';

/** The day of the meeting in these tests: long enough ago that "after the meeting" is today. */
const MEETING_DAY = '2025-06-10';
const FIRST_QUESTION = 'How many emergency calls were answered within ten seconds on weekend nights in May?';
const FIRST_ANSWER = 'Eighty-one per cent, against a target of ninety.';

const meetingForm = (fields: Record<string, string | undefined> = {}) => {
  const base: Record<string, string> = {
    force: 'cleveland-police',
    'heldOn-day': '10',
    'heldOn-month': '6',
    'heldOn-year': '2025',
    body: 'Local policing body scrutiny meeting',
    focus: 'Answering emergency calls at weekends',
    questionRows: '2',
    'q0-number': '1',
    'q0-question': FIRST_QUESTION,
    'q0-answer': FIRST_ANSWER,
    'q1-question': '',
    actionsArising: 'Chief constable to report call answering monthly\nPCC office to visit the control room',
  };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
};

describe.each(testDatabaseKinds)('scrutiny meetings and their packs on %s', (kind) => {
  let t: TestApp;
  let lpb: Session;
  let otherLpb: Session;
  let force: Session;
  let inspector: Session;
  let forceViewer: Viewer;
  let findingId: string;
  let secondId: string;
  let actionId: string;
  let meetingId: string;
  let durhamFinding: string;

  const meetingVersion = async (id: string) =>
    (
      await queryRows<{ version: number }>(
        t.database.db,
        sql`select version from scrutiny_meeting where id = ${id}`,
      )
    )[0]!.version;
  const auditOf = (id: string, action: string) =>
    queryRows<{ actor: string; before: unknown; after: Record<string, unknown> }>(
      t.database.db,
      sql`select actor, before, after from audit_event where entity = 'scrutiny_meeting' and entity_id = ${id} and action = ${action}`,
    );

  beforeAll(async () => {
    t = await createTestApp(kind);
    const fixture = await insertInspectionWithFindings(t.database.db, { findings: 2 });
    [findingId, secondId] = fixture.findingIds as [string, string];
    durhamFinding = (await insertInspectionWithFindings(t.database.db, { force: 'durham-constabulary' }))
      .findingIds[0]!;
    [lpb, otherLpb, force, inspector] = await Promise.all([
      accountSession(t, 'lpb', 'cleveland-police'),
      accountSession(t, 'lpb', 'durham-constabulary'),
      accountSession(t, 'force', 'cleveland-police'),
      accountSession(t, 'inspectorate'),
    ]);
    forceViewer = (await t.accounts.viewerForToken(force.token))!;
    // An action agreed before the meeting (first for 15 May, moved on 20 May to 1 June), so that on
    // the day of the meeting it was overdue and had moved once. The past is written directly, as
    // history recorded at the time would be.
    const action = await t.container.workflow.addAction(forceViewer, findingId, {
      title: 'Recruit and train more call handlers',
      owner: 'Head of contact management',
      dueOn: '2025-05-15',
    });
    actionId = action.id;
    await t.database.db.execute(
      sql`update finding_action set created_at = '2025-05-01T09:00:00Z', due_on = '2025-06-01' where id = ${actionId}`,
    );
    await t.database.db.execute(
      sql`insert into finding_action_change (action_id, field, before, after, reason, actor, at)
          values (${actionId}, 'due-on', '2025-05-15', '2025-06-01', 'Training course moved', 'force', '2025-05-20T10:00:00Z')`,
    );
  });
  afterAll(() => t.close());

  it('links the force page to its scrutiny meetings', async () => {
    const $ = load((await pageAs(t, null, '/forces/cleveland-police')).body);
    expect($('a[href="/forces/cleveland-police/meetings"]').text()).toBe('Scrutiny meetings');
  });

  it('lets the LPB record a meeting through the form, with errors shown on bad input', async () => {
    const form = await pageAs(t, lpb, '/meetings/new?force=cleveland-police');
    expect(form.statusCode).toBe(200);
    const $form = load(form.body);
    expect($form(`input[name="findings"][value="${findingId}"]`).length).toBe(1);
    expect($form(`input[name="findings"][value="${durhamFinding}"]`).length).toBe(0);

    const bad = await formPost(
      t,
      lpb,
      '/meetings/new',
      meetingForm({
        'heldOn-day': '',
        'heldOn-month': '',
        'heldOn-year': '',
        'q1-answer': 'An answer alone',
      }),
    );
    expect(bad.statusCode).toBe(422);
    const $bad = load(bad.body);
    const summary = $bad('.govuk-error-summary').text();
    expect(summary).toMatch(/Enter the date of the meeting/);
    expect(summary).toMatch(/Enter question 2/);
    expect($bad('.govuk-error-summary a[href="#heldOn-day"]').length).toBe(1);
    expect($bad('#focus').val()).toBe('Answering emergency calls at weekends');
    expect($bad('#q0-question').val()).toBe(FIRST_QUESTION);

    const impossible = await formPost(
      t,
      lpb,
      '/meetings/new',
      meetingForm({ 'heldOn-day': '31', 'heldOn-month': '2' }),
    );
    expect(impossible.statusCode).toBe(422);
    expect(load(impossible.body)('.govuk-error-summary').text()).toMatch(/must be a real date/);

    const otherForcesFinding = await formPost(t, lpb, '/meetings/new', {
      ...meetingForm(),
      findings: durhamFinding,
    });
    expect(otherForcesFinding.statusCode).toBe(422);
    expect(load(otherForcesFinding.body)('.govuk-error-summary').text()).toMatch(
      /Choose findings of this force/,
    );

    const ok = await formPost(t, lpb, '/meetings/new', { ...meetingForm(), findings: findingId });
    expect(ok.statusCode).toBe(303);
    const location = ok.headers.location as string;
    expect(location).toMatch(/^\/meetings\/[0-9a-f-]{36}\?saved=recorded$/);
    meetingId = location.slice('/meetings/'.length, location.indexOf('?'));

    const $ = load((await pageAs(t, lpb, location)).body);
    expect($('.govuk-notification-banner').text()).toMatch(/recorded as a draft/);
    expect($('h1').text()).toMatch(/Local policing body scrutiny meeting, 10 June 2025/);
    expect($('#questions ~ .app-question').first().text()).toContain(FIRST_ANSWER);
    expect($('#actions-arising + ul li').length).toBe(2);
    expect($(`#findings + ul a[href="/findings/${findingId}?asAt=${MEETING_DAY}"]`).length).toBe(1);

    const [audit] = await auditOf(meetingId, 'meeting.create');
    expect(audit!.actor).toBe(lpb.email);
    expect(audit!.after).toMatchObject({ heldOn: MEETING_DAY, findings: [findingId] });

    const duplicate = await formPost(t, lpb, '/meetings/new', meetingForm());
    expect(duplicate.statusCode).toBe(422);
    expect(load(duplicate.body)('.govuk-error-summary').text()).toMatch(/already a record/);
  });

  it('shows a draft only to those who may see drafts: others get 404', async () => {
    for (const session of [lpb, force, inspector]) {
      expect((await pageAs(t, session, `/meetings/${meetingId}`)).statusCode).toBe(200);
      expect((await pageAs(t, session, `/meetings/${meetingId}/pack`)).statusCode).toBe(200);
    }
    for (const session of [null, otherLpb]) {
      expect((await pageAs(t, session, `/meetings/${meetingId}`)).statusCode).toBe(404);
      expect((await pageAs(t, session, `/meetings/${meetingId}/pack`)).statusCode).toBe(404);
      expect((await pageAs(t, session, `/meetings/${meetingId}/pack.docx`)).statusCode).toBe(404);
      expect((await apiAs(t, session, 'GET', `/api/v1/meetings/${meetingId}`)).statusCode).toBe(404);
    }
    const publicList = load((await pageAs(t, null, '/forces/cleveland-police/meetings')).body);
    expect(publicList(`a[href="/meetings/${meetingId}"]`).length).toBe(0);
    expect(publicList('a[href^="/meetings/new"]').length).toBe(0);
    const lpbList = load((await pageAs(t, lpb, '/forces/cleveland-police/meetings')).body);
    expect(lpbList(`a[href="/meetings/${meetingId}"]`).closest('tr').text()).toMatch(/Draft/);
    expect(lpbList('a[href="/meetings/new?force=cleveland-police"]').length).toBe(1);
    const api = await apiAs(t, null, 'GET', '/api/v1/meetings?force=cleveland-police');
    expect(api.json<{ data: unknown[] }>().data).toEqual([]);
  });

  it('refuses to let another force’s LPB or the force itself record or change the meeting', async () => {
    expect((await pageAs(t, otherLpb, '/meetings/new?force=cleveland-police')).statusCode).toBe(403);
    expect(
      (await formPost(t, otherLpb, '/meetings/new', meetingForm({ 'heldOn-day': '11' }))).statusCode,
    ).toBe(403);
    expect((await pageAs(t, otherLpb, `/meetings/${meetingId}/edit`)).statusCode).toBe(403);
    const version = String(await meetingVersion(meetingId));
    expect(
      (await formPost(t, otherLpb, `/meetings/${meetingId}/edit`, { ...meetingForm(), version })).statusCode,
    ).toBe(403);
    expect(
      (await formPost(t, force, `/meetings/${meetingId}/edit`, { ...meetingForm(), version })).statusCode,
    ).toBe(403);
    expect((await formPost(t, force, `/meetings/${meetingId}/publish`, { version })).statusCode).toBe(403);
    expect((await formPost(t, null, '/meetings/new', meetingForm())).statusCode).toBe(403); // no CSRF token
    const api = await apiAs(t, otherLpb, 'POST', '/api/v1/meetings', {
      force: 'cleveland-police',
      heldOn: '2025-07-01',
      body: 'Police and crime panel',
    });
    expect(api.statusCode).toBe(403);
    expect(
      (await apiAs(t, otherLpb, 'PATCH', `/api/v1/meetings/${meetingId}`, { version: 1 })).statusCode,
    ).toBe(403);
    expect(await meetingVersion(meetingId)).toBe(Number(version));
  });

  it('adds a question row without saving anything', async () => {
    const res = await formPost(t, lpb, '/meetings/new', { ...meetingForm(), intent: 'add-question' });
    expect(res.statusCode).toBe(200);
    const $ = load(res.body);
    expect($('#q2-question').length).toBe(1);
    expect($('#q0-question').val()).toBe(FIRST_QUESTION);
    const [{ n }] = (await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from scrutiny_meeting where force_id = (select id from force where slug = 'cleveland-police')`,
    )) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('edits the meeting keeping its questions, and refuses a stale edit with the current values (409)', async () => {
    const edit = load((await pageAs(t, lpb, `/meetings/${meetingId}/edit`)).body);
    const version = edit('input[name="version"]').val() as string;
    const questionId = edit('input[name="q0-id"]').val() as string;
    expect(questionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(edit('#heldOn-day').val()).toBe('10');
    expect(edit(`input[name="findings"][value="${findingId}"]`).is(':checked')).toBe(true);

    const fields = {
      ...meetingForm(),
      version,
      questionRows: '3',
      'q0-id': questionId,
      'q0-answer': 'Eighty-one per cent; the force expects ninety by September.',
      'q1-question': 'When will the new call handlers start?',
      'q2-question': '',
      findings: findingId,
    };
    const saved = await formPost(t, lpb, `/meetings/${meetingId}/edit`, fields);
    expect(saved.statusCode).toBe(303);
    const questions = await queryRows<{ id: string; answer: string | null }>(
      t.database.db,
      sql`select id, answer from scrutiny_question where meeting_id = ${meetingId} order by position`,
    );
    expect(questions).toHaveLength(2);
    expect(questions[0]!.id).toBe(questionId);
    expect(questions[0]!.answer).toMatch(/ninety by September/);

    const stale = await formPost(t, lpb, `/meetings/${meetingId}/edit`, {
      ...fields,
      'q0-answer': 'An answer written over an old copy',
    });
    expect(stale.statusCode).toBe(409);
    const $stale = load(stale.body);
    expect($stale('.govuk-error-summary').text()).toMatch(/Someone else changed this meeting/);
    expect($stale('#q0-answer').val()).toMatch(/ninety by September/);
    expect($stale('input[name="version"]').val()).toBe(String(Number(version) + 1));

    const [audit] = await auditOf(meetingId, 'meeting.update');
    expect(audit!.actor).toBe(lpb.email);
    expect(JSON.stringify(audit!.before)).toContain(FIRST_ANSWER);
    expect(JSON.stringify(audit!.after)).toContain('ninety by September');
  });

  it('records, lists and changes meetings through the API, with 422 and 409', async () => {
    const bad = await apiAs(t, lpb, 'POST', '/api/v1/meetings', {
      force: 'cleveland-police',
      heldOn: '2025-02-30',
      body: 'Police and crime panel',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ fields: Record<string, string> }>().fields.heldOn).toMatch(/real date/);
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/meetings',
      headers: { cookie: lpb.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({
        force: 'cleveland-police',
        heldOn: '2025-07-01',
        body: 'Police and crime panel',
      }),
    });
    expect(noToken.statusCode).toBe(401);

    const created = await apiAs(t, lpb, 'POST', '/api/v1/meetings', {
      force: 'cleveland-police',
      heldOn: '2025-07-01',
      body: 'Police and crime panel',
      focus: 'The commissioner’s plan for the control room',
      findings: [secondId],
      questions: [{ question: 'What has the commissioner asked of the chief constable?' }],
    });
    expect(created.statusCode).toBe(201);
    const meeting = created.json<{
      data: {
        id: string;
        version: number;
        published: boolean;
        findings: string[];
        questions: Array<{ id: string }>;
      };
    }>().data;
    expect(meeting).toMatchObject({ published: false, findings: [secondId] });
    expect(meeting.questions).toHaveLength(1);

    const mine = await apiAs(t, lpb, 'GET', '/api/v1/meetings?force=cleveland-police');
    expect(mine.json<{ data: Array<{ id: string }> }>().data.map((m) => m.id)).toEqual([
      meeting.id,
      meetingId,
    ]);
    const paged = await apiAs(t, lpb, 'GET', '/api/v1/meetings?force=cleveland-police&limit=1&offset=1');
    const second = paged.json<{ data: Array<{ id: string }>; page: Record<string, unknown> }>();
    expect(second.data.map((m) => m.id)).toEqual([meetingId]);
    // The same envelope as every list: how many in all, and the next page.
    expect(second.page).toMatchObject({ limit: 1, offset: 1, total: 2 });
    const first = await apiAs(t, lpb, 'GET', '/api/v1/meetings?force=cleveland-police&limit=1');
    expect(first.json<{ page: { next: string } }>().page.next).toBe(
      '/api/v1/meetings?force=cleveland-police&limit=1&offset=1',
    );
    const durham = await apiAs(t, otherLpb, 'GET', '/api/v1/meetings');
    expect(durham.json<{ data: unknown[] }>().data).toEqual([]);

    const patched = await apiAs(t, lpb, 'PATCH', `/api/v1/meetings/${meeting.id}`, {
      version: meeting.version,
      questions: [
        {
          id: meeting.questions[0]!.id,
          question: 'What has the commissioner asked?',
          answer: 'A plan by July.',
        },
      ],
    });
    expect(patched.statusCode).toBe(200);
    const after = patched.json<{ data: typeof meeting & { focus: string } }>().data;
    expect(after.version).toBe(meeting.version + 1);
    expect(after.questions[0]!.id).toBe(meeting.questions[0]!.id);
    expect(after.focus).toBe('The commissioner’s plan for the control room');

    const stale = await apiAs(t, lpb, 'PATCH', `/api/v1/meetings/${meeting.id}`, {
      version: meeting.version,
      focus: 'Written over an old copy',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ currentVersion: number }>().currentVersion).toBe(meeting.version + 1);
    expect((await auditOf(meeting.id, 'meeting.update')).length).toBe(1);
  });

  it('shows the focus finding in the pack as it stood on the meeting day, not as it is now', async () => {
    // After the meeting: the force moves the date again and rates itself on track.
    await t.container.workflow.editAction(forceViewer, findingId, actionId, {
      dueOn: '2026-01-31',
      reason: 'Vetting backlog',
      version: (
        await queryRows<{ version: number }>(
          t.database.db,
          sql`select version from finding_action where id = ${actionId}`,
        )
      )[0]!.version,
    });
    const findingVersion = async () =>
      (
        await queryRows<{ version: number }>(
          t.database.db,
          sql`select version from finding where id = ${findingId}`,
        )
      )[0]!.version;
    await t.container.workflow.setForceStatus(forceViewer, findingId, {
      forceStatus: 'on-track',
      version: await findingVersion(),
    });

    const $ = load((await pageAs(t, lpb, `/meetings/${meetingId}/pack`)).body);
    expect($('.govuk-inset-text').first().text()).toMatch(/Draft[\s\S]*end of 10 June 2025/);
    const finding = $(`#finding-${findingId}`);
    expect(finding.find('.app-pack-statuses').text()).toMatch(/Open[\s\S]*Not started[\s\S]*Not assessed/);
    const row = finding.find('tbody tr').first().text();
    expect(row).toMatch(/Recruit and train more call handlers/);
    expect(row).toMatch(/Head of contact management/);
    expect(row).toMatch(/1 June 2025/);
    expect(row).toMatch(/Overdue/);
    expect(row).toMatch(/Moved once \(first agreed 15 May 2025\)/);
    expect(finding.text()).not.toMatch(/31 January 2026|On track/);
    // …while the finding's own page shows today's state.
    const now = load((await pageAs(t, force, `/findings/${findingId}`)).body);
    expect(now(`#action-${actionId}`).text()).toMatch(/31 January 2026/);
  });

  it('publishes the meeting, freezing its pack: later changes to the finding do not alter it', async () => {
    const stale = await formPost(t, lpb, `/meetings/${meetingId}/publish`, { version: '1' });
    expect(stale.statusCode).toBe(409);
    const version = String(await meetingVersion(meetingId));
    const published = await formPost(t, lpb, `/meetings/${meetingId}/publish`, { version });
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe(`/meetings/${meetingId}?saved=published`);
    const [audit] = await auditOf(meetingId, 'meeting.publish');
    expect(audit!.after).toMatchObject({ published: true, packAsAt: MEETING_DAY });

    // Now public.
    expect((await pageAs(t, null, `/meetings/${meetingId}`)).statusCode).toBe(200);
    const publicList = load((await pageAs(t, null, '/forces/cleveland-police/meetings')).body);
    expect(publicList(`a[href="/meetings/${meetingId}"]`).closest('tr').text()).toMatch(/Published/);
    const before = (await apiAs(t, null, 'GET', `/api/v1/meetings/${meetingId}`)).json<{
      data: { pack: { frozen: boolean; asAt: string; findings: unknown[] } };
    }>().data.pack;
    expect(before).toMatchObject({ frozen: true, asAt: MEETING_DAY });

    // The inspectorate then records that the concern was closed on 5 June 2025, before the meeting:
    // a pack rebuilt now would say closed; the frozen one still says what the meeting saw.
    const findingVersion = (
      await queryRows<{ version: number }>(
        t.database.db,
        sql`select version from finding where id = ${findingId}`,
      )
    )[0]!.version;
    const decided = await formPost(t, inspector, `/findings/${findingId}/decision`, {
      status: 'closed',
      occurredOn: '2025-06-05',
      note: 'Evidence accepted',
      version: String(findingVersion),
    });
    expect(decided.statusCode).toBe(303);
    const asAtNow = load((await pageAs(t, null, `/findings/${findingId}?asAt=${MEETING_DAY}`)).body);
    expect(asAtNow('.app-status-views').text()).toMatch(/Closed/);

    const $ = load((await pageAs(t, null, `/meetings/${meetingId}/pack`)).body);
    expect($('.govuk-inset-text').first().text()).toMatch(/fixed when the meeting was published/);
    const statuses = $(`#finding-${findingId} .app-pack-statuses`).text();
    expect(statuses).toMatch(/Open/);
    expect(statuses).not.toMatch(/Closed/);
    expect($(`#finding-${findingId} tbody tr`).first().text()).toMatch(/1 June 2025[\s\S]*Overdue/);
    const after = (await apiAs(t, null, 'GET', `/api/v1/meetings/${meetingId}`)).json<{
      data: { pack: unknown };
    }>().data.pack;
    expect(after).toEqual(before);

    // Answers may still be corrected; the date and the focus findings may not.
    const current = await meetingVersion(meetingId);
    const moved = await apiAs(t, lpb, 'PATCH', `/api/v1/meetings/${meetingId}`, {
      version: current,
      heldOn: '2025-06-11',
    });
    expect(moved.statusCode).toBe(422);
    const refocused = await apiAs(t, lpb, 'PATCH', `/api/v1/meetings/${meetingId}`, {
      version: current,
      findings: [secondId],
    });
    expect(refocused.statusCode).toBe(422);
    const edit = load((await pageAs(t, lpb, `/meetings/${meetingId}/edit`)).body);
    expect(edit('#heldOn-day').length).toBe(0);
    const answered = await formPost(t, lpb, `/meetings/${meetingId}/edit`, {
      ...meetingForm(),
      'heldOn-day': '',
      version: String(current),
      questionRows: '1',
      'q0-id': edit('input[name="q0-id"]').val() as string,
      'q0-answer': 'Corrected: eighty-two per cent.',
    });
    expect(answered.statusCode).toBe(303);
    expect(
      (await apiAs(t, null, 'GET', `/api/v1/meetings/${meetingId}`)).json<{ data: { findings: string[] } }>()
        .data,
    ).toMatchObject({ findings: [findingId], heldOn: MEETING_DAY });
    expect(
      (await formPost(t, lpb, `/meetings/${meetingId}/publish`, { version: String(current + 1) })).statusCode,
    ).toBe(409);
  });

  it('gives the pack as a Word document with the questions and the focus findings', async () => {
    const res = await pageAs(t, null, `/meetings/${meetingId}/pack.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers['content-disposition']).toMatch(/meeting-pack-cleveland-police-2025-06-10\.docx/);
    const { value } = await mammoth.extractRawText({ buffer: res.rawPayload });
    expect(value).toContain(FIRST_QUESTION);
    expect(value).toContain('Corrected: eighty-two per cent.');
    expect(value).toContain('Invented concern 1: the force does not answer emergency calls fast enough');
    expect(value).toMatch(/Cause of concern 1/);
    expect(value).toMatch(
      /Recruit and train more call handlers[\s\S]*Head of contact management[\s\S]*1 June 2025/,
    );
    expect(value).toMatch(/Moved once/);
    expect(value).toMatch(/Overdue/);
    expect(value).not.toMatch(/Closed|31 January 2026/);
    expect(value).toContain('PCC office to visit the control room');
  });

  it('downloads the meetings list as CSV and XLSX with exactly the rows the viewer is shown', async () => {
    const shown = (session: Session | null) =>
      pageAs(t, session, '/forces/cleveland-police/meetings').then((r) => {
        const $ = load(r.body);
        return $('tbody tr')
          .map((_, tr) => $(tr).find('a').attr('href'))
          .get();
      });
    const downloaded = (session: Session | null) =>
      pageAs(t, session, '/forces/cleveland-police/meetings?format=csv').then((r) => {
        expect(r.headers['content-disposition']).toBe('attachment; filename="cleveland-police-meetings.csv"');
        const records: string[][] = parse(r.body, { bom: true });
        expect(records[0]).toEqual([
          'Date',
          'Meeting',
          'Focus',
          'Questions',
          'Findings in focus',
          'State',
          'Link',
        ]);
        return records.slice(1).map((row) => row[6]);
      });
    const publicRows = await shown(null);
    const lpbRows = await shown(lpb);
    expect(lpbRows.length).toBeGreaterThan(publicRows.length);
    expect(publicRows.length).toBeGreaterThan(0);
    expect(await downloaded(null)).toEqual(publicRows);
    expect(await downloaded(lpb)).toEqual(lpbRows);
    const xlsx = await pageAs(t, lpb, '/forces/cleveland-police/meetings?format=xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const links: string[] = [];
    workbook.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) links.push(row.getCell(7).text);
    });
    expect(links).toEqual(lpbRows);
  });

  it('lists published meetings for the public through the API', async () => {
    const res = await apiAs(t, null, 'GET', '/api/v1/meetings?force=cleveland-police');
    expect(res.statusCode).toBe(200);
    const data = res.json<{ data: Array<Record<string, unknown>> }>().data;
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      id: meetingId,
      force: 'cleveland-police',
      heldOn: MEETING_DAY,
      body: 'Local policing body scrutiny meeting',
      published: true,
      findings: [findingId],
    });
    expect(data[0]!.questions).toEqual([
      expect.objectContaining({
        number: '1',
        question: FIRST_QUESTION,
        answer: 'Corrected: eighty-two per cent.',
      }),
    ]);
    expect((await apiAs(t, null, 'GET', '/api/v1/meetings?force=no-such-force')).statusCode).toBe(404);
  });

  it('will not publish a meeting whose focus finding is still under embargo', async () => {
    const embargoed = await insertInspectionWithFindings(t.database.db, {
      publishedAt: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    });
    const created = await apiAs(t, lpb, 'POST', '/api/v1/meetings', {
      force: 'cleveland-police',
      heldOn: '2025-08-01',
      body: 'Local policing body scrutiny meeting',
      findings: [embargoed.findingIds[0]],
    });
    expect(created.statusCode).toBe(201);
    const { id, version } = created.json<{ data: { id: string; version: number } }>().data;
    const res = await apiAs(t, lpb, 'POST', `/api/v1/meetings/${id}/publish`, { version });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ detail: string }>().detail).toMatch(/embargo/);
    const page = await formPost(t, lpb, `/meetings/${id}/publish`, { version: String(version) });
    expect(page.statusCode).toBe(422);
    expect(load(page.body)('.govuk-error-summary').text()).toMatch(/embargo/);
  });
});
