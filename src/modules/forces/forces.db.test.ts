import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../../test/databases.js';
import { createForcesService } from './forces.service.js';

describe.each(testDatabaseKinds)('forces on %s', (kind) => {
  let database: TestDatabase;
  let service: ReturnType<typeof createForcesService>;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    service = createForcesService(database.db);
  });
  afterAll(() => database.dispose());

  it.each([
    ['Metropolitan Police', 'metropolitan-police-service'],
    ['MPS', 'metropolitan-police-service'],
    ['the Metropolitan Police Service', 'metropolitan-police-service'],
    ['GMP', 'greater-manchester-police'],
    ['Hampshire Constabulary', 'hampshire-and-isle-of-wight-constabulary'],
    ['Devon & Cornwall Police', 'devon-and-cornwall-police'],
    ['CLEVELAND POLICE', 'cleveland-police'],
    ['Dyfed Powys Police', 'dyfed-powys-police'],
  ])('recognises "%s" as %s', async (name, slug) => {
    expect((await service.resolveName(name))?.slug).toBe(slug);
  });

  it('does not invent a force for an unknown name', async () => {
    expect(await service.resolveName('Atlantis Constabulary')).toBeNull();
  });

  it('lists the forces in alphabetical order', async () => {
    const names = (await service.list()).map((f) => f.name);
    expect(names).toHaveLength(43);
    expect(names[0]).toBe('Avon and Somerset Police');
    expect(names.at(-1)).toBe('Wiltshire Police');
  });

  it('refuses an unknown slug with a not-found error', async () => {
    await expect(service.get('atlantis-police')).rejects.toMatchObject({ code: 'not-found' });
  });
});
