import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateKey } from '../auth/key-store.js';
import type { Principal, Role } from '../auth/keys.js';
import { ApiError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** Reads `Authorization: Bearer <key>` on staff routes; the role check sits on each route. */
export function installAuth(app: FastifyInstance): void {
  app.decorateRequest('principal', null);
}

export function requireRole(app: FastifyInstance, ...roles: Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new ApiError(401, 'UNAUTHENTICATED', 'send an API key as "Authorization: Bearer <key>"');
    const principal = authenticateKey(app.services.db, match[1]!);
    if (!principal) throw new ApiError(401, 'UNAUTHENTICATED', 'the API key is unknown or revoked');
    if (!(roles as string[]).includes(principal.role)) {
      throw new ApiError(403, 'FORBIDDEN', `a ${principal.role} key may not do this; it needs one of: ${roles.join(', ')}`);
    }
    request.principal = principal;
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'send an API key as "Authorization: Bearer <key>"');
  return request.principal;
}
