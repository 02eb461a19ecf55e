import { describe, expect, it } from 'vitest';
import { checkEvidence, cleanFilename } from './evidence.js';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);

describe('evidence files', () => {
  it('accepts allowed types whose content matches the name', () => {
    expect(checkEvidence('plan.pdf', text('%PDF-1.7 ...'))).toMatchObject({
      ok: true,
      contentType: 'application/pdf',
    });
    expect(checkEvidence('board.docx', bytes(0x50, 0x4b, 3, 4, 9))).toMatchObject({ ok: true });
    expect(checkEvidence('data.xlsx', bytes(0x50, 0x4b, 3, 4, 9))).toMatchObject({ ok: true });
    expect(checkEvidence('note.txt', text('Minutes of the board, £ and é'))).toMatchObject({
      ok: true,
      contentType: 'text/plain',
    });
    expect(checkEvidence('figures.CSV', text('a,b\n1,2'))).toMatchObject({
      ok: true,
      contentType: 'text/csv',
    });
    expect(
      checkEvidence('chart.png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0)),
    ).toMatchObject({ ok: true });
    expect(checkEvidence('photo.jpeg', bytes(0xff, 0xd8, 0xff, 0xe0))).toMatchObject({
      ok: true,
      contentType: 'image/jpeg',
    });
  });

  it('refuses other types, renamed files, empty and oversized files', () => {
    expect(checkEvidence('run.exe', bytes(0x4d, 0x5a))).toEqual({
      ok: false,
      problem: expect.stringMatching(/must be a PDF, DOCX/) as unknown,
    });
    expect(checkEvidence('fake.pdf', bytes(0x4d, 0x5a, 0x90))).toEqual({
      ok: false,
      problem: 'fake.pdf is not a real PDF file',
    });
    expect(checkEvidence('fake.txt', bytes(0x61, 0, 0x62))).toMatchObject({ ok: false });
    expect(checkEvidence('bad.txt', bytes(0xc3, 0x28))).toMatchObject({ ok: false });
    expect(checkEvidence('empty.pdf', bytes())).toEqual({ ok: false, problem: 'empty.pdf is empty' });
    expect(checkEvidence('big.txt', text('x'.repeat(11)), 10)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/smaller than/) as unknown,
    });
    expect(checkEvidence('noextension', text('hello'))).toMatchObject({ ok: false });
  });

  it('cleans file names', () => {
    expect(cleanFilename('C:\\Users\\a\\plan.pdf')).toBe('plan.pdf');
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('a"\u0000b.pdf')).toBe('ab.pdf');
    expect(cleanFilename('')).toBe('evidence');
  });
});
