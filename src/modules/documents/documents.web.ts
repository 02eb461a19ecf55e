import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Container } from '../../container.js';
import { notFound } from '../../shared/errors.js';
import { checkCsrf } from '../../web/auth.js';
import { assertCan } from '../accounts/index.js';
import type { DocumentReport } from './import.report.js';
import { UUID } from '../../shared/ids.js';

export function registerDocumentsWeb(app: FastifyInstance, c: Container, config: Config): void {
  app.get('/import', { schema: { hide: true } }, async (request, reply) => {
    assertCan(request.viewer, 'document.import');
    return reply.view('documents/views/import.njk', {
      title: 'Import documents',
      recent: await c.documents.imported(),
      maxMb: Math.round(config.IMPORT_MAX_BYTES / 1024 / 1024),
    });
  });

  app.post('/import', { schema: { hide: true } }, async (request, reply) => {
    assertCan(request.viewer, 'document.import');
    const fields: Record<string, string> = {};
    let file: { name: string; bytes: Buffer } | null = null;
    let tooLarge = false;
    for await (const part of request.parts({ limits: { fileSize: config.IMPORT_MAX_BYTES, files: 1 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer().catch(() => null);
        tooLarge = bytes === null || part.file.truncated;
        if (bytes && part.filename) file = { name: part.filename, bytes };
      } else {
        fields[part.fieldname] = String(part.value);
        if (part.fieldname === '_csrf') {
          // The form's CSRF token comes first in the form, so it is checked before the file is read.
          request.multipartCsrf = fields._csrf;
          await checkCsrf(app, request, reply);
        }
      }
    }
    if (fields._csrf === undefined) {
      request.multipartCsrf = '';
      await checkCsrf(app, request, reply);
    }
    const errors: Array<{ text: string; href: string }> = [];
    if (tooLarge)
      errors.push({
        text: `The file must be smaller than ${Math.round(config.IMPORT_MAX_BYTES / 1024 / 1024)} MB`,
        href: '#document',
      });
    else if (!file) errors.push({ text: 'Select a document to import', href: '#document' });
    if (errors.length > 0 || !file) {
      return reply.status(400).view('documents/views/import.njk', {
        title: 'Import documents',
        errors,
        documentError: errors.find((e) => e.href === '#document')?.text,
        recent: await c.documents.imported(),
        maxMb: Math.round(config.IMPORT_MAX_BYTES / 1024 / 1024),
        errorPage: true,
      });
    }
    const dryRun = fields.mode !== 'import';
    const report: DocumentReport = await c.imports.importDocument(new Uint8Array(file.bytes), file.name, {
      dryRun,
      maxBytes: config.IMPORT_MAX_BYTES,
      actor: request.viewer.actor,
    });
    return reply.view('documents/views/import-result.njk', {
      title: dryRun ? 'Check the import' : 'Import result',
      report,
      dryRun,
    });
  });

  app.get<{ Params: { id: string }; Querystring: { start?: string; end?: string } }>(
    '/documents/:id',
    { schema: { hide: true } },
    async (request, reply) => {
      if (!UUID.test(request.params.id)) throw notFound('The document');
      const document = await c.documents.byId(request.params.id);
      if (!document) throw notFound('The document');
      const text = document.text ?? '';
      const start = clamp(Number(request.query.start), 0, text.length);
      const end = clamp(Number(request.query.end), start, text.length);
      const highlighted = Number.isFinite(start) && end > start;
      return reply.view('documents/views/show.njk', {
        title: document.title ?? document.fileName ?? 'Document',
        document,
        before: highlighted ? text.slice(0, start) : text,
        passage: highlighted ? text.slice(start, end) : '',
        after: highlighted ? text.slice(end) : '',
        highlighted,
      });
    },
  );
}

const clamp = (n: number, min: number, max: number) =>
  Number.isFinite(n) ? Math.min(Math.max(n, min), max) : NaN;
