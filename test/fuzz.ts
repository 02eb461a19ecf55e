/** Deterministic mutations of a document for fuzz tests (a seeded PRNG: failures can be replayed). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK = [
  '\u0000',
  '\uFFFD',
  '•',
  '☒',
  'FORMCHECKBOX',
  'Entered Engage',
  'Moved out of Engage',
  '1.',
  '- ',
  '(Inadequate)',
  'by 31 February 2019',
  '\n\n\n',
  '"',
  '<p>',
  '%PDF-',
  'PK\u0003\u0004',
];

export function mutate(text: string, random: () => number): string {
  const lines = text.split('\n');
  const pick = (n: number) => Math.floor(random() * n);
  const ops = 1 + pick(4);
  let out = lines;
  for (let i = 0; i < ops; i++) {
    switch (pick(8)) {
      case 0: // delete a line
        out.splice(pick(out.length), 1);
        break;
      case 1: // duplicate a line
        out.splice(pick(out.length), 0, out[pick(out.length)] ?? '');
        break;
      case 2: // swap two lines
        {
          const a = pick(out.length);
          const b = pick(out.length);
          [out[a], out[b]] = [out[b] ?? '', out[a] ?? ''];
        }
        break;
      case 3: // truncate
        out = out.slice(0, pick(out.length + 1));
        break;
      case 4: // insert junk inside a line
        {
          const l = pick(out.length);
          const line = out[l] ?? '';
          const at = pick(line.length + 1);
          out[l] = line.slice(0, at) + JUNK[pick(JUNK.length)]! + line.slice(at);
        }
        break;
      case 5: // flip characters in a line
        {
          const l = pick(out.length);
          out[l] = [...(out[l] ?? '')]
            .map((c) => (random() < 0.05 ? String.fromCharCode(pick(0x3000)) : c))
            .join('');
        }
        break;
      case 6: // change a date or number
        {
          const l = pick(out.length);
          out[l] = (out[l] ?? '').replace(/\d+/, String(pick(10000)));
        }
        break;
      default: // shuffle the whole document's lines
        out = [...out].sort(() => random() - 0.5);
    }
  }
  return out.join('\n');
}

/** A random text of 1 to maxTokens tokens drawn from a list: input no document would contain. */
export function tokenSoup(tokens: readonly string[], random: () => number, maxTokens = 60): string {
  return Array.from(
    { length: 1 + Math.floor(random() * maxTokens) },
    () => tokens[Math.floor(random() * tokens.length)],
  ).join('');
}
