import type { Db } from '../../db/index.js';
import { ConflictError } from '../../db/versioned.js';
import { InputError, notFound } from '../../shared/errors.js';
import { compare, parseIso } from '../../shared/partial-date.js';
import type { Viewer } from '../accounts/index.js';
import { assertCan } from '../accounts/index.js';
import { recordAudit } from '../../db/audit.js';
import type { FindingsService } from '../findings/index.js';
import type { EngagePeriod, EngageReason } from '../monitoring/index.js';
import type { MonitoringService } from '../monitoring/index.js';
import { createThemesRepository, type ThemeOverride, type ThemeSubject } from './themes.repository.js';
import { themeOverrideSchema } from './themes.schemas.js';
import { similarResolved } from './themes.similar.js';
import { THEMES, THEME_BY_SLUG, themesOf } from './themes.taxonomy.js';

/** One thing said about a force that carries themes: a finding, or a reason it entered Engage. */
export type ThemedItem = {
  subject: ThemeSubject;
  force: { slug: string; name: string };
  source: 'finding' | 'engage-reason';
  /** The inspection a finding came from, or the Engage period of a reason. */
  inspectionSlug: string | null;
  periodId: string | null;
  text: string;
  open: boolean;
  since: string | null;
  closedOn: string | null;
  url: string;
  /** For an Engage reason of a period that ended: what the force improved to leave. */
  improvements: string[];
  themes: string[];
  /** What the rules assign; themes differs from it when the inspectorate has overridden them. */
  ruleThemes: string[];
  override: ThemeOverride | null;
};

/** The themes of one finding or Engage reason: the rules', the inspectorate's, and which apply. */
export type SubjectThemes = {
  subject: ThemeSubject;
  text: string;
  ruleThemes: string[];
  override: ThemeOverride | null;
  themes: Array<{ slug: string; name: string }>;
};

const named = (slugs: string[]) =>
  slugs.flatMap((slug) => {
    const theme = THEME_BY_SLUG.get(slug);
    return theme ? [{ slug, name: theme.name }] : [];
  });

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

/** Every reason of a list, nested ones included; the list's notes ("These causes … were closed") are not reasons. */
const flatten = (reasons: EngageReason[]): EngageReason[] =>
  reasons.flatMap((r) => (r.kind === 'note' ? [] : [r, ...flatten(r.children)]));

export function createThemesService(deps: {
  db: Db;
  findings: FindingsService;
  monitoring: MonitoringService;
}) {
  const repository = createThemesRepository(deps.db);

  /** The themes that apply: the inspectorate's when it has chosen, else the rules'. */
  const applied = (rules: string[], override: ThemeOverride | undefined) =>
    override ? THEMES.map((t) => t.slug).filter((slug) => override.themes.includes(slug)) : rules;

  async function items(): Promise<ThemedItem[]> {
    const [findings, periods, overrides] = await Promise.all([
      deps.findings.list({}, 5000),
      deps.monitoring.periods(),
      repository.all(),
    ]);
    const fromFindings: ThemedItem[] = findings
      .filter((f) => f.kind !== 'innovative-practice')
      .map((f) => {
        const ruleThemes = themesOf(`${f.areaLabel ?? ''} ${f.text}`);
        const override = overrides.get(`finding:${f.id}`);
        return {
          subject: { kind: 'finding' as const, id: f.id },
          force: { slug: f.forceSlug, name: f.forceName },
          source: 'finding' as const,
          inspectionSlug: f.inspectionSlug,
          periodId: null,
          text: f.text,
          open: f.status === 'open' || f.status === 'closure-requested',
          since: f.raisedOn,
          closedOn: f.status === 'closed' ? f.statusOn : null,
          url: f.inspectionSlug
            ? `/inspections/${f.inspectionSlug}#finding-${f.id}`
            : `/forces/${f.forceSlug}#engage-history`,
          improvements: [],
          ruleThemes,
          override: override ?? null,
          themes: applied(ruleThemes, override),
        };
      });
    const fromReasons: ThemedItem[] = periods.flatMap((p) =>
      flatten(p.entryReasons)
        .filter((r) => !r.findingId) // causes of concern are counted once, as findings
        .map((r) => {
          const ruleThemes = themesOf(`${r.text ?? ''} ${r.theme ?? ''}`);
          const override = overrides.get(`engage-reason:${r.id}`);
          return {
            subject: { kind: 'engage-reason' as const, id: r.id },
            force: { slug: p.force.slug, name: p.force.name },
            source: 'engage-reason' as const,
            inspectionSlug: null,
            periodId: p.id,
            text: r.text ?? r.theme ?? '',
            open: p.exitedOn === null,
            since: p.enteredOn,
            closedOn: p.exitedOn,
            url: `/forces/${p.force.slug}#engage-history`,
            improvements: flatten(p.exitReasons).map((x) => x.text ?? x.theme ?? ''),
            ruleThemes,
            override: override ?? null,
            themes: applied(ruleThemes, override),
          };
        }),
    );
    return [...fromFindings, ...fromReasons];
  }

  /** The wording of a finding or Engage reason, or 404 (embargo applies: the public may not probe). */
  async function subjectText(subject: ThemeSubject, viewer: Viewer): Promise<{ text: string; area: string }> {
    const found = await repository.subjectText(subject, viewer);
    if (!found) throw notFound(subject.kind === 'finding' ? 'The finding' : 'The Engage reason');
    return found;
  }

  async function subjectThemes(subject: ThemeSubject, viewer: Viewer): Promise<SubjectThemes> {
    const { text, area } = await subjectText(subject, viewer);
    const ruleThemes = themesOf(`${area} ${text}`);
    const override = await repository.forSubject(subject);
    return {
      subject,
      text: text.trim(),
      ruleThemes,
      override,
      themes: named(applied(ruleThemes, override ?? undefined)),
    };
  }

  return {
    subjectThemes,
    /** Closed causes of concern and Engage exits of other forces worded most like this one. */
    similar: (subject: ThemeSubject, limit = 3) => similarResolved(deps.db, subject, limit),
    /**
     * The inspectorate sets the themes of one finding or Engage reason (themes null: back to the
     * rules), with a reason; a stale version is refused with the current override. Audited.
     */
    async setThemes(viewer: Viewer, subject: ThemeSubject, input: unknown): Promise<SubjectThemes> {
      assertCan(viewer, 'theme.override');
      const parsed = themeOverrideSchema.safeParse(input);
      if (!parsed.success) throw new InputError(parsed.error);
      const { themes, reason, version } = parsed.data;
      await subjectText(subject, viewer);
      await deps.db.transaction(async (tx) => {
        const repo = createThemesRepository(tx);
        const before = await repo.forSubject(subject, true);
        if ((before?.version ?? undefined) !== version)
          throw new ConflictError('choice of themes', before ?? { themes: null, version: null });
        if (themes === null && !before) return; // already on the rules: nothing to record
        const after =
          themes === null
            ? await repo.remove(before!)
            : await repo.save(subject, before, { themes, reason, actor: viewer.actor });
        await recordAudit(tx, {
          actor: viewer.actor,
          action: themes === null ? 'themes.reset' : 'themes.override',
          entity: subject.kind,
          entityId: subject.id,
          before: before ? { themes: before.themes, reason: before.reason } : null,
          after: { themes: after?.themes ?? null, reason },
        });
      });
      return subjectThemes(subject, viewer);
    },
    /**
     * For the reasons of the Engage periods still open: the concerns other forces overcame that
     * are worded most alike, keyed by reason id (for the Engage and force pages).
     */
    async similarForOpenPeriods(periods: Array<Pick<EngagePeriod, 'exitedOn' | 'entryReasons'>>) {
      const reasons = periods
        .filter((p) => p.exitedOn === null)
        .flatMap((p) => flatten(p.entryReasons))
        .filter((r) => r.text !== null);
      const pairs = [];
      // One at a time: PGlite runs queries in turn anyway, and a pool is not worth crowding.
      for (const r of reasons)
        pairs.push([
          r.id,
          await similarResolved(
            deps.db,
            r.findingId ? { kind: 'finding', id: r.findingId } : { kind: 'engage-reason', id: r.id },
          ),
        ] as const);
      return Object.fromEntries(pairs.filter(([, list]) => list.length > 0));
    },
    /** Every finding and Engage reason of the theme, open or not (for its feed). */
    async itemsOf(slug: string): Promise<ThemedItem[]> {
      if (!THEME_BY_SLUG.has(slug)) throw notFound(`The theme "${slug}"`);
      return (await items()).filter((i) => i.themes.includes(slug));
    },
    statusChangesOf: (findingIds: string[]) => repository.statusChangesOf(findingIds),
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
        /** The rule, as regular expressions: any pattern matching, and no exclusion, assigns it. */
        rules: {
          patterns: theme.patterns.map((p) => p.source),
          exclude: (theme.exclude ?? []).map((p) => p.source),
        },
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
