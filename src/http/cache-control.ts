import type { FastifyInstance } from 'fastify';

/**
 * Answers about cases carry personal data (reporters, addresses, what they wrote): no cache may keep
 * them, shared or private, unless a route says otherwise (the single-case read sets `private,
 * no-cache` so that a caller can revalidate it with its ETag). The published catalogue and the
 * documentation are not cases and keep the default.
 */
const PERSONAL = ['/api/', '/public/complaints/', '/public/lookup'];

export function installCacheControl(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request, intake's included, and needs no promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control') && PERSONAL.some((prefix) => request.url.startsWith(prefix))) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
