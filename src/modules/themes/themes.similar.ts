import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/index.js';
import { PUBLIC_VIEWER } from '../accounts/index.js';
import { visibleInspectionSql } from '../inspections/index.js';
import type { ThemeSubject } from './themes.repository.js';

/**
 * A concern another force overcame: a closed cause of concern, or a reason another force entered
 * Engage for, from a period that has ended, with what that force improved to leave.
 */
export type SimilarResolved = {
  kind: 'finding' | 'engage-exit';
  id: string;
  forceSlug: string;
  forceName: string;
  text: string;
  resolvedOn: string | null;
  url: string;
  /** For an Engage exit: the reasons the force left; for a closed finding: the closing note. */
  improvements: string[];
  similarity: number;
};

type Row = {
  kind: 'finding' | 'engage-exit';
  id: string;
  forceSlug: string;
  forceName: string;
  text: string;
  resolvedOn: string | null;
  inspectionSlug: string | null;
  periodId: string | null;
  note: string | null;
  similarity: number | string;
};

/**
 * The concerns of other forces worded most like this finding or Engage reason that were
 * overcome, best first, by trigram similarity (pg_trgm's `%`, so the GIN indexes bound the
 * work). Public records only: what it shows, anyone may see.
 */
export async function similarResolved(
  db: DbOrTx,
  subject: ThemeSubject,
  limit = 3,
): Promise<SimilarResolved[]> {
  const source =
    subject.kind === 'finding'
      ? sql`select f.text, f.force_id from finding f where f.id = ${subject.id}`
      : sql`select r.text, p.force_id from engage_reason r join engage_period p on p.id = r.period_id
            where r.id = ${subject.id} and r.kind = 'reason' and r.text is not null`;
  const rows = await queryRows<Row>(
    db,
    sql`with src as (${source}),
      matches as (
        select 'finding' as kind, o.id, fo.slug as "forceSlug", fo.name as "forceName", o.text,
               o.status_on as "resolvedOn", i.slug as "inspectionSlug", null::uuid as "periodId",
               (select e.note from finding_event e where e.finding_id = o.id and e.status = 'closed'
                 order by e.recorded_at desc limit 1) as note,
               similarity(o.text, src.text) as similarity
          from src
          join finding o on o.kind = 'cause-of-concern' and o.status = 'closed'
               and o.force_id <> src.force_id and o.text % src.text
          join force fo on fo.id = o.force_id
          left join inspection i on i.id = o.inspection_id
         where (i.id is null or ${visibleInspectionSql(PUBLIC_VIEWER, 'i')})
           -- a cause of concern that was a reason for an Engage period that ended shows as that exit
           and not exists (select 1 from engage_reason x join engage_period xp on xp.id = x.period_id
                            where x.finding_id = o.id and xp.exited_on is not null)
        union all
        select 'engage-exit', r.id, fo.slug, fo.name, r.text, p.exited_on, null, p.id, null,
               similarity(r.text, src.text)
          from src
          join engage_reason r on r.direction = 'entry' and r.kind = 'reason' and r.text % src.text
          join engage_period p on p.id = r.period_id and p.exited_on is not null and p.force_id <> src.force_id
          join force fo on fo.id = p.force_id
      )
    select * from matches order by similarity desc, "resolvedOn" desc nulls last limit ${limit * 3}`,
  );
  const periodIds = [...new Set(rows.flatMap((r) => (r.periodId ? [r.periodId] : [])))];
  const exits = periodIds.length
    ? await queryRows<{ periodId: string; text: string }>(
        db,
        sql`select r.period_id as "periodId", coalesce(r.text, r.theme) as text from engage_reason r
             where r.direction = 'exit' and r.kind = 'reason' and r.period_id in (${sql.join(
               periodIds.map((id) => sql`${id}::uuid`),
               sql`, `,
             )}) order by r.period_id, r.parent_id nulls first, r.position`,
      )
    : [];
  const seen = new Set<string>();
  const result: SimilarResolved[] = [];
  for (const r of rows) {
    // One entry per force and period: several reasons of one exit can match the same concern.
    const key = `${r.forceSlug}:${r.periodId ?? r.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({
      kind: r.kind,
      id: r.id,
      forceSlug: r.forceSlug,
      forceName: r.forceName,
      text: r.text,
      resolvedOn: r.resolvedOn,
      url: r.kind === 'finding' ? `/findings/${r.id}` : `/forces/${r.forceSlug}#engage-history`,
      improvements:
        r.kind === 'engage-exit'
          ? exits.filter((x) => x.periodId === r.periodId).map((x) => x.text)
          : r.note
            ? [r.note]
            : [],
      similarity: Number(r.similarity),
    });
    if (result.length === limit) break;
  }
  return result;
}
