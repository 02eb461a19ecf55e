import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Container } from '../../container.js';
import {
  forceSelectItems,
  formLocals,
  registerRecordingForms,
  type Body,
  type FormState,
} from '../inspections/index.js';
import type { EngagePeriodRecord } from './monitoring.write.js';

const lines = (list: string[]) => list.join('\n');

const formValues = (p: EngagePeriodRecord): Body => ({
  force: p.force,
  startedOn: p.startedOn,
  endedOn: p.endedOn ?? '',
  reasons: lines(p.reasons),
  exitReasons: lines(p.exitReasons),
  version: String(p.version),
});

/** The form's fields as the shared schema's input; a textarea gives the reasons one a line. */
const input = (body: Body) => ({
  force: body.force,
  startedOn: body.startedOn,
  endedOn: body.endedOn,
  reasons: body.reasons ?? '',
  exitReasons: body.exitReasons ?? '',
  ...(body.version !== undefined ? { version: body.version } : {}),
});

/** Where a saved period is listed: with the forces in Engage, or with those that have left. */
const listed = (p: EngagePeriodRecord) =>
  p.endedOn ? `/engage/previous#period-${p.id}` : `/engage#force-${p.force}`;

/** Recording Engage periods by hand: /engage/new and /engage/periods/{id}/edit. */
export function registerMonitoringWriteWeb(app: FastifyInstance, c: Container): void {
  async function render(
    reply: FastifyReply,
    record: EngagePeriodRecord | null,
    state: FormState,
    status: number,
  ) {
    const forces = await c.forces.list();
    const v = state.values;
    return reply.status(status).view('monitoring/views/record.njk', {
      title: record ? 'Edit the Engage period' : 'Record an Engage period',
      currentSection: 'engage',
      backLink: record
        ? { href: listed(record), text: 'Back to Engage' }
        : { href: '/engage', text: 'Police forces in Engage' },
      action: record ? `/engage/periods/${record.id}/edit` : '/engage/new',
      record,
      ...formLocals(state),
      forceItems: forceSelectItems(forces, v.force),
    });
  }

  registerRecordingForms<EngagePeriodRecord>(app, {
    newPath: '/engage/new',
    editPath: '/engage/periods/:id/edit',
    action: 'engage.edit',
    firstField: 'force',
    service: c.engageWrite,
    keyOf: (p) => p.id,
    formValues,
    newValues: (q) => ({ force: q.force ?? '' }),
    input: (body) => ({ value: input(body) }),
    redirect: listed,
    render,
  });
}
