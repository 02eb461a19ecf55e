import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/index.js';
import { PUBLIC_VIEWER, type Viewer } from '../accounts/index.js';
import { lastDayOf, londonDayOf } from '../../db/partial-date-sql.js';
import { publishedDaySql, visibleInspectionSql } from '../inspections/index.js';
import { HIGHLIGHT_END, HIGHLIGHT_START, type SearchKind, type SearchStatus } from './search.domain.js';
import { containsPattern } from '../../db/like.js';
import { findingStatusAtEndOf } from '../findings/index.js';

export type SearchFilters = {
  force?: string | undefined;
  kind?: SearchKind | undefined;
  year?: number | undefined;
  /** Words in the graded area's name (findings, judgements, responses to recommendations). */
  area?: string | undefined;
  /**
   * open: findings still open (or awaiting a closure decision) and reasons of Engage periods still
   * running whose cause of concern is not closed; closed: the rest of those two kinds. With asAt,
   * as they stood that day. Other kinds have no status and are left out by this filter.
   */
  status?: SearchStatus | undefined;
  /** slug of the inspection programme (findings, judgements, responses to recommendations). */
  programme?: string | undefined;
  /**
   * YYYY-MM-DD: only what was on the record at the end of that day: findings and judgements of
   * inspections published by then, Engage reasons of periods entered (or, for exit reasons, left)
   * by then, questions of meetings held by then, responses published by then.
   */
  asAt?: string | undefined;
};
export type SearchRow = {
  kind: SearchKind;
  id: string;
  forceSlug: string;
  forceName: string;
  text: string;
  snippet: string;
  rank: number;
  year: string | null;
  area: string | null;
  status: SearchStatus | null;
  programme: string | null;
  /** The Engage period of a reason, the meeting of a question, the response of an answer. */
  parentId: string | null;
  /** For an Engage reason: whether its period has ended. */
  parentEnded: boolean | null;
  inspectionSlug: string | null;
  documentId: string | null;
  sourceStart: number | null;
  sourceEnd: number | null;
  /** The publication moment of the result's inspection while it is still in the future. */
  embargoedUntil: Date | null;
  fuzzy: boolean;
};

/** The most rows any query ranks and returns: ranking is the only costly step, so it is bounded. */
export const MAX_RESULTS = 200;
/** A finding's status as the search's open/closed. */
const OPEN_FINDING = (status: SQL) =>
  sql`case when ${status} in ('open', 'closure-requested') then 'open' else 'closed' end`;

/** The publication moment of inspection `i` while it is in the future, else null. */
const EMBARGOED_UNTIL = sql`case when i.published_at > now() then i.published_at end`;

/**
 * Full-text search (english stemming, websearch syntax: quotes, -word, or) over findings, Engage
 * reasons, judgements, scrutiny questions and recommendation responses; when it finds little, a
 * trigram pass adds near spellings. What comes from an inspection under embargo is found only by
 * those who may see it (the inspectorate, and accounts of the forces it covers).
 */
export function createSearchRepository(db: DbOrTx) {
  const branches = (
    match: (vector: SQL, text: SQL) => SQL,
    rank: (vector: SQL, text: SQL) => SQL,
    viewer: Viewer,
    asAt: string | undefined,
  ): SQL[] => {
    const visible = visibleInspectionSql(viewer, 'i');
    // Statuses as they are now, or as they stood at the end of asAt (from the findings' events).
    const findingStatus = (id: SQL, now: SQL) =>
      asAt ? sql`coalesce(${findingStatusAtEndOf(id, asAt)}, 'open')` : now;
    const periodEnded = asAt
      ? sql`(p.exited_on is not null and ${lastDayOf(sql`p.exited_on`)} <= ${asAt})`
      : sql`(p.exited_on is not null)`;
    return [
      sql`select 'finding' as kind, f.id, fo.slug as force_slug, fo.name as force_name, f.text, ${rank(sql`f.search`, sql`f.text`)} as rank,
          substr(f.raised_on, 1, 4) as year, i.slug as inspection_slug, f.source_document_id as document_id,
          f.source_start, f.source_end, ${EMBARGOED_UNTIL} as embargoed_until,
          coalesce(${publishedDaySql('i')}, ${lastDayOf(sql`f.raised_on`)}) as since,
          f.area_label as area, ${OPEN_FINDING(findingStatus(sql`f.id`, sql`f.status`))} as status, pr.slug as programme,
          null::uuid as parent_id, null::boolean as parent_ended
        from finding f join force fo on fo.id = f.force_id left join inspection i on i.id = f.inspection_id
          left join programme pr on pr.id = i.programme_id
        where ${match(sql`f.search`, sql`f.text`)} and ${visible}
          and not exists (select 1 from engage_reason er where er.finding_id = f.id)`,
      sql`select distinct on (fo.slug, coalesce(r.text, r.theme)) 'engage-reason' as kind, r.id, fo.slug, fo.name, coalesce(r.text, r.theme) as text,
          ${rank(sql`r.search`, sql`coalesce(r.text, r.theme)`)} as rank, substr(p.entered_on, 1, 4), null::text, r.source_document_id, r.source_start, r.source_end,
          null::timestamptz,
          case when r.direction = 'exit' then ${lastDayOf(sql`p.exited_on`)} else ${lastDayOf(sql`p.entered_on`)} end,
          null::text,
          case when r.direction = 'exit' or ${periodEnded} then 'closed'
               when rf.id is not null then ${OPEN_FINDING(findingStatus(sql`rf.id`, sql`rf.status`))} else 'open' end,
          null::text, p.id, ${periodEnded}
        from engage_reason r join engage_period p on p.id = r.period_id join force fo on fo.id = p.force_id
          left join finding rf on rf.id = r.finding_id
        where r.kind = 'reason' and ${match(sql`r.search`, sql`coalesce(r.text, r.theme)`)}`,
      sql`select 'judgement', j.id, fo.slug, fo.name, j.area_label || ': ' || coalesce(replace(j.grade, '-', ' '), 'ungraded'),
          ${rank(sql`to_tsvector('english', j.area_label || ' ' || coalesce(j.grade, ''))`, sql`j.area_label`)}, substr(i.published_on, 1, 4), i.slug,
          j.source_document_id, j.source_start, j.source_end, ${EMBARGOED_UNTIL}, ${publishedDaySql('i')},
          j.area_label, null::text, pr.slug, null::uuid, null::boolean
        from judgement j join force fo on fo.id = j.force_id join inspection i on i.id = j.inspection_id
          left join programme pr on pr.id = i.programme_id
        where ${match(sql`to_tsvector('english', j.area_label || ' ' || coalesce(j.grade, ''))`, sql`j.area_label`)} and ${visible}`,
      sql`select 'scrutiny-question', q.id, fo.slug, fo.name, q.question, ${rank(sql`q.search`, sql`q.question`)}, substr(m.held_on, 1, 4), null::text,
          q.source_document_id, q.source_start, q.source_end, null::timestamptz, ${lastDayOf(sql`m.held_on`)},
          null::text, null::text, null::text, m.id, null::boolean
        from scrutiny_question q join scrutiny_meeting m on m.id = q.meeting_id join force fo on fo.id = m.force_id
        where ${match(sql`q.search`, sql`q.question`)}
          -- Drafts stay private, as on the meeting pages: searchable once the LPB publishes the meeting
          -- (one imported from a PCC's document is a draft until then; the document itself is public).
          and m.published`,
      sql`select 'response-recommendation', x.id, fo.slug, fo.name, x.text, ${rank(sql`x.search`, sql`x.text`)}, substr(i.published_on, 1, 4), i.slug,
          x.source_document_id, x.source_start, x.source_end, ${EMBARGOED_UNTIL},
          ${lastDayOf(sql`coalesce(s.published_on, ${londonDayOf(sql`s.published_at`)})`)},
          xf.area_label, null::text, pr.slug, s.id, null::boolean
        from response_recommendation x join response s on s.id = x.response_id join force fo on fo.id = s.force_id
          join inspection i on i.id = s.inspection_id
          left join programme pr on pr.id = i.programme_id
          left join finding xf on xf.id = x.finding_id
        where ${match(sql`x.search`, sql`x.text`)} and ${visible}
          and s.status = 'published'`,
    ];
  };

  async function run(
    query: string,
    filters: SearchFilters,
    fuzzy: boolean,
    viewer: Viewer,
  ): Promise<SearchRow[]> {
    const tsq = sql`websearch_to_tsquery('english', ${query})`;
    const parts = fuzzy
      ? branches(
          (_v, text) => sql`${query} <% ${text}`,
          (_v, text) => sql`word_similarity(${query}, ${text})`,
          viewer,
          filters.asAt,
        )
      : branches(
          (vector) => sql`${vector} @@ ${tsq}`,
          (vector) => sql`ts_rank_cd(${vector}, ${tsq})`,
          viewer,
          filters.asAt,
        );
    const where: SQL[] = [];
    if (filters.force) where.push(sql`force_slug = ${filters.force}`);
    if (filters.kind) where.push(sql`kind = ${filters.kind}`);
    if (filters.year) where.push(sql`year = ${String(filters.year)}`);
    if (filters.asAt) where.push(sql`since <= ${filters.asAt}`);
    if (filters.area) where.push(sql`area ilike ${containsPattern(filters.area)}`);
    if (filters.status) where.push(sql`status = ${filters.status}`);
    if (filters.programme) where.push(sql`programme = ${filters.programme}`);
    const headline = fuzzy
      ? sql`text`
      : sql`ts_headline('english', text, ${tsq}, ${`StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=45, MinWords=20`})`;
    const rows = await queryRows<
      Omit<SearchRow, 'fuzzy' | 'embargoedUntil'> & {
        rank: string | number;
        embargoedUntil: Date | string | null;
      }
    >(
      db,
      sql`with hits as (select * from (${sql.join(
        parts.map((p) => sql`(${p})`),
        sql` union all `,
      )}) as h(kind, id, force_slug, force_name, text, rank, year, inspection_slug, document_id, source_start, source_end,
          embargoed_until, since, area, status, programme, parent_id, parent_ended)
        ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
        order by rank desc, force_name, text, kind, id limit ${MAX_RESULTS})
      select kind, id, force_slug as "forceSlug", force_name as "forceName", text, ${headline} as snippet, rank, year,
        area, status, programme, parent_id as "parentId", parent_ended as "parentEnded",
        inspection_slug as "inspectionSlug", document_id as "documentId", source_start as "sourceStart", source_end as "sourceEnd", embargoed_until as "embargoedUntil"
      from hits order by rank desc, "forceName", text, kind, id`,
    );
    return rows.map((r) => ({
      ...r,
      rank: Number(r.rank),
      embargoedUntil: r.embargoedUntil === null ? null : new Date(r.embargoedUntil),
      fuzzy,
    }));
  }

  return {
    async search(
      query: string,
      filters: SearchFilters = {},
      viewer: Viewer = PUBLIC_VIEWER,
    ): Promise<SearchRow[]> {
      const exact = await run(query, filters, false, viewer);
      // Spelling similarity only when the words themselves find nothing (a typo, say).
      if (exact.length > 0 || query.trim().length < 3) return exact;
      return run(query, filters, true, viewer);
    },
  };
}
