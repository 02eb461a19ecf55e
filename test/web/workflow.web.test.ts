import { load } from 'cheerio';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/index.js';
import { createTestApp, type TestApp } from '../app.js';
import { accountSession, apiAs, formPost, pageAs, type Session } from '../auth.js';
import { testDatabaseKinds } from '../databases.js';
import { insertInspectionWithFindings } from '../fixtures-db.js';

function multipart(
  session: Session,
  fields: Record<string, string>,
  files: Array<{ name: string; type: string; content: Buffer }>,
) {
  const boundary = '----oversight-workflow-test';
  const parts: Buffer[] = Object.entries({ _csrf: session.csrf, ...fields }).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  for (const f of files)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      accept: 'text/html',
      cookie: session.cookie,
    },
  };
}

describe.each(testDatabaseKinds)('the findings workflow on %s', (kind) => {
  let t: TestApp;
  let force: Session;
  let otherForce: Session;
  let lpb: Session;
  let inspector: Session;
  let findingId: string;
  let secondId: string;
  const version = async (id: string) =>
    (
      await queryRows<{ version: number }>(t.database.db, sql`select version from finding where id = ${id}`)
    )[0]!.version;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const fixture = await insertInspectionWithFindings(t.database.db, { findings: 2 });
    [findingId, secondId] = fixture.findingIds as [string, string];
    [force, otherForce, lpb, inspector] = await Promise.all([
      accountSession(t, 'force', 'cleveland-police'),
      accountSession(t, 'force', 'durham-constabulary'),
      accountSession(t, 'lpb', 'cleveland-police'),
      accountSession(t, 'inspectorate'),
    ]);
  });
  afterAll(() => t.close());

  it('shows the public the finding and its three statuses, but not the work', async () => {
    const res = await pageAs(t, null, `/findings/${findingId}`);
    expect(res.statusCode).toBe(200);
    const $ = load(res.body);
    expect($('.app-status-views').text()).toMatch(/Open[\s\S]*Not started[\s\S]*Not assessed/);
    expect($('#actions').length).toBe(0);
    expect($('form[action$="/actions"]').length).toBe(0);
  });

  it('lets the force add an action, and another force not', async () => {
    const denied = await formPost(t, otherForce, `/findings/${findingId}/actions`, {
      title: 'x',
      owner: 'y',
      dueOn: '2026-01-31',
    });
    expect(denied.statusCode).toBe(403);
    const bad = await formPost(t, force, `/findings/${findingId}/actions`, {
      title: '',
      owner: 'Head of contact',
      dueOn: '2026-02-30',
    });
    expect(bad.statusCode).toBe(422);
    const $bad = load(bad.body);
    expect($bad('.govuk-error-summary').text()).toMatch(/Enter what will be done/);
    expect($bad('.govuk-error-summary').text()).toMatch(/real date/);
    expect($bad('#new-action-owner').val()).toBe('Head of contact');
    const ok = await formPost(t, force, `/findings/${findingId}/actions`, {
      title: 'Recruit and train more call handlers',
      owner: 'Head of contact management',
      dueOn: '2026-01-31',
    });
    expect(ok.statusCode).toBe(303);
    const $ = load((await pageAs(t, force, `/findings/${findingId}`)).body);
    expect($('.app-action h3').text()).toBe('Recruit and train more call handlers');
  });

  it('keeps every change of agreed date with its reason, and refuses a stale edit', async () => {
    const [action] = await queryRows<{ id: string; version: number }>(
      t.database.db,
      sql`select id, version from finding_action where finding_id = ${findingId}`,
    );
    const url = `/findings/${findingId}/actions/${action!.id}`;
    const noReason = await formPost(t, force, url, { dueOn: '2026-03-31', version: String(action!.version) });
    expect(noReason.statusCode).toBe(422);
    expect(load(noReason.body)('.govuk-error-summary').text()).toMatch(/reason/);
    const first = await formPost(t, force, url, {
      dueOn: '2026-03-31',
      reason: 'Training course moved',
      version: String(action!.version),
    });
    expect(first.statusCode).toBe(303);
    const stale = await formPost(t, force, url, {
      dueOn: '2026-06-30',
      reason: 'Again',
      version: String(action!.version),
    });
    expect(stale.statusCode).toBe(409);
    const $stale = load(stale.body);
    expect($stale('.govuk-error-summary').text()).toMatch(/Someone else changed this action/);
    expect($stale(`#action-${action!.id}-dueOn`).val()).toBe('2026-03-31');
    await formPost(t, force, url, {
      dueOn: '2026-06-30',
      reason: 'Vetting backlog',
      version: String(action!.version + 1),
    });
    const $ = load((await pageAs(t, force, `/findings/${findingId}`)).body);
    const dates = $(`#action-${action!.id} table`).text();
    expect(dates).toMatch(/First agreed date[\s\S]*31 January 2026/);
    expect(dates).toMatch(/Second agreed date[\s\S]*31 March 2026[\s\S]*Training course moved/);
    expect(dates).toMatch(/Third agreed date[\s\S]*30 June 2026[\s\S]*Vetting backlog/);
  });

  it('posts progress with evidence, checks the files, and serves them only to those who may see them', async () => {
    const exe = await t.app.inject({
      method: 'POST',
      url: `/findings/${findingId}/updates`,
      ...multipart(force, { text: 'Bad file' }, [
        { name: 'run.pdf', type: 'application/pdf', content: Buffer.from('MZ\x90\x00') },
      ]),
    });
    expect(exe.statusCode).toBe(422);
    expect(load(exe.body)('.govuk-error-summary').text()).toMatch(/not a real PDF/);
    const ok = await t.app.inject({
      method: 'POST',
      url: `/findings/${findingId}/updates`,
      ...multipart(force, { text: 'Twelve new call handlers started in March.' }, [
        {
          name: 'board-minutes.txt',
          type: 'text/plain',
          content: Buffer.from('Board noted the new starters.'),
        },
      ]),
    });
    expect(ok.statusCode).toBe(303);
    const forged = await t.app.inject({
      method: 'POST',
      url: `/findings/${findingId}/updates`,
      ...multipart({ ...force, csrf: 'nope' }, { text: 'x' }, []),
    });
    expect(forged.statusCode).toBe(403);
    const $ = load((await pageAs(t, force, `/findings/${findingId}`)).body);
    const href = $('#updates ~ ol a[href^="/evidence/"]').attr('href')!;
    expect(href).toBeTruthy();
    expect((await pageAs(t, force, href)).body).toBe('Board noted the new starters.');
    expect((await pageAs(t, lpb, href)).statusCode).toBe(200);
    expect((await pageAs(t, otherForce, href)).statusCode).toBe(403);
    expect((await pageAs(t, null, href)).statusCode).toBe(302);
  });

  it('lets the LPB give assurance and the force rate itself, each in its own view', async () => {
    expect(
      (
        await formPost(t, force, `/findings/${findingId}/assurance`, {
          assurance: 'assured',
          version: String(await version(findingId)),
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await formPost(t, lpb, `/findings/${findingId}/assurance`, {
          assurance: 'partly-assured',
          note: 'Seen the plan, not the results',
          version: String(await version(findingId)),
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await formPost(t, force, `/findings/${findingId}/force-status`, {
          forceStatus: 'on-track',
          version: String(await version(findingId)),
        })
      ).statusCode,
    ).toBe(303);
    const $ = load((await pageAs(t, null, `/findings/${findingId}`)).body);
    expect($('.app-status-views').text()).toMatch(/On track[\s\S]*Partly assured[\s\S]*Seen the plan/);
  });

  it('takes a closure request with evidence to the inspectorate, who returns it, then closes it', async () => {
    expect(
      (await formPost(t, lpb, `/findings/${findingId}/closure-requests`, { summary: 'x' })).statusCode,
    ).toBe(403);
    const [file] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select e.id from evidence_file e join finding_update u on u.id = e.update_id where u.finding_id = ${findingId}`,
    );
    expect(
      (
        await formPost(t, force, `/findings/${findingId}/closure-requests`, {
          summary: 'Answer times are now within target',
          evidenceIds: file!.id,
        })
      ).statusCode,
    ).toBe(303);
    const work = load((await pageAs(t, inspector, '/my-work')).body);
    expect(work('#waiting').text()).toMatch(/Invented concern 1/);
    const [request] = await queryRows<{ id: string; version: number }>(
      t.database.db,
      sql`select id, version from closure_request where finding_id = ${findingId}`,
    );
    const decide = `/findings/${findingId}/closure-requests/${request!.id}/decision`;
    expect(
      (await formPost(t, force, decide, { decision: 'accept', version: String(request!.version) }))
        .statusCode,
    ).toBe(403);
    const noReason = await formPost(t, inspector, decide, {
      decision: 'return',
      version: String(request!.version),
    });
    expect(noReason.statusCode).toBe(422);
    expect(
      (
        await formPost(t, inspector, decide, {
          decision: 'return',
          note: 'Show six months of figures',
          version: String(request!.version),
        })
      ).statusCode,
    ).toBe(303);
    expect(load((await pageAs(t, force, '/my-work')).body)('#returned').text()).toMatch(
      /Show six months of figures/,
    );
    // "My work" downloads as what the page shows: here the returned request, with its reasons.
    const download = await pageAs(t, force, '/my-work?format=csv');
    expect(download.statusCode, download.body.slice(0, 300)).toBe(200);
    expect(download.headers['cache-control']).toBe('private, no-store');
    const lines: string[][] = parse(download.body, { bom: true });
    expect(lines[0]).toEqual([
      'List',
      'Action or finding',
      'Force',
      'Owner',
      'Agreed date',
      'Requested or returned',
      'By, or reasons',
      'Link',
    ]);
    const returned = lines.find((l) => l[0] === 'Closure request returned')!;
    expect(returned[6]).toBe('Show six months of figures');
    expect(returned[7]).toBe(`/findings/${findingId}#closure`);
    expect((await pageAs(t, null, '/my-work?format=csv')).statusCode).toBe(302);
    await formPost(t, force, `/findings/${findingId}/closure-requests`, {
      summary: 'Six months of figures attached',
      evidenceIds: file!.id,
    });
    const [second] = await queryRows<{ id: string; version: number }>(
      t.database.db,
      sql`select id, version from closure_request where finding_id = ${findingId} and status = 'pending'`,
    );
    // The lifecycle tables build the forms: the inspectorate may give any status but "closure
    // requested", needs reasons for anything but closing, and answers the request; the force,
    // waiting, has no second request to make.
    const waiting = load((await pageAs(t, inspector, `/findings/${findingId}`)).body);
    const values = (selector: string) =>
      waiting(selector)
        .map((_, e) => waiting(e).attr('value'))
        .get();
    expect(values('#decision-status option')).toEqual(['open', 'closed', 'superseded', 'no-longer-relevant']);
    expect(waiting('#decision-note-hint').text()).toMatch(/Needed to reopen the finding, mark as superseded/);
    expect(values(`input[name=decision]`)).toEqual(['accept', 'return']);
    expect(waiting(`#closure-${second!.id}-note-hint`).text()).toMatch(
      /Needed to return the request to the force/,
    );
    expect(load((await pageAs(t, force, `/findings/${findingId}`)).body)('#closure-form').length).toBe(0);
    const reopen = await formPost(t, inspector, `/findings/${findingId}/decision`, {
      status: 'open',
      version: String(await version(findingId)),
    });
    expect(reopen.statusCode).toBe(422);
    expect(load(reopen.body)('#decision-note-error').text()).toMatch(
      /Give the reasons for returning the request/,
    );
    expect(
      (
        await formPost(t, inspector, `/findings/${findingId}/closure-requests/${second!.id}/decision`, {
          decision: 'accept',
          version: String(second!.version),
        })
      ).statusCode,
    ).toBe(303);
    const $ = load((await pageAs(t, null, `/findings/${findingId}`)).body);
    expect($('.app-status-views').text()).toMatch(/Closed/);
    expect($('#history ~ table').text()).toMatch(/Closure requested[\s\S]*Open[\s\S]*Closure requested/);
  });

  it('lets only the inspectorate decide, including superseding with a link', async () => {
    expect(
      (
        await formPost(t, force, `/findings/${secondId}/decision`, {
          status: 'closed',
          version: String(await version(secondId)),
        })
      ).statusCode,
    ).toBe(403);
    const missing = await formPost(t, inspector, `/findings/${secondId}/decision`, {
      status: 'superseded',
      version: String(await version(secondId)),
    });
    expect(missing.statusCode).toBe(422);
    expect(
      (
        await formPost(t, inspector, `/findings/${secondId}/decision`, {
          status: 'superseded',
          supersededBy: findingId,
          note: 'Merged',
          version: String(await version(secondId)),
        })
      ).statusCode,
    ).toBe(303);
    const $ = load((await pageAs(t, null, `/findings/${secondId}`)).body);
    expect($('#lineage ~ ul').text()).toMatch(/Superseded by[\s\S]*Invented concern 1/);
  });

  it('shows the finding as at an earlier day', async () => {
    const $ = load((await pageAs(t, null, `/findings/${findingId}?asAt=2025-02-02`)).body);
    expect($('main').text()).toMatch(/had not been raised by 2 February 2025/);
    const open = load((await pageAs(t, null, `/findings/${findingId}?asAt=2025-06-30`)).body);
    expect(open('.app-status-views').text()).toMatch(/Open[\s\S]*Not started[\s\S]*Not assessed/);
  });

  it('records every write in the audit log', async () => {
    const rows = await queryRows<{ action: string; actor: string }>(
      t.database.db,
      sql`select action, actor from audit_event where entity in ('finding', 'finding_action', 'finding_update', 'closure_request') order by at`,
    );
    const actions = rows.map((r) => r.action);
    for (const a of [
      'action.create',
      'action.update',
      'update.post',
      'finding.assurance',
      'finding.force-status',
      'closure.request',
      'closure.return',
      'closure.accept',
      'finding.status',
    ])
      expect(actions).toContain(a);
    expect(rows.find((r) => r.action === 'closure.accept')!.actor).toBe(inspector.email);
  });

  it('My work needs signing in', async () => {
    const res = await pageAs(t, null, '/my-work');
    expect(res.statusCode).toBe(302);
    expect((await apiAs(t, null, 'GET', '/my-work')).statusCode).toBe(302);
  });
});

describe.each(testDatabaseKinds)('the findings list on %s', (kind) => {
  let t: TestApp;
  let force: Session;
  let ids: string[];
  beforeAll(async () => {
    t = await createTestApp(kind);
    ids = (await insertInspectionWithFindings(t.database.db, { findings: 3 })).findingIds;
    await insertInspectionWithFindings(t.database.db, {
      title: 'A future inspection',
      publishedAt: new Date(Date.now() + 3_600_000),
    });
    force = await accountSession(t, 'force', 'cleveland-police');
    await apiAs(t, force, 'POST', `/api/v1/findings/${ids[0]}/actions`, {
      title: 'Late thing',
      owner: 'Someone',
      dueOn: '2020-01-31',
    });
    await apiAs(t, force, 'POST', `/api/v1/findings/${ids[1]}/actions`, {
      title: 'Future thing',
      owner: 'Someone',
      dueOn: '2099-01-31',
    });
    await apiAs(t, force, 'POST', `/api/v1/findings/${ids[1]}/force-status`, {
      forceStatus: 'at-risk',
      version: 1,
    });
  });
  afterAll(() => t.close());

  const shown = async (query: string, session: Session | null = null) =>
    load((await pageAs(t, session, `/findings?${query}`)).body)('#findings tbody tr').length;

  it('filters by overdue actions, the force’s rating, area and words, and links each row to its page', async () => {
    expect(await shown('force=cleveland-police')).toBe(3);
    expect(await shown('force=cleveland-police&overdue=true')).toBe(1);
    expect(await shown('forceStatus=at-risk')).toBe(1);
    expect(await shown('assurance=assured')).toBe(0);
    expect(await shown('area=responding')).toBe(3);
    expect(await shown('area=nothing+like+it')).toBe(0);
    expect(await shown('q=weekend+emergency')).toBe(3);
    const $ = load((await pageAs(t, null, '/findings?force=cleveland-police&overdue=true')).body);
    expect($('#findings tbody a').attr('href')).toBe(`/findings/${ids[0]}`);
    const api = await apiAs(t, null, 'GET', '/api/v1/findings?overdue=true&force=cleveland-police');
    expect(api.json<{ data: Array<{ id: string }> }>().data.map((f) => f.id)).toEqual([ids[0]]);
  });

  it('shows embargoed findings only to those allowed', async () => {
    expect(await shown('force=cleveland-police', force)).toBe(4);
    expect(await shown('force=cleveland-police')).toBe(3);
  });
});

describe.each(testDatabaseKinds)('force and inspection pages as at a day on %s', (kind) => {
  let t: TestApp;
  let fixture: Awaited<ReturnType<typeof insertInspectionWithFindings>>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    fixture = await insertInspectionWithFindings(t.database.db, { findings: 1 });
    const inspector = await accountSession(t, 'inspectorate');
    const viewer = (await t.accounts.viewerForToken(inspector.token))!;
    await t.container.workflow.decide(viewer, fixture.findingIds[0]!, {
      status: 'closed',
      occurredOn: '2025-09-01',
      version: 1,
    });
  });
  afterAll(() => t.close());

  it('rebuilds an inspection’s findings as they stood', async () => {
    const now = load((await pageAs(t, null, `/inspections/${fixture.slug}`)).body);
    expect(now(`#finding-${fixture.findingIds[0]} .govuk-tag`).text()).toMatch(/Closed 1 September 2025/);
    const then = load((await pageAs(t, null, `/inspections/${fixture.slug}?asAt=2025-06-30`)).body);
    expect(then('#as-at-notice').text()).toMatch(/As at 30 June 2025/);
    expect(then(`#finding-${fixture.findingIds[0]} .govuk-tag`).text().trim()).toBe('Open');
    const before = load((await pageAs(t, null, `/inspections/${fixture.slug}?asAt=2025-01-01`)).body);
    expect(before('main').text()).toMatch(/had not been published by 1 January 2025/);
    expect(before(`#finding-${fixture.findingIds[0]}`).length).toBe(0);
  });

  it('shows a force’s inspections and Engage periods as they stood', async () => {
    const now = load((await pageAs(t, null, '/forces/cleveland-police')).body);
    expect(now('main').text()).toContain('A made-up inspection of call handling');
    const then = load((await pageAs(t, null, '/forces/cleveland-police?asAt=2025-01-01')).body);
    expect(then('#as-at-notice').text()).toMatch(/As at 1 January 2025/);
    expect(then('main').text()).not.toContain('A made-up inspection of call handling');
    const api = await apiAs(t, null, 'GET', `/api/v1/findings/${fixture.findingIds[0]}?asAt=2025-06-30`);
    expect(api.json<{ data: { status: string; asAt: string } }>().data).toMatchObject({
      status: 'open',
      asAt: '2025-06-30',
    });
  });
});
