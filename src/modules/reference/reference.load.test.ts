import { describe, expect, it } from 'vitest';
import { checkReferenceData, readReferenceData } from './reference.load.js';
import type { ReferenceData } from './reference.schemas.js';

const { data } = await readReferenceData();
const copy = (): ReferenceData => structuredClone(data);

describe('bundled reference data', () => {
  it('lists the 43 territorial forces of England and Wales: 39 English and 4 Welsh', () => {
    expect(data.forces.forces).toHaveLength(43);
    expect(
      data.forces.forces
        .filter((f) => f.country === 'wales')
        .map((f) => f.name)
        .sort(),
    ).toEqual(['Dyfed-Powys Police', 'Gwent Police', 'North Wales Police', 'South Wales Police']);
  });

  it('gives each force the slug of its lower-case hyphenated official name', () => {
    const slugs = data.forces.forces.map((f) => f.slug);
    expect(slugs).toContain('cleveland-police');
    expect(slugs).toContain('metropolitan-police-service');
    expect(slugs).toContain('devon-and-cornwall-police');
    expect(new Set(slugs).size).toBe(43);
  });

  it('records the local policing bodies that are not PCCs', () => {
    const kind = (slug: string) => data.forces.forces.find((f) => f.slug === slug)?.lpb.kind;
    expect(
      ['essex-police', 'northamptonshire-police', 'staffordshire-police', 'cumbria-constabulary'].map(kind),
    ).toEqual(['pfcc', 'pfcc', 'pfcc', 'pfcc']);
    expect(kind('metropolitan-police-service')).toBe('mopac');
    expect(kind('city-of-london-police')).toBe('city-of-london-corporation');
    expect(
      [
        'greater-manchester-police',
        'west-yorkshire-police',
        'south-yorkshire-police',
        'north-yorkshire-police',
      ].map(kind),
    ).toEqual(['mayor', 'mayor', 'mayor', 'mayor']);
  });

  it('holds every Engage period of DOMAIN.md with the precision of its source', () => {
    const period = (force: string) => data.engage.periods.find((p) => p.force === force);
    expect(data.engage.periods).toHaveLength(10);
    expect(period('cleveland-police')).toMatchObject({ entered: '2019', exited: '2023-09' });
    expect(period('lincolnshire-police')).toMatchObject({ entered: '2024-12-06', exited: null });
    expect(period('metropolitan-police-service')).toMatchObject({
      entered: '2022-06-28',
      exited: '2025-01-23',
    });
    expect(period('greater-manchester-police')).toMatchObject({ entered: '2020-12', exited: '2022-10-28' });
    for (const p of data.engage.periods) expect(p.entryReasons.length).toBeGreaterThan(0);
  });

  it('has a PEEL framework for each cycle from 2014 to 2025–27, five-tier from 2021/22', () => {
    const peel = data.programmes.programmes.filter((p) => p.kind === 'peel');
    expect(peel.map((p) => p.slug)).toEqual(
      expect.arrayContaining(['peel-2014', 'peel-2016', 'peel-2021-22', 'peel-2025-27']),
    );
    expect(peel.find((p) => p.slug === 'peel-2016')?.scale).toBe('four-tier');
    expect(peel.find((p) => p.slug === 'peel-2021-22')?.scale).toBe('five-tier');
  });

  it('is consistent', () => {
    expect(checkReferenceData(data)).toEqual([]);
  });
});

describe('reference data consistency rules', () => {
  it('refuses a name variant shared by two forces', () => {
    const d = copy();
    d.forces.forces[1]!.aliases.push(d.forces.forces[0]!.name.toUpperCase());
    expect(checkReferenceData(d).join()).toMatch(/is also a name of/);
  });

  it('refuses an Engage period for an unknown force', () => {
    const d = copy();
    d.engage.periods[0]!.force = 'atlantis-police';
    expect(checkReferenceData(d).join()).toMatch(/unknown force atlantis-police/);
  });

  it('refuses an exit before the entry', () => {
    const d = copy();
    Object.assign(d.engage.periods[0]!, { entered: '2024-05', exited: '2023-01' });
    expect(checkReferenceData(d).join()).toMatch(/before it enters/);
  });

  it('refuses overlapping periods of one force', () => {
    const d = copy();
    const first = d.engage.periods.find((p) => p.exited !== null)!;
    d.engage.periods.push({ ...first, entered: first.entered, exited: null });
    expect(checkReferenceData(d).join()).toMatch(/overlap/);
  });

  it('refuses a grade that is not on the cycle’s scale', () => {
    const d = copy();
    const inspection = d.inspections.inspections.find((i) => i.programme === 'peel-2016')!;
    inspection.judgements.find((j) => j.grade !== null)!.grade = 'adequate';
    expect(checkReferenceData(d).join()).toMatch(/not on the four-tier scale/);
  });

  it('refuses a judgement on an area the programme does not have', () => {
    const d = copy();
    d.inspections.inspections[0]!.judgements[0]!.area = 'juggling';
    expect(checkReferenceData(d).join()).toMatch(/unknown area juggling/);
  });
});
