/**
 * The worker that reads documents off the web server's event loop: bytes → format, normalised
 * text, title → model, kind and extraction (families/). Everything here is pure; errors that are
 * the document's fault come back as values (classes do not survive the thread boundary).
 */
import type { Reading } from './families/index.js';
import { readText } from './families/index.js';
import type { KnownForce } from './extraction.types.js';
import { DocumentReadError, readDocument, type DocumentFormat } from './formats.js';

export type ReadTask = { bytes: Uint8Array; fileName: string; maxBytes?: number; forces: KnownForce[] };
export type ReadOutcome =
  | { ok: true; format: DocumentFormat; text: string; title: string | null; reading: Reading }
  | { ok: false; code: string; message: string };

export async function readTask(task: ReadTask): Promise<ReadOutcome> {
  try {
    const read = await readDocument(task.bytes, {
      fileName: task.fileName,
      ...(task.maxBytes ? { maxBytes: task.maxBytes } : {}),
    });
    return {
      ok: true,
      format: read.format,
      text: read.text,
      title: read.title,
      reading: readText(read.text, task.forces, read.title),
    };
  } catch (error) {
    if (error instanceof DocumentReadError) return { ok: false, code: error.code, message: error.message };
    if (error instanceof RangeError) {
      // Nesting deeper than the stack (thousands of nested elements) is the document's fault.
      return {
        ok: false,
        code: 'corrupt',
        message: `The document is nested too deeply to read (${error.message}).`,
      };
    }
    throw error;
  }
}

export default readTask;
