import { describe, expect, it } from 'vitest';
import { matchArea } from './area-match.js';

const peel2016 = [
  {
    slug: 'preventing-crime',
    name: 'Preventing crime, tackling anti-social behaviour and keeping people safe',
  },
  { slug: 'investigating-crime', name: 'Investigating crime and reducing re-offending' },
  {
    slug: 'protecting-vulnerable',
    name: 'Protecting those who are vulnerable from harm, and supporting victims',
  },
  { slug: 'serious-organised-crime', name: 'Tackling serious and organised crime' },
  { slug: 'specialist-capabilities', name: 'Specialist capabilities' },
];
const peel2021 = [
  { slug: 'public-treatment', name: 'Engaging with, and treating, the public with fairness and respect' },
  { slug: 'preventing-crime', name: 'Preventing crime and anti-social behaviour' },
  { slug: 'managing-offenders', name: 'Managing offenders and suspects' },
  { slug: 'recording-data', name: 'Recording data about crime' },
];

describe('matching an area label to a programme area', () => {
  it.each([
    [
      'Question 1: preventing crime, tackling anti-social behaviour and keeping people safe?',
      'preventing-crime',
    ],
    ['Question 2: investigating crime and reducing re-offending?', 'investigating-crime'],
    [
      'Question 3: protecting those who are vulnerable from harm, and supporting victims?',
      'protecting-vulnerable',
    ],
    ['How effective is the force at tackling serious and organised crime?', 'serious-organised-crime'],
    ['How effective are the force’s specialist capabilities?', 'specialist-capabilities'],
  ])('PEEL 2016: %s', (label, slug) => {
    expect(matchArea(label, peel2016)?.slug).toBe(slug);
  });

  it.each([
    ['engaging with & treating the public with fairness and respect', 'public-treatment'],
    ['Preventing Crime and Anti-Social Behaviour', 'preventing-crime'],
    ['Managing Offenders and suspects', 'managing-offenders'],
    ['recording data about crime', 'recording-data'],
  ])('PEEL 2021/22: %s', (label, slug) => {
    expect(matchArea(label, peel2021)?.slug).toBe(slug);
  });

  it('finds nothing for an unrelated label', () => {
    expect(matchArea('Fire safety in tall buildings', peel2021)).toBeNull();
  });
});
