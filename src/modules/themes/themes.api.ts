import type { FastifyInstance } from 'fastify';
import type { Container } from '../../container.js';
import { errorSchema, idParams, listOf, slugParams, writeErrors } from '../../web/api-schemas.js';
import { requireToken } from '../../web/auth.js';
import type { ThemeSubject } from './themes.repository.js';
import type { SubjectThemes } from './themes.service.js';
import { THEMES } from './themes.taxonomy.js';

const SLUGS = THEMES.map((t) => t.slug);
const forceRef = {
  type: 'object',
  properties: { slug: { type: 'string' }, name: { type: 'string' }, since: { type: ['string', 'null'] } },
} as const;
const themeSummary = {
  type: 'object',
  properties: {
    slug: { type: 'string' },
    name: { type: 'string' },
    open: { type: 'array', items: forceRef, description: 'Forces with it open now, and since when' },
    overcome: {
      type: 'array',
      items: forceRef,
      description: 'Forces that had it and no longer do, and when',
    },
  },
} as const;
const item = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['finding', 'engage-reason'] },
    id: { type: 'string', format: 'uuid' },
    text: { type: 'string' },
    url: { type: 'string' },
    since: { type: ['string', 'null'] },
    closedOn: { type: ['string', 'null'] },
    chosenByInspectorate: { type: 'boolean' },
  },
} as const;
const forceItems = {
  type: 'object',
  properties: { ...forceRef.properties, items: { type: 'array', items: item } },
} as const;
const subjectThemesSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['finding', 'engage-reason'] },
    id: { type: 'string', format: 'uuid' },
    themes: { type: 'array', items: { type: 'string', enum: SLUGS } },
    ruleThemes: { type: 'array', items: { type: 'string' }, description: 'What the published rules assign' },
    override: {
      type: ['object', 'null'],
      description: "The inspectorate's choice, when it has made one",
      properties: {
        themes: { type: 'array', items: { type: 'string' } },
        reason: { type: 'string' },
        actor: { type: 'string' },
        updatedAt: { type: 'string', format: 'date-time' },
        version: { type: 'integer' },
      },
    },
  },
} as const;
const overrideBody = {
  type: 'object',
  required: ['themes', 'reason'],
  additionalProperties: false,
  properties: {
    themes: {
      type: ['array', 'null'],
      items: { type: 'string', enum: SLUGS },
      description: 'The themes that apply; [] for none; null to go back to the rules',
    },
    reason: { type: 'string', description: 'Why the rules are wrong here (shown beside the themes)' },
    version: {
      type: 'integer',
      description: "The override's version you read; leave out when there was none",
    },
  },
} as const;

const present = (t: SubjectThemes) => ({
  kind: t.subject.kind,
  id: t.subject.id,
  themes: t.themes.map((x) => x.slug),
  ruleThemes: t.ruleThemes,
  override: t.override,
});

type ItemLike = {
  subject: ThemeSubject;
  text: string;
  url: string;
  since: string | null;
  closedOn: string | null;
  override: unknown;
};
const presentItem = (i: ItemLike) => ({
  kind: i.subject.kind,
  id: i.subject.id,
  text: i.text,
  url: i.url,
  since: i.since,
  closedOn: i.closedOn,
  chosenByInspectorate: i.override !== null,
});

/** Themes across forces, and the inspectorate's override of the rules for one record. */
export function registerThemesApi(api: FastifyInstance, c: Container): void {
  api.get(
    '/themes',
    {
      schema: {
        tags: ['themes'],
        summary: 'Every theme: which forces have it open now and since when, and which have overcome it',
        response: { 200: listOf(themeSummary) },
      },
    },
    async () => ({
      data: (await c.themes.overview()).map((t) => ({
        slug: t.slug,
        name: t.name,
        open: t.open.map((f) => ({ slug: f.slug, name: f.name, since: f.since })),
        overcome: t.overcome.map((f) => ({ slug: f.slug, name: f.name, since: f.since })),
      })),
    }),
  );
  api.get<{ Params: { slug: string } }>(
    '/themes/:slug',
    {
      schema: {
        tags: ['themes'],
        summary:
          'One theme: the findings and Engage reasons of each force that has it open, and of those that overcame it',
        params: slugParams,
        response: {
          200: {
            type: 'object',
            properties: {
              slug: { type: 'string' },
              name: { type: 'string' },
              rules: {
                type: 'object',
                description:
                  'How the theme is assigned: a text that matches any pattern (regular expressions, case-insensitive unless written in capitals) and no exclusion gets it, unless the inspectorate chose otherwise',
                properties: {
                  patterns: { type: 'array', items: { type: 'string' } },
                  exclude: { type: 'array', items: { type: 'string' } },
                },
              },
              open: { type: 'array', items: forceItems },
              overcome: {
                type: 'array',
                items: {
                  ...forceItems,
                  properties: {
                    ...forceItems.properties,
                    improvements: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
          },
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const t = await c.themes.theme(request.params.slug);
      return {
        slug: t.slug,
        name: t.name,
        rules: t.rules,
        open: t.open.map((f) => ({
          slug: f.slug,
          name: f.name,
          since: f.since,
          items: f.items.map(presentItem),
        })),
        overcome: t.overcome.map((f) => ({
          slug: f.slug,
          name: f.name,
          since: f.since,
          items: f.items.map(presentItem),
          improvements: f.improvements,
        })),
      };
    },
  );

  for (const [path, kind, what] of [
    ['/findings/:id/themes', 'finding', 'a finding'],
    ['/engage/reasons/:id/themes', 'engage-reason', 'an Engage reason'],
  ] as const) {
    api.get<{ Params: { id: string } }>(
      path,
      {
        schema: {
          tags: ['themes'],
          summary: `The themes of ${what}: the rules', the inspectorate's choice if any, and which apply`,
          params: idParams,
          response: { 200: subjectThemesSchema, 404: errorSchema },
        },
      },
      async (request) =>
        present(await c.themes.subjectThemes({ kind, id: request.params.id }, request.viewer)),
    );
    api.put<{ Params: { id: string }; Body: Record<string, unknown> }>(
      path,
      {
        schema: {
          tags: ['themes'],
          summary: `Choose the themes of ${what} instead of the rules (inspectorate), with a reason; send the version you read`,
          params: idParams,
          body: overrideBody,
          response: { 200: subjectThemesSchema, ...writeErrors },
        },
      },
      async (request) => {
        const viewer = requireToken(request);
        return present(await c.themes.setThemes(viewer, { kind, id: request.params.id }, request.body));
      },
    );
  }
}
