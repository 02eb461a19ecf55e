import type { EngagePeriod, EngageReason } from './monitoring.repository.js';

const presentReason = (r: EngageReason): Record<string, unknown> => ({
  id: r.id,
  url: r.kind === 'reason' ? `/engage/reasons/${r.id}` : null,
  numbered: r.numbered,
  kind: r.kind,
  theme: r.theme,
  text: r.text,
  source: r.source,
  causeOfConcern: r.concern,
  ...(r.children.length > 0 ? { items: r.children.map(presentReason) } : {}),
});

export function presentEngagePeriod(p: EngagePeriod) {
  return {
    id: p.id,
    force: { slug: p.force.slug, name: p.force.name },
    entered: p.enteredOn,
    exited: p.exitedOn,
    current: p.exitedOn === null,
    entryReasons: p.entryReasons.map(presentReason),
    exitReasons: p.exitReasons.map(presentReason),
    exitIntro: p.exitIntro,
    exitNote: p.exitNote,
    openCausesOfConcernAtExit: p.openCausesOfConcernAtExit,
    relatedInspections: p.inspections.map((i) => ({
      slug: i.slug,
      title: i.title,
      published: i.publishedOn,
      embargoed: i.embargoed,
    })),
    sources: p.sources.map((s) => ({ supports: s.field, url: s.url ?? `/documents/${s.documentId}` })),
  };
}
