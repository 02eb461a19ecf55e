/** "First", "Second", … for numbered labels ("Second agreed date"). */
export const ORDINALS = [
  'First',
  'Second',
  'Third',
  'Fourth',
  'Fifth',
  'Sixth',
  'Seventh',
  'Eighth',
  'Ninth',
  'Tenth',
];
export const ordinal = (i: number): string => ORDINALS[i] ?? `${i + 1}th`;
