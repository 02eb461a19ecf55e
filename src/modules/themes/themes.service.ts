import { notFound } from '../../shared/errors.js';
import { compare, parseIso } from '../../shared/partial-date.js';
import type { FindingsService } from '../findings/findings.service.js';
import type { EngageReason } from '../monitoring/monitoring.repository.js';
import type { MonitoringService } from '../monitoring/monitoring.service.js';
import { THEMES, THEME_BY_SLUG, themesOf } from './themes.taxonomy.js';

/** One thing said about a force that carries themes: a finding, or a reason it entered Engage. */
export type ThemedItem = {
  force: { slug: string; name: string };
  source: 'finding' | 'engage-reason';
  text: string;
  open: boolean;
  since: string | null;
  closedOn: string | null;
  url: string;
  /** For an Engage reason of a period that ended: what the force improved to leave. */
  improvements: string[];
  themes: string[];
};

type ForceSummary = { slug: string; name: string; since: string | null; items: ThemedItem[] };

const earliestOf = (dates: Array<string | null>) =>
  dates.filter((d): d is string => d !== null).sort((a, b) => compare(parseIso(a), parseIso(b)))[0] ?? null;

function byForce(items: ThemedItem[], date: (i: ThemedItem) => string | null): ForceSummary[] {
  const forces = new Map<string, ForceSummary>();
  for (const item of items) {
    const entry = forces.get(item.force.slug) ?? { ...item.force, since: null, items: [] };
    entry.items.push(item);
    forces.set(item.force.slug, entry);
  }
  return [...forces.values()]
    .map((f) => ({ ...f, since: earliestOf(f.items.map(date)) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const flatten = (reasons: EngageReason[]): EngageReason[] =>
  reasons.flatMap((r) => [r, ...flatten(r.children)]);

export function createThemesService(deps: { findings: FindingsService; monitoring: MonitoringService }) {
  async function items(): Promise<ThemedItem[]> {
    const [findings, periods] = await Promise.all([deps.findings.list({}, 5000), deps.monitoring.periods()]);
    const fromFindings: ThemedItem[] = findings
      .filter((f) => f.kind !== 'innovative-practice')
      .map((f) => ({
        force: { slug: f.forceSlug, name: f.forceName },
        source: 'finding' as const,
        text: f.text,
        open: f.status === 'open' || f.status === 'closure-requested',
        since: f.raisedOn,
        closedOn: f.status === 'closed' ? f.statusOn : null,
        url: f.inspectionSlug
          ? `/inspections/${f.inspectionSlug}#finding-${f.id}`
          : `/forces/${f.forceSlug}#engage-history`,
        improvements: [],
        themes: themesOf(`${f.areaLabel ?? ''} ${f.text}`),
      }));
    const fromReasons: ThemedItem[] = periods.flatMap((p) =>
      flatten(p.entryReasons)
        .filter((r) => !r.findingId) // causes of concern are counted once, as findings
        .map((r) => ({
          force: { slug: p.force.slug, name: p.force.name },
          source: 'engage-reason' as const,
          text: r.text ?? r.theme ?? '',
          open: p.exitedOn === null,
          since: p.enteredOn,
          closedOn: p.exitedOn,
          url: `/forces/${p.force.slug}#engage-history`,
          improvements: flatten(p.exitReasons).map((x) => x.text ?? x.theme ?? ''),
          themes: themesOf(`${r.text ?? ''} ${r.theme ?? ''}`),
        })),
    );
    return [...fromFindings, ...fromReasons];
  }

  return {
    /** Every theme: which forces have it open now and since when, and how many have overcome it. */
    async overview() {
      const all = await items();
      return THEMES.map((theme) => {
        const mine = all.filter((i) => i.themes.includes(theme.slug));
        const open = byForce(
          mine.filter((i) => i.open),
          (i) => i.since,
        );
        const openSlugs = new Set(open.map((f) => f.slug));
        const overcome = byForce(
          mine.filter((i) => !i.open && i.closedOn),
          (i) => i.closedOn,
        ).filter((f) => !openSlugs.has(f.slug));
        return { slug: theme.slug, name: theme.name, open, overcome };
      });
    },
    /** One theme in full, with the forces that overcame it and what they improved. */
    async theme(slug: string) {
      const theme = THEME_BY_SLUG.get(slug);
      if (!theme) throw notFound(`The theme "${slug}"`);
      const mine = (await items()).filter((i) => i.themes.includes(slug));
      return {
        slug,
        name: theme.name,
        open: byForce(
          mine.filter((i) => i.open),
          (i) => i.since,
        ),
        overcome: byForce(
          mine.filter((i) => !i.open && i.closedOn),
          (i) => i.closedOn,
        ).map((f) => ({
          ...f,
          improvements: [...new Set(f.items.flatMap((i) => i.improvements))],
        })),
      };
    },
  };
}
export type ThemesService = ReturnType<typeof createThemesService>;
