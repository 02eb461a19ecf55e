import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Container } from '../../container.js';
import { AppError, notFound } from '../../shared/errors.js';
import { checkImportToken } from './documents.api.js';
import type { DocumentReport } from './import.report.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function registerDocumentsWeb(app: FastifyInstance, c: Container, config: Config): void {
  app.get('/import', { schema: { hide: true } }, async (_request, reply) =>
    reply.view('documents/views/import.njk', {
      title: 'Import documents',
      enabled: Boolean(config.IMPORT_TOKEN),
      recent: await c.documents.imported(),
      maxMb: Math.round(config.IMPORT_MAX_BYTES / 1024 / 1024),
    }),
  );

  app.post('/import', { schema: { hide: true } }, async (request, reply) => {
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
      }
    }
    const errors: Array<{ text: string; href: string }> = [];
    if (tooLarge)
      errors.push({
        text: `The file must be smaller than ${Math.round(config.IMPORT_MAX_BYTES / 1024 / 1024)} MB`,
        href: '#document',
      });
    else if (!file) errors.push({ text: 'Select a document to import', href: '#document' });
    try {
      checkImportToken(config, fields.token);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push({
        text: error.code === 'forbidden' ? error.message : 'Enter the correct import token',
        href: '#token',
      });
    }
    if (errors.length > 0 || !file) {
      return reply.status(400).view('documents/views/import.njk', {
        title: 'Import documents',
        enabled: Boolean(config.IMPORT_TOKEN),
        errors,
        documentError: errors.find((e) => e.href === '#document')?.text,
        tokenError: errors.find((e) => e.href === '#token')?.text,
        recent: await c.documents.imported(),
        maxMb: Math.round(config.IMPORT_MAX_BYTES / 1024 / 1024),
        errorPage: true,
      });
    }
    const dryRun = fields.mode !== 'import';
    const report: DocumentReport = await c.imports.importDocument(new Uint8Array(file.bytes), file.name, {
      dryRun,
      maxBytes: config.IMPORT_MAX_BYTES,
      actor: 'web:import',
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
