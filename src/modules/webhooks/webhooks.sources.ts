import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/index.js';
import { PUBLIC_VIEWER } from '../accounts/index.js';
import {
  FINDING_KIND_LABELS,
  FINDING_STATUS_LABELS,
  type FindingKind,
  type FindingStatus,
} from '../findings/index.js';
import { visibleInspectionSql } from '../inspections/index.js';
import type { WebhookEventKind } from './webhooks.domain.js';

/**
 * The events the Atom feeds show, found for webhooks: a read model over the inspection, Engage and
 * finding tables, like search's (search.repository). It returns only what the public may see now
 * (the same embargo rule as every public page: visibleInspectionSql for the public viewer), and
 * only what the webhook_event register does not hold yet, so the anti-join runs in the database
 * and a scan after a quiet spell costs one index probe per row. The feeds' service calls return
 * the latest 100 for pages; a scan must not miss the 101st.
 */
export type SourceEvent = {
  kind: WebhookEventKind;
  key: string;
  occurredAt: Date;
  forces: string[];
  payload: Record<string, unknown>;
};

const unseen = (key: ReturnType<typeof sql>) =>
  sql`not exists (select 1 from webhook_event w where w.key = ${key})`;

type InspectionRow = {
  id: string;
  slug: string;
  title: string;
  type: string;
  publishedOn: string | null;
  publishedAt: Date | string | null;
  sourceUrl: string | null;
  programme: { slug: string; name: string; cycle: string | null } | null;
  forces: Array<{ slug: string; name: string }>;
};

type PeriodRow = {
  id: string;
  enteredOn: string;
  exitedOn: string | null;
  forceSlug: string;
  forceName: string;
};

type StatusRow = {
  id: string;
  findingId: string;
  kind: string;
  number: string | null;
  text: string;
  status: string;
  occurredOn: string | null;
  recordedAt: Date | string;
  forceSlug: string;
  forceName: string;
  inspectionSlug: string | null;
  inspectionTitle: string | null;
};

const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

/** New public events of every kind, oldest first within each kind, at most `limit` of each. */
export async function unseenPublicEvents(db: DbOrTx, baseUrl: string, limit: number): Promise<SourceEvent[]> {
  const base = baseUrl.replace(/\/$/, '');
  const visible = visibleInspectionSql(PUBLIC_VIEWER, 'i');
  const [inspections, entered, exited, changes] = [
    await queryRows<InspectionRow>(
      db,
      sql`select i.id, i.slug, i.title, i.type, i.published_on as "publishedOn", i.published_at as "publishedAt",
            i.source_url as "sourceUrl",
            case when p.id is null then null else json_build_object('slug', p.slug, 'name', p.name, 'cycle', p.cycle) end as programme,
            coalesce((select json_agg(json_build_object('slug', f.slug, 'name', f.name) order by f.name)
              from inspection_force x join force f on f.id = x.force_id where x.inspection_id = i.id), '[]'::json) as forces
          from inspection i left join programme p on p.id = i.programme_id
          where ${visible} and (i.published_on is not null or i.published_at is not null)
            and ${unseen(sql`'inspection.published:' || i.id::text`)}
          order by coalesce(i.published_at, i.created_at), i.id
          limit ${limit}`,
    ),
    await queryRows<PeriodRow>(
      db,
      sql`select p.id, p.entered_on as "enteredOn", p.exited_on as "exitedOn", f.slug as "forceSlug", f.name as "forceName"
          from engage_period p join force f on f.id = p.force_id
          where ${unseen(sql`'engage.entered:' || p.id::text`)}
          order by p.created_at, p.id
          limit ${limit}`,
    ),
    await queryRows<PeriodRow>(
      db,
      sql`select p.id, p.entered_on as "enteredOn", p.exited_on as "exitedOn", f.slug as "forceSlug", f.name as "forceName"
          from engage_period p join force f on f.id = p.force_id
          where p.exited_on is not null and ${unseen(sql`'engage.exited:' || p.id::text`)}
          order by p.updated_at, p.id
          limit ${limit}`,
    ),
    // As the status-changes feed: every change away from "open" (a finding's first event is its opening).
    await queryRows<StatusRow>(
      db,
      sql`select e.id, e.finding_id as "findingId", f.kind, f.number, f.text, e.status, e.occurred_on as "occurredOn",
            e.recorded_at as "recordedAt", fo.slug as "forceSlug", fo.name as "forceName",
            i.slug as "inspectionSlug", i.title as "inspectionTitle"
          from finding_event e join finding f on f.id = e.finding_id join force fo on fo.id = f.force_id
            left join inspection i on i.id = f.inspection_id
          where e.status <> 'open' and (i.id is null or ${visible})
            and ${unseen(sql`'finding.status-changed:' || e.id::text`)}
          order by e.recorded_at, e.id
          limit ${limit}`,
    ),
  ];
  const now = new Date();
  const period = (p: PeriodRow) => ({
    id: p.id,
    force: { slug: p.forceSlug, name: p.forceName, url: `${base}/forces/${p.forceSlug}` },
    entered: p.enteredOn,
    exited: p.exitedOn,
    current: p.exitedOn === null,
    url: `${base}/forces/${p.forceSlug}#engage-history`,
  });
  return [
    ...inspections.map((i): SourceEvent => ({
      kind: 'inspection.published',
      key: `inspection.published:${i.id}`,
      occurredAt: i.publishedAt ? asDate(i.publishedAt) : now,
      forces: i.forces.map((f) => f.slug),
      // The fields of GET /api/v1/inspections, and where to read it.
      payload: {
        slug: i.slug,
        title: i.title,
        type: i.type,
        programme: i.programme,
        published: i.publishedOn,
        publishedAt: i.publishedAt ? asDate(i.publishedAt).toISOString() : null,
        forces: i.forces.map((f) => f.slug),
        forceNames: i.forces.map((f) => f.name),
        sourceUrl: i.sourceUrl,
        url: `${base}/inspections/${i.slug}`,
      },
    })),
    ...entered.map((p): SourceEvent => ({
      kind: 'engage.entered',
      key: `engage.entered:${p.id}`,
      occurredAt: now,
      forces: [p.forceSlug],
      payload: period(p),
    })),
    ...exited.map((p): SourceEvent => ({
      kind: 'engage.exited',
      key: `engage.exited:${p.id}`,
      occurredAt: now,
      forces: [p.forceSlug],
      payload: period(p),
    })),
    ...changes.map((e): SourceEvent => ({
      kind: 'finding.status-changed',
      key: `finding.status-changed:${e.id}`,
      occurredAt: asDate(e.recordedAt),
      forces: [e.forceSlug],
      payload: {
        id: e.id,
        status: e.status,
        statusLabel: FINDING_STATUS_LABELS[e.status as FindingStatus] ?? e.status,
        /** The date the source gives for the change; may be partial ("2024"). */
        occurredOn: e.occurredOn,
        finding: {
          id: e.findingId,
          kind: e.kind,
          kindLabel: FINDING_KIND_LABELS[e.kind as FindingKind] ?? e.kind,
          number: e.number,
          text: e.text,
          url: `${base}/findings/${e.findingId}`,
        },
        force: { slug: e.forceSlug, name: e.forceName, url: `${base}/forces/${e.forceSlug}` },
        inspection: e.inspectionSlug
          ? {
              slug: e.inspectionSlug,
              title: e.inspectionTitle,
              url: `${base}/inspections/${e.inspectionSlug}`,
            }
          : null,
      },
    })),
  ];
}
