import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '../accounts/index.js';
import { allowed } from '../accounts/index.js';
import { presentFindingForms, presentFindingPage, presentMyWork, truncate } from './workflow.presenter.js';
import type { FindingHistory, FindingRecord } from './workflow.repository.js';

const viewer = (role: Role, forceId: string | null = 'own'): Viewer => ({
  role,
  userId: `u-${role}`,
  actor: `${role}@example.org`,
  name: null,
  forceId,
  forceSlug: null,
});

/** The page's parts the forms read, for a viewer and a finding status. */
const pageFor = (
  role: Role,
  status: string,
  more: { asAt?: string; evidence?: unknown[]; forceId?: string } = {},
) => ({
  status: { value: status },
  can: allowed(viewer(role, more.forceId), { forceIds: ['own'], status }),
  closureRequests:
    status === 'closure-requested'
      ? [
          { id: 'r1', status: 'pending' },
          { id: 'r0', status: 'returned' },
        ]
      : [],
  evidence: more.evidence ?? [],
  asAt: more.asAt,
});
const forms = (role: Role, status: string, more: { asAt?: string; evidence?: unknown[] } = {}) =>
  presentFindingForms(pageFor(role, status, more), viewer(role));

describe('the finding page’s forms, from the lifecycle tables', () => {
  it('offers the inspectorate every status but "closure requested", the current one chosen', () => {
    const decision = forms('inspectorate', 'closed').decision!;
    expect(decision.options).toEqual([
      { value: 'open', text: 'Open', selected: false },
      { value: 'closed', text: 'Closed', selected: true },
      { value: 'superseded', text: 'Superseded', selected: false },
      { value: 'no-longer-relevant', text: 'No longer relevant', selected: false },
    ]);
    expect(decision).toMatchObject({
      takesDate: true,
      takesReplacement: true,
      reason: { label: 'Reason (optional)', hint: undefined },
    });
  });

  it('asks for reasons to do anything but close a finding waiting for closure, and for the request’s answer', () => {
    const f = forms('inspectorate', 'closure-requested');
    expect(f.decision!.options.map((o) => o.value)).toEqual([
      'open',
      'closed',
      'superseded',
      'no-longer-relevant',
    ]);
    expect(f.decision!.reason).toEqual({
      label: 'Reason',
      hint: 'Needed to reopen the finding, mark as superseded or mark as no longer relevant',
    });
    expect(f.closureDecisions).toEqual({
      r1: {
        items: [
          { value: 'accept', text: 'Close the finding' },
          { value: 'return', text: 'Return the request to the force' },
        ],
        note: { label: 'Reasons', hint: 'Needed to return the request to the force' },
      },
    });
  });

  it('lets the force ask for closure of an open finding only, sending evidence when there is some', () => {
    expect(forms('force', 'open').closureRequest).toEqual({
      button: 'Request closure',
      offersEvidence: false,
    });
    expect(forms('force', 'open', { evidence: [{}] }).closureRequest?.offersEvidence).toBe(true);
    expect(forms('force', 'closure-requested').closureRequest).toBeNull();
    expect(forms('force', 'open').decision).toBeNull();
    expect(forms('force', 'closure-requested').closureDecisions).toEqual({});
  });

  it('offers an action’s status and every status the force may move it to; no one else', () => {
    expect(forms('force', 'open').actionStatusOptions('complete')).toEqual([
      { value: 'not-started', text: 'Not started', selected: false },
      { value: 'in-progress', text: 'In progress', selected: false },
      { value: 'complete', text: 'Complete', selected: true },
      { value: 'cancelled', text: 'Cancelled', selected: false },
    ]);
    expect(forms('force', 'closed').actionStatusOptions('complete')).toEqual([
      { value: 'complete', text: 'Complete', selected: true },
    ]);
  });

  it('offers nothing to the local policing body, to another force, or as at a past day', () => {
    for (const f of [
      forms('lpb', 'open'),
      presentFindingForms(pageFor('force', 'open', { forceId: 'other' }), viewer('force', 'other')),
      forms('inspectorate', 'open', { asAt: '2025-01-01' }),
    ]) {
      expect(f.decision).toBeNull();
      expect(f.closureRequest).toBeNull();
      expect(f.closureDecisions).toEqual({});
    }
  });

  it('keeps the status a refused decision asked for', () => {
    const f = presentFindingForms(pageFor('inspectorate', 'open'), viewer('inspectorate'), {
      status: 'superseded',
    });
    expect(f.decision!.options.find((o) => o.selected)?.value).toBe('superseded');
  });
});

describe('the finding page’s rows, from the presenter', () => {
  const at = (iso: string) => new Date(iso);
  const finding = {
    id: 'f1',
    forceId: 'own',
    kind: 'cause-of-concern',
    status: 'open',
    statusOn: '2025-03',
    forceStatus: 'on-track',
    assurance: 'not-assessed',
    assuranceNote: null,
    publishedAt: null,
  } as unknown as FindingRecord;
  const history = {
    events: [{ status: 'open', occurredOn: '2025-03', recordedAt: at('2025-03-10T09:00:00Z'), note: null }],
    assessments: [{ view: 'force', value: 'on-track', note: 'Going well', at: at('2025-05-01T08:30:00Z') }],
    actions: [
      {
        id: 'a1',
        title: 'Recruit and train enough call handlers to answer emergency calls within ten seconds',
        owner: 'Head of contact',
        dueOn: '2025-12-31',
        status: 'in-progress',
        changes: [
          {
            field: 'due-on',
            before: '2025-09-30',
            after: '2025-12-31',
            reason: 'Recruitment paused',
            actor: 'force@example.org',
            at: at('2025-06-02T13:15:00Z'),
          },
          {
            field: 'owner',
            before: 'Chief inspector',
            after: 'Head of contact',
            reason: null,
            actor: 'force@example.org',
            at: at('2025-06-03T13:15:00Z'),
          },
        ],
      },
    ],
    updates: [
      {
        id: 'u1',
        text: 'Figures attached',
        at: at('2025-06-04T10:00:00Z'),
        evidence: [{ id: 'e1', filename: 'figures.xlsx' }],
      },
    ],
    closureRequests: [],
  } as unknown as FindingHistory;
  const page = presentFindingPage({ finding, lineage: [], history, seesWork: true }, viewer('force'));

  it('gives each action the table of its agreed dates and owners', () => {
    expect(page.actions[0]!.changeRows).toEqual([
      [
        { text: 'First agreed date' },
        { text: '30 September 2025' },
        { text: '–' },
        { text: 'When the action was agreed' },
      ],
      [
        { text: 'Second agreed date' },
        { text: '31 December 2025' },
        { text: 'Recruitment paused' },
        { text: '2 June 2025 at 2:15pm' },
      ],
      [
        { text: 'Owner changed' },
        { text: 'Chief inspector → Head of contact' },
        { text: '–' },
        { text: '3 June 2025 at 2:15pm' },
      ],
    ]);
  });

  it('gives the history table, newest first, dated by the day decided or the moment recorded', () => {
    expect(page.historyRows.map((r) => r.map((c) => c.text))).toEqual([
      [
        '3 June 2025 at 2:15pm',
        'force@example.org',
        'Action “Recruit and train enough call handlers to answer emergency calls within ten seconds”: owner changed from Chief inspector to Head of contact',
        '',
      ],
      [
        '2 June 2025 at 2:15pm',
        'force@example.org',
        expect.stringContaining('agreed date changed from 2025-09-30 to 2025-12-31'),
        'Recruitment paused',
      ],
      ['1 May 2025 at 9:30am', 'Force', 'Force’s rating: On track', 'Going well'],
      ['March 2025', 'Inspectorate', 'Status: Open', ''],
    ]);
    expect(page.historyRows[0]![0]).toMatchObject({ classes: 'app-nowrap' });
  });

  it('gives the update form its choices and the closure request form its evidence, ticked', () => {
    expect(page.updateAboutItems).toEqual([
      { value: '', text: 'The finding as a whole' },
      { value: 'a1', text: 'Recruit and train enough call handlers to answer emergency calls within ten...' },
    ]);
    expect(page.evidenceItems).toEqual([{ value: 'e1', text: 'figures.xlsx', checked: true }]);
  });

  it('truncates as Nunjucks does', () => {
    expect(truncate('short', 80)).toBe('short');
    expect(truncate('two words', 5)).toBe('two...');
    expect(truncate('unbroken', 4)).toBe('unbr...');
  });
});

describe('My work’s tables, from the presenter', () => {
  const work = presentMyWork({
    overdue: [
      {
        actionId: 'a1',
        findingId: 'f1',
        title: 'Hire <staff>',
        owner: 'Head of HR',
        dueOn: '2025-01-31',
        forceName: 'Cleveland Police',
      },
    ],
    dueSoon: [],
    waiting: [
      {
        id: 'r1',
        findingId: 'f2',
        findingText: 'Word '.repeat(40),
        forceName: 'Durham Constabulary',
        requestedAt: new Date('2025-07-01T09:05:00Z'),
        requestedBy: 'force@example.org',
      },
    ],
    returned: [
      {
        id: 'r2',
        findingId: 'f3',
        findingText: 'Short',
        forceName: 'Durham Constabulary',
        decisionNote: null,
        decidedAt: null,
      },
    ],
  } as unknown as Parameters<typeof presentMyWork>[0]);

  it('links each action to its place on its finding’s page', () => {
    expect(work.overdueRows).toEqual([
      [
        { html: '<a class="govuk-link" href="/findings/f1#action-a1">Hire &lt;staff&gt;</a>' },
        { text: 'Head of HR' },
        { text: '31 January 2025', classes: 'app-nowrap' },
        { text: 'Cleveland Police' },
      ],
    ]);
    expect(work.dueSoonRows).toEqual([]);
  });

  it('links each closure request to its finding’s closure section, its words cut short', () => {
    expect(work.waitingRows[0]![0]).toEqual({
      html: expect.stringMatching(
        /^<a class="govuk-link" href="\/findings\/f2#closure">(Word ){23}Word\.\.\.<\/a>$/,
      ) as unknown,
    });
    expect(work.waitingRows[0]!.slice(1)).toEqual([
      { text: 'Durham Constabulary' },
      { text: '1 July 2025 at 10:05am' },
      { text: 'force@example.org' },
    ]);
    expect(work.returnedRows).toEqual([
      [{ html: '<a class="govuk-link" href="/findings/f3#closure">Short</a>' }, { text: '' }, { text: '' }],
    ]);
  });
});
