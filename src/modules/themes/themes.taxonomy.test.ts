import { describe, expect, it } from 'vitest';
import { THEMES, themesOf } from './themes.taxonomy.js';

describe('theme rules', () => {
  it.each([
    ['Call handlers miss vulnerability at the first point of contact.', 'vulnerability-at-first-contact'],
    ['Answering 101 calls more quickly.', 'call-handling'],
    ['Too many emergency calls are abandoned.', 'call-handling'],
    ['Too few investigations have a plan and a supervisor.', 'investigation-quality'],
    ['The force is failing to record domestic abuse and behavioural crimes.', 'crime-recording'],
    ['Recording data about crime', 'crime-recording'],
    ['The force is not managing the risk posed by registered sex offenders.', 'offender-management'],
    ['Improve its use of bail and released under investigation.', 'offender-management'],
    ['How it responds when children are reported missing.', 'child-protection'],
    [
      'Improve how it shares safeguarding information with partner organisations.',
      'safeguarding-domestic-abuse',
    ],
    ['Manage MARAC referrals properly.', 'safeguarding-domestic-abuse'],
    ['Crime prevention gets too little priority.', 'crime-prevention'],
    ['Raise the profile of structured problem-solving.', 'crime-prevention'],
    ['A thorough understanding of demand is required.', 'strategic-planning-demand'],
    ['Improve its understanding of workforce well-being and reduce sickness.', 'workforce'],
    ['The lack of proactive work to gather counter-corruption intelligence.', 'ethics-counter-corruption'],
    ['Understand what victim blaming is.', 'ethics-counter-corruption'],
    ['The force doesn’t adequately engage with local communities.', 'public-engagement'],
    ['Comply with the requirements of the Code of Practice for Victims of Crime.', 'victim-service'],
  ])('"%s" is about %s', (text, theme) => {
    expect(themesOf(text)).toContain(theme);
  });

  it('an exclusion keeps a theme off: workforce plans are planning, not workforce', () => {
    const themes = themesOf('It does not have coherent workforce and financial plans to meet demand.');
    expect(themes).toContain('strategic-planning-demand');
    expect(themes).not.toContain('workforce');
  });

  it('a text about nothing in the taxonomy has no theme', () => {
    expect(themesOf('The weather was fine.')).toEqual([]);
  });

  it('every theme has a unique slug, a name and at least one rule', () => {
    expect(new Set(THEMES.map((t) => t.slug)).size).toBe(THEMES.length);
    for (const t of THEMES) expect(t.patterns.length).toBeGreaterThan(0);
  });
});
