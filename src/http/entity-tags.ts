/**
 * Entity tags as RFC 9110 writes them (§8.8.3: `"opaque"` or `W/"opaque"`) and the lists of them that
 * If-None-Match carries (§13.1.2). Parsed by hand rather than split on commas: a comma may sit inside
 * an opaque tag, and a list may hold empty elements (§5.6.1.2).
 */
export interface EntityTag {
  weak: boolean;
  opaque: string;
}

// etagc: any visible character but the double quote, and obs-text (Node hands header bytes over as latin1).
const OPAQUE = /^[\x21\x23-\x7E\x80-\xFF]*$/;

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';

/** The tags of a list field, '*' for "any", or null when the field is not a valid list (the condition is then ignored). */
export function parseEntityTagList(field: string): EntityTag[] | '*' | null {
  if (field.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  let i = 0;
  while (i < field.length) {
    while (isSpace(field[i]) || field[i] === ',') i++;
    if (i >= field.length) break;
    const weak = field.startsWith('W/', i);
    if (weak) i += 2;
    if (field[i] !== '"') return null;
    const close = field.indexOf('"', i + 1);
    if (close < 0) return null;
    const opaque = field.slice(i + 1, close);
    if (!OPAQUE.test(opaque)) return null;
    tags.push({ weak, opaque });
    i = close + 1;
    while (isSpace(field[i])) i++;
    if (i < field.length && field[i] !== ',') return null;
  }
  return tags.length > 0 ? tags : null;
}

/**
 * Whether If-None-Match names the current representation, so a GET answers 304: `*`, or any listed
 * tag equal to it by weak comparison (§8.8.3.2: W/ ignored on both sides, as §13.1.2 asks for this
 * field). An absent or malformed field never matches: the full answer is always a safe one.
 */
export function isNotModified(ifNoneMatch: string | undefined, current: EntityTag): boolean {
  if (ifNoneMatch === undefined) return false;
  const tags = parseEntityTagList(ifNoneMatch);
  if (tags === null) return false;
  return tags === '*' || tags.some((tag) => tag.opaque === current.opaque);
}

export const formatEntityTag = (tag: EntityTag) => `${tag.weak ? 'W/' : ''}"${tag.opaque}"`;
