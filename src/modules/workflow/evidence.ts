import { extname } from 'node:path';
import { EVIDENCE_MAX_BYTES, EVIDENCE_TYPES, type EvidenceType } from './workflow.domain.js';

/**
 * Checks an evidence file before it is stored: size, an allowed type by name, and content that
 * matches the name (a renamed executable is not a PDF). Returns the type to serve it as, or a
 * problem to show. Pure.
 */
export type EvidenceCheck =
  { ok: true; contentType: EvidenceType; filename: string } | { ok: false; problem: string };

const startsWith = (bytes: Uint8Array, ...sig: number[]) => sig.every((b, i) => bytes[i] === b);

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const CONTENT_MATCHES: Record<EvidenceType, (bytes: Uint8Array) => boolean> = {
  'application/pdf': (b) => startsWith(b, 0x25, 0x50, 0x44, 0x46, 0x2d),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (b) =>
    startsWith(b, 0x50, 0x4b, 0x03, 0x04),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (b) =>
    startsWith(b, 0x50, 0x4b, 0x03, 0x04),
  'text/plain': looksLikeText,
  'text/csv': looksLikeText,
  'image/png': (b) => startsWith(b, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  'image/jpeg': (b) => startsWith(b, 0xff, 0xd8, 0xff),
};

export const EVIDENCE_EXTENSIONS = Object.values(EVIDENCE_TYPES).flat();

/** A file name safe to store and to put in Content-Disposition: no folders or control characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .filter((ch) => ch !== '"' && ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(-200);
  return cleaned || 'evidence';
}

export function checkEvidence(name: string, bytes: Uint8Array, maxBytes = EVIDENCE_MAX_BYTES): EvidenceCheck {
  const filename = cleanFilename(name);
  if (bytes.length === 0) return { ok: false, problem: `${filename} is empty` };
  if (bytes.length > maxBytes)
    return {
      ok: false,
      problem: `${filename} must be smaller than ${Math.round(maxBytes / 1024 / 1024)} MB`,
    };
  const extension = extname(filename).toLowerCase();
  const type = (Object.keys(EVIDENCE_TYPES) as EvidenceType[]).find((t) =>
    (EVIDENCE_TYPES[t] as readonly string[]).includes(extension),
  );
  if (!type)
    return {
      ok: false,
      problem: `${filename} must be a ${EVIDENCE_EXTENSIONS.map((e) => e.slice(1).toUpperCase()).join(', ')} file`,
    };
  if (!CONTENT_MATCHES[type](bytes))
    return { ok: false, problem: `${filename} is not a real ${extension.slice(1).toUpperCase()} file` };
  return { ok: true, contentType: type, filename };
}
