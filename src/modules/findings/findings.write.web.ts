import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Container } from '../../container.js';
import {
  forceSelectItems,
  formLocals,
  registerRecordingForms,
  type Body,
  type FormState,
} from '../inspections/index.js';
import { FINDING_KINDS, FINDING_KIND_LABELS } from './findings.domain.js';
import type { FindingRecord } from './findings.write.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const FIELDS = ['force', 'inspection', 'kind', 'number', 'area', 'text', 'raisedOn', 'parent'] as const;

const formValues = (f: FindingRecord): Body => ({
  force: f.force,
  inspection: f.inspection ?? '',
  kind: f.kind,
  number: f.number ?? '',
  area: f.area ?? '',
  text: f.text,
  raisedOn: f.raisedOn ?? '',
  parent: f.parent ?? '',
  version: String(f.version),
});

/** The form's fields as the shared schema's input (and the version, when editing). */
const input = (body: Body) => ({
  ...Object.fromEntries(FIELDS.map((k) => [k, body[k]])),
  ...(body.version !== undefined ? { version: body.version } : {}),
});

/** Recording findings by hand: /findings/new and /findings/{id}/edit (the finding's page is the workflow's). */
export function registerFindingsWriteWeb(app: FastifyInstance, c: Container): void {
  async function render(reply: FastifyReply, record: FindingRecord | null, state: FormState, status: number) {
    const [forces, inspections] = await Promise.all([c.forces.list(), c.inspectionsWrite.titles()]);
    const v = state.values;
    const inspection = str(v.inspection);
    const parents = inspection ? await c.findingsWrite.parentOptions(inspection) : [];
    const selectable = parents.filter((p) => p.id !== record?.id);
    return reply.status(status).view('findings/views/record.njk', {
      title: record ? 'Edit the finding' : 'Record a finding',
      currentSection: 'findings',
      backLink: record
        ? { href: `/findings/${record.id}`, text: 'Back to the finding' }
        : inspection
          ? { href: `/inspections/${inspection}`, text: 'Back to the inspection' }
          : { href: '/findings', text: 'Findings' },
      action: record ? `/findings/${record.id}/edit` : '/findings/new',
      record,
      ...formLocals(state),
      forceItems: forceSelectItems(forces, v.force),
      inspectionItems: [
        { value: '', text: 'Not from an inspection', selected: !inspection },
        ...inspections.map((i) => ({ value: i.slug, text: i.title, selected: i.slug === inspection })),
      ],
      kindItems: FINDING_KINDS.map((k) => ({
        value: k,
        text: FINDING_KIND_LABELS[k],
        checked: k === v.kind,
      })),
      parentItems: selectable.length
        ? [
            { value: '', text: 'None', selected: !v.parent },
            ...selectable.map((p) => ({
              value: p.id,
              text: `${p.number ? `${p.number}. ` : ''}${p.text.length > 90 ? `${p.text.slice(0, 90)}…` : p.text}`,
              selected: p.id === v.parent,
            })),
          ]
        : null,
    });
  }

  registerRecordingForms<FindingRecord>(app, {
    newPath: '/findings/new',
    editPath: '/findings/:id/edit',
    action: 'finding.create',
    firstField: 'inspection',
    service: c.findingsWrite,
    keyOf: (f) => f.id,
    formValues,
    // From an inspection's page: its force (when it covers one) and its publication date.
    async newValues(q) {
      const from = (await c.inspectionsWrite.titles()).find((i) => i.slug === q.inspection);
      return {
        inspection: from?.slug ?? '',
        force: from?.forces.length === 1 ? from.forces[0] : '',
        raisedOn: from?.publishedOn ?? '',
        kind: q.kind ?? '',
        parent: q.parent ?? '',
      };
    },
    input: (body) => ({ value: input(body) }),
    redirect: (saved) => `/findings/${saved.id}`,
    render,
  });
}
