import { describe, expect, it } from 'vitest';
import { presentAreaRows, presentFindingRows } from './findings.presenter.js';
import type { FindingListRow } from './findings.repository.js';

describe('the findings table, from the presenter', () => {
  const row = {
    id: 'f1',
    forceName: 'Cleveland Police',
    kind: 'cause-of-concern',
    areaLabel: null,
    text: 'Calls <answered> late',
    status: 'closed',
    statusOn: '2025-09',
    forceStatus: 'on-track',
    assurance: 'partly-assured',
    raisedOn: null,
  } as unknown as FindingListRow;

  it('links each finding, escapes its words, and gives its three statuses in one cell', () => {
    expect(presentFindingRows([row])).toEqual([
      [
        { text: 'Cleveland Police' },
        { text: 'Cause of concern' },
        { text: '–' },
        { html: '<a class="govuk-link" href="/findings/f1">Calls &lt;answered&gt; late</a>' },
        {
          html: 'Closed September 2025<br><span class="govuk-body-s">Force: On track<br>Assurance: Partly assured</span>',
        },
        { text: '–', classes: 'app-nowrap' },
      ],
    ]);
  });

  it('gives the chart’s table its numbers as numbers', () => {
    expect(presentAreaRows([{ area: 'Investigating crime', causes: 2, afis: 0 }])).toEqual([
      [{ text: 'Investigating crime' }, { text: '2', format: 'numeric' }, { text: '0', format: 'numeric' }],
    ]);
  });
});
