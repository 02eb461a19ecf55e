export const COUNTRIES = ['england', 'wales'] as const;
export type Country = (typeof COUNTRIES)[number];

/** The kinds of local policing body (LPB) that hold a force to account. */
export const LPB_KINDS = ['pcc', 'pfcc', 'mayor', 'mopac', 'city-of-london-corporation'] as const;
export type LpbKind = (typeof LPB_KINDS)[number];

export const LPB_KIND_LABELS: Record<LpbKind, string> = {
  pcc: 'Police and crime commissioner',
  pfcc: 'Police, fire and crime commissioner',
  mayor: 'Mayor',
  mopac: "Mayor's Office for Policing and Crime",
  'city-of-london-corporation': 'City of London Corporation',
};

export const COUNTRY_LABELS: Record<Country, string> = { england: 'England', wales: 'Wales' };

/** Lower-case hyphenated slug of an official name: "Devon and Cornwall Police" → "devon-and-cornwall-police". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The key a force name is matched under: case, punctuation, "&" and spacing do not matter. */
export function nameKey(name: string): string {
  return slugify(name.replace(/^the\s+/i, ''));
}
