/** Kinds of inspection programme, and so of inspection. */
export const PROGRAMME_KINDS = [
  'peel',
  'thematic',
  'force-specific',
  'revisit',
  'joint',
  'commissioned',
] as const;
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];

export const PROGRAMME_KIND_LABELS: Record<ProgrammeKind, string> = {
  peel: 'PEEL',
  thematic: 'Thematic',
  'force-specific': 'Force-specific',
  revisit: 'Revisit',
  joint: 'Joint',
  commissioned: 'Commissioned',
};

/** Grading scales: PEEL used four tiers until 2021/22, then five (adding "adequate"). */
export const SCALES = {
  'four-tier': ['outstanding', 'good', 'requires-improvement', 'inadequate'],
  'five-tier': ['outstanding', 'good', 'adequate', 'requires-improvement', 'inadequate'],
  ungraded: [],
} as const satisfies Record<string, readonly string[]>;
export type Scale = keyof typeof SCALES;
export const SCALE_NAMES = Object.keys(SCALES) as Scale[];

export const GRADES = ['outstanding', 'good', 'adequate', 'requires-improvement', 'inadequate'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_LABELS: Record<Grade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  adequate: 'Adequate',
  'requires-improvement': 'Requires improvement',
  inadequate: 'Inadequate',
};

/** GOV.UK tag colour per grade. */
export const GRADE_TAG_CLASSES: Record<Grade, string> = {
  outstanding: 'govuk-tag--blue',
  good: 'govuk-tag--green',
  adequate: 'govuk-tag--yellow',
  'requires-improvement': 'govuk-tag--orange',
  inadequate: 'govuk-tag--red',
};

export function isGradeOnScale(grade: Grade, scale: Scale): boolean {
  return (SCALES[scale] as readonly string[]).includes(grade);
}
