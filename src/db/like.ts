/** An ILIKE pattern that finds the words anywhere, with the pattern's own characters (% _ \) taken literally. */
export const containsPattern = (words: string): string => `%${words.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
