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
    request.principal = keyHolder(app, bearerSecret(request), roles);
  };
}

/** The key of an `Authorization: Bearer <key>` header, if one is sent. */
export const bearerSecret = (request: FastifyRequest): string | undefined => /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];

/**
 * The principal of an API key, for one of these roles: 401 without a key or with an unknown one,
 * 403 for another role. `field` names where the key was expected when that is a request field
 * (Open311's api_key), and then prefixes the messages.
 */
export function keyHolder(app: FastifyInstance, secret: string | undefined, roles: readonly Role[], field?: string): Principal {
  const say = (message: string) => (field ? `${field}: ${message}` : message);
  if (!secret) throw new ApiError(401, 'UNAUTHENTICATED', say(field ? `an API key is required (the ${field} field, or Authorization: Bearer <key>)` : 'send an API key as "Authorization: Bearer <key>"'), field);
  const principal = authenticateKey(app.services.db, secret);
  if (!principal) throw new ApiError(401, 'UNAUTHENTICATED', say('the API key is unknown or revoked'), field);
  if (!(roles as readonly string[]).includes(principal.role)) {
    throw new ApiError(403, 'FORBIDDEN', say(`a ${principal.role} key may not do this; it needs one of: ${roles.join(', ')}`), field);
  }
  return principal;
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError(401, 'UNAUTHENTICATED', 'send an API key as "Authorization: Bearer <key>"');
  return request.principal;
}
