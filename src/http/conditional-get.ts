import type { FastifyReply, FastifyRequest } from 'fastify';
import { type EntityTag, formatEntityTag, isNotModified } from './entity-tags.js';

/**
 * Answers a GET whose body carries personal data so that a poller can revalidate it: the body is
 * serialised once with the route's 200 schema, tagged from those bytes, and sent — or, when the
 * caller's If-None-Match names the tag, 304 with no body. Call it only after the caller's right to
 * read was checked: a 304 confirms that the resource exists.
 */
export function sendRevalidatable(request: FastifyRequest, reply: FastifyReply, payload: unknown, tagOf: (body: string) => EntityTag) {
  // The route's schema serialiser (fast-json-stringify) returns a string; the typing allows for custom ones.
  const body = reply.serialize(payload) as string;
  const tag = tagOf(body);
  reply.header('etag', formatEntityTag(tag))
    // private: no shared cache may keep it; no-cache: a browser must ask again before reusing it.
    .header('cache-control', 'private, no-cache')
    // Who asks decides what is shown (reporter masked or not).
    .header('vary', 'authorization');
  if (isNotModified(request.headers['if-none-match'], tag)) return reply.code(304).send();
  // A string with a JSON type is sent as is, not serialised a second time.
  return reply.type('application/json; charset=utf-8').send(body);
}
