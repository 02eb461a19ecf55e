import { describe, expect, it } from 'vitest';
import { findingsByArea, responseItems } from './responses.document.js';
import type { FindingItem, RecommendationRow } from './responses.repository.js';
import {
  deadlineOf,
  defaultInspectionType,
  planRecommendations,
  RESPONSE_TRANSITIONS,
  unanswered,
} from './responses.service.js';

const finding = (f: Partial<FindingItem> & Pick<FindingItem, 'id' | 'kind' | 'text'>): FindingItem => ({
  parentId: null,
  number: null,
  position: 0,
  areaId: null,
  areaLabel: null,
  ...f,
});

const row = (
  r: Partial<RecommendationRow> & Pick<RecommendationRow, 'id' | 'text' | 'position'>,
): RecommendationRow =>
  ({ findingId: null, number: null, action: null, version: 1, findingKind: null, ...r }) as RecommendationRow;

const items: FindingItem[] = [
  finding({ id: 'c1', kind: 'cause-of-concern', number: '1', position: 0, text: 'Calls go unanswered.' }),
  finding({ id: 'r11', kind: 'recommendation', number: '1', parentId: 'c1', text: 'Hire call handlers.' }),
  finding({
    id: 'r12',
    kind: 'recommendation',
    number: '2',
    parentId: 'c1',
    position: 1,
    text: 'Publish waiting times.',
  }),
  finding({ id: 'c2', kind: 'cause-of-concern', number: '2', position: 1, text: 'Vetting is behind.' }),
  finding({
    id: 'a1',
    kind: 'area-for-improvement',
    number: '1',
    position: 2,
    text: 'Train supervisors, now.',
  }),
  finding({ id: 'r3', kind: 'recommendation', number: '3', position: 3, text: 'Review the estate.' }),
];

describe('what a response must list', () => {
  it('lists each recommendation (numbered within its cause), causes without recommendations, then areas for improvement', () => {
    const { links, additions } = planRecommendations(items, []);
    expect(links).toEqual([]);
    expect(additions.map((a) => [a.findingId, a.number, a.position])).toEqual([
      ['r11', '1.1', 0],
      ['r12', '1.2', 1],
      ['c2', '2', 2],
      ['r3', '3', 3],
      ['a1', '1', 4],
    ]);
  });

  it('links rows of an imported form to the finding with the same wording, and adds only what is missing after them', () => {
    const { links, additions } = planRecommendations(items, [
      row({ id: 'x', text: 'train supervisors now', position: 0 }),
      row({ id: 'y', text: 'Something the form says that the report does not.', position: 1 }),
      row({ id: 'z', findingId: 'r3', text: 'Review the estate.', position: 2 }),
    ]);
    expect(links).toEqual([{ rowId: 'x', findingId: 'a1' }]);
    expect(additions.map((a) => [a.findingId, a.position])).toEqual([
      ['r11', 3],
      ['r12', 4],
      ['c2', 5],
    ]);
  });
});

describe('refusing to publish', () => {
  it('names each recommendation and cause of concern without an action; areas for improvement are optional', () => {
    const list = responseItems([
      row({
        id: '1',
        findingId: 'r11',
        findingKind: 'recommendation',
        number: '1.1',
        text: 'a',
        position: 0,
        action: 'Done.',
      }),
      row({
        id: '2',
        findingId: 'r12',
        findingKind: 'recommendation',
        number: '3',
        text: 'b',
        position: 1,
        action: '  ',
      }),
      row({ id: '3', findingId: 'c2', findingKind: 'cause-of-concern', number: '2', text: 'c', position: 2 }),
      row({
        id: '4',
        findingId: 'a1',
        findingKind: 'area-for-improvement',
        number: '1',
        text: 'd',
        position: 3,
      }),
      row({ id: '5', text: 'An unnumbered line of the form', position: 4 }),
    ]);
    const missing = planRecommendations(
      [finding({ id: 'r9', kind: 'recommendation', number: '9', text: 'e' })],
      [],
    ).additions;
    expect(unanswered(list, missing)).toEqual({
      'action-2': 'Recommendation 3 has no response: say what was done or why nothing was',
      'action-3': 'Cause of concern 2 has no response: say what was done or why nothing was',
      'action-5': 'Recommendation (not numbered) has no response: say what was done or why nothing was',
      'findings-r9':
        'Recommendation 9 is not in this response yet: bring in the inspection’s findings and answer it',
    });
  });

  it('moves draft → ready → published, and back from ready to draft only', () => {
    expect(Object.keys(RESPONSE_TRANSITIONS.draft)).toEqual(['ready']);
    expect(Object.keys(RESPONSE_TRANSITIONS.ready).sort()).toEqual(['draft', 'published']);
    expect(RESPONSE_TRANSITIONS.ready.published?.permission).toBe('response.publish');
    expect(RESPONSE_TRANSITIONS.published).toEqual({});
  });
});

describe('the deadline and the form’s boxes', () => {
  it('counts from the publication moment in London, or the day when only that is known to the day', () => {
    expect(deadlineOf({ publishedAt: new Date('2023-03-17T00:01:00Z'), publishedOn: '2023-03' })).toBe(
      '2023-05-11',
    );
    // 23:30 UTC on 16 March 2024 is still the 16th in London (GMT), but 23:30 UTC on 1 April is the 2nd (BST).
    expect(deadlineOf({ publishedAt: new Date('2024-04-01T23:30:00Z'), publishedOn: null })).toBe(
      '2024-05-27',
    );
    expect(deadlineOf({ publishedAt: null, publishedOn: '2023-03-17' })).toBe('2023-05-11');
    expect(deadlineOf({ publishedAt: null, publishedOn: '2023-03' })).toBeNull();
    expect(deadlineOf({ publishedAt: null, publishedOn: null })).toBeNull();
  });

  it('ticks the type of inspection from what is known of it', () => {
    const ticked = (kind: string, forces: number) =>
      defaultInspectionType(kind, forces)
        .filter((o) => o.ticked === true)
        .map((o) => o.label);
    expect(ticked('peel', 1)).toEqual(['Specific to the force']);
    expect(ticked('thematic', 43)).toEqual(['National', 'Thematic']);
    expect(ticked('revisit', 1)).toEqual(['Follow-up (revisit)']);
    expect(ticked('joint', 5)).toEqual(['National', 'With partner inspectorates']);
  });
});

describe('findings by graded area', () => {
  it('puts causes of concern with their recommendations and the areas for improvement under their area, in the grades’ order', () => {
    const sections = findingsByArea(
      [
        { areaId: 'a1', areaLabel: 'Custody', grade: 'inadequate' },
        { areaId: null, areaLabel: 'Leadership', grade: 'good' },
        { areaId: null, areaLabel: 'Nothing to say here', grade: 'adequate' },
      ],
      [
        finding({
          id: 'i1',
          kind: 'area-for-improvement',
          number: '1',
          areaLabel: 'leadership',
          text: 'Lead better.',
        }),
        finding({
          id: 'c1',
          kind: 'cause-of-concern',
          number: '1',
          areaId: 'a1',
          areaLabel: 'Custody suites',
          text: 'Unsafe.',
        }),
        finding({
          id: 'r1',
          kind: 'recommendation',
          number: '1',
          parentId: 'c1',
          areaId: 'a1',
          text: 'Fix it.',
        }),
        finding({
          id: 'r2',
          kind: 'recommendation',
          number: '9',
          areaLabel: 'Vetting',
          text: 'Vet everyone.',
        }),
      ],
    );
    expect(sections.map((s) => [s.label, s.gradeLabel])).toEqual([
      ['Custody', 'Inadequate'],
      ['Leadership', 'Good'],
      ['Vetting', null],
    ]);
    expect(sections[0]!.causes).toEqual([
      { number: '1', text: 'Unsafe.', recommendations: [{ number: '1.1', text: 'Fix it.' }] },
    ]);
    expect(sections[1]!.improvements).toEqual([{ number: '1', text: 'Lead better.' }]);
    expect(sections[2]!.recommendations).toEqual([{ number: '9', text: 'Vet everyone.' }]);
  });
});
