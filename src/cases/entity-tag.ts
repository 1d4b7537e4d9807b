import { createHash } from 'node:crypto';
import type { EntityTag } from '../http/entity-tags.js';

/**
 * A case's entity tag: `<version>-<digest of the body as sent>`. The version alone would be wrong
 * for a GET: the same version reads differently for a handler (reporter masked) and an operator,
 * and `overdue` turns true when a due time passes without any write. The digest of the served
 * bytes is exact for every such difference; the version in front is what If-Match checks.
 */
export function caseEntityTag(version: number, body: string): EntityTag {
  // 96 bits of SHA-256: no accidental collision between two bodies of one case, and cheap to send.
  const digest = createHash('sha256').update(body).digest('base64url').slice(0, 16);
  return { weak: false, opaque: `${version}-${digest}` };
}

/** The version an entity tag names: `"7-…"` from a GET and `"7"` from an action both name version 7. */
export const versionOfEntityTag = (opaque: string) => {
  const dash = opaque.indexOf('-');
  return dash < 0 ? opaque : opaque.slice(0, dash);
};
