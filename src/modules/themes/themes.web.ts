import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../container.js';
import { ConflictError } from '../../db/versioned.js';
import { InputError, notFound } from '../../shared/errors.js';
import { csrf } from '../../web/auth.js';
import { exportFormat, sendTable, type Column } from '../../web/exports.js';
import { partialDate } from '../../web/filters.js';
import { can } from '../accounts/index.js';
import type { ThemedItem, ThemesService } from './themes.service.js';
import { THEMES } from './themes.taxonomy.js';
import { UUID } from '../../shared/ids.js';

/**
 * A themes form as the schema wants it: the ticked boxes ("themes", one or many), or the rules
 * again when "useRules" is chosen; the reason, and the version the editor saw.
 */
export function themeFormInput(body: Record<string, unknown>): Record<string, unknown> {
  const ticked = body.themes === undefined ? [] : Array.isArray(body.themes) ? body.themes : [body.themes];
  return {
    themes: body.useRules === 'yes' ? null : ticked,
    reason: body.reason,
    version: body.version === '' || body.version === undefined ? undefined : body.version,
  };
}

type Overview = Awaited<ReturnType<ThemesService['overview']>>[number];
type ThemeRow = { status: 'Open now' | 'Overcome'; forceName: string; date: string | null; item: ThemedItem };

const rowsOf = (
  status: ThemeRow['status'],
  forces: Array<{ name: string; items: ThemedItem[] }>,
  date: (item: ThemedItem) => string | null,
): ThemeRow[] =>
  forces.flatMap((f) => f.items.map((item) => ({ status, forceName: f.name, date: date(item), item })));

/** The /themes table as a download: the same three columns, forces listed with their dates. */
const OVERVIEW_COLUMNS: Column<Overview>[] = [
  { header: 'Theme', value: (t) => t.name, width: 40 },
  {
    header: 'Open now',
    value: (t) =>
      t.open.map((f) => `${f.name} (since ${partialDate(f.since, 'date not known')})`).join('; ') || 'None',
    width: 80,
  },
  { header: 'Forces that overcame it', value: (t) => t.overcome.length },
  { header: 'Theme page', value: (t) => `/themes/${t.slug}`, width: 40 },
];

/** A theme page as a download: one row per finding or Engage reason it lists. */
const THEME_COLUMNS: Column<ThemeRow>[] = [
  { header: 'Status', value: (r) => r.status },
  { header: 'Force', value: (r) => r.forceName, width: 30 },
  { header: 'Since or closed', value: (r) => r.date ?? '' },
  { header: 'Kind', value: (r) => (r.item.source === 'finding' ? 'Finding' : 'Engage reason') },
  { header: 'Text', value: (r) => r.item.text, width: 80 },
  { header: 'Themes chosen by', value: (r) => (r.item.override ? 'The inspectorate' : 'The rules') },
  { header: 'What the force improved', value: (r) => r.item.improvements.join('; '), width: 60 },
  { header: 'Link', value: (r) => r.item.url, width: 40 },
];

export function registerThemesWeb(app: FastifyInstance, c: Container): void {
  app.get('/themes', { schema: { hide: true } }, async (request, reply) => {
    const themes = await c.themes.overview();
    const format = exportFormat(request.query);
    if (format) return sendTable(reply, format, 'themes', OVERVIEW_COLUMNS, themes);
    return reply.view('themes/views/list.njk', {
      title: 'Themes across forces',
      currentSection: 'themes',
      themes,
      csvUrl: '/themes?format=csv',
      xlsxUrl: '/themes?format=xlsx',
    });
  });
  app.get<{ Params: { slug: string } }>(
    '/themes/:slug',
    { schema: { hide: true } },
    async (request, reply) => {
      const theme = await c.themes.theme(request.params.slug);
      const format = exportFormat(request.query);
      if (format) {
        const rows = [
          ...rowsOf('Open now', theme.open, (i) => i.since),
          ...rowsOf('Overcome', theme.overcome, (i) => i.closedOn),
        ];
        return sendTable(reply, format, `theme-${theme.slug}`, THEME_COLUMNS, rows);
      }
      return reply.view('themes/views/show.njk', {
        title: theme.name,
        currentSection: 'themes',
        backLink: { href: '/themes', text: 'All themes' },
        theme,
        mayOverride: can(request.viewer, 'theme.override'),
        csvUrl: `/themes/${theme.slug}?format=csv`,
        xlsxUrl: `/themes/${theme.slug}?format=xlsx`,
      });
    },
  );

  type Params = { id: string };
  type FormState = {
    errors: Array<{ text: string; href: string }>;
    fields: Record<string, string>;
    values: Record<string, unknown>;
  };
  async function renderReason(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    state?: FormState,
    status = 200,
  ) {
    if (!UUID.test(request.params.id)) throw notFound('The Engage reason');
    const subject = { kind: 'engage-reason' as const, id: request.params.id };
    const [themes, similar] = await Promise.all([
      c.themes.subjectThemes(subject, request.viewer),
      c.themes.similar(subject),
    ]);
    const chosen =
      state && Object.keys(state.values).length ? themeFormInput(state.values).themes : undefined;
    return reply.status(status).view('themes/views/reason.njk', {
      title: 'Themes of an Engage reason',
      currentSection: 'themes',
      backLink: { href: '/themes', text: 'All themes' },
      themes,
      similar,
      mayOverride: can(request.viewer, 'theme.override'),
      themeOptions: THEMES.map((t) => ({
        value: t.slug,
        text: t.name,
        checked: Array.isArray(chosen)
          ? chosen.includes(t.slug)
          : themes.themes.some((x) => x.slug === t.slug),
      })),
      state,
      errors: state?.errors,
      errorPage: Boolean(state),
    });
  }

  app.get<{ Params: Params }>('/engage/reasons/:id', { schema: { hide: true } }, (request, reply) =>
    renderReason(request, reply),
  );
  app.post<{ Params: Params; Body: Record<string, unknown> }>(
    '/engage/reasons/:id/themes',
    { schema: { hide: true }, preHandler: csrf(app) },
    async (request, reply) => {
      try {
        await c.themes.setThemes(
          request.viewer,
          { kind: 'engage-reason', id: request.params.id },
          themeFormInput(request.body),
        );
      } catch (error) {
        if (error instanceof InputError) {
          const fields: Record<string, string> = {};
          for (const issue of error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
          const errors = Object.entries(fields).map(([field, text]) => ({ text, href: `#themes-${field}` }));
          return renderReason(request, reply, { errors, fields, values: request.body }, 422);
        }
        if (error instanceof ConflictError)
          return renderReason(
            request,
            reply,
            { errors: [{ text: error.message, href: '#themes' }], fields: {}, values: {} },
            409,
          );
        throw error;
      }
      return reply.redirect(`/engage/reasons/${request.params.id}#themes`, 303);
    },
  );
}
