import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../../src/app.js';
import { createKey, type KeyScope } from '../../src/auth/key-store.js';
import { openServices } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import type { Services } from '../../src/services.js';

export const RULES_DIR = join(import.meta.dirname, '..', '..', 'rules');

/** A settable clock, so tests can place a request at any instant. */
export class TestClock {
  constructor(public now: Date = new Date('2026-11-18T10:00:00+08:00')) {}
  read = (): Date => new Date(this.now);
  set(iso: string): void { this.now = new Date(iso); }
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  clock: TestClock;
  dir: string;
  key(scope: KeyScope): string;
  close(): Promise<void>;
}

/** The real app on a fresh SQLite file in a temporary folder, with the real catalogues. */
export async function startTestApp(options: { logger?: Logger; clock?: TestClock; env?: Record<string, string> } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-test-'));
  const config = loadConfig({ HOTLINE_DB: join(dir, 'hotline.db'), HOTLINE_RULES: RULES_DIR, ...options.env });
  const clock = options.clock ?? new TestClock();
  const services = openServices(config, clock.read);
  const app = await buildApp({ services, bodyLimit: config.bodyLimit, attachmentLimit: config.attachmentLimit, ...(options.logger ? { logger: options.logger } : {}) });
  return {
    app, services, clock, dir,
    key: (scope) => createKey(services.db, scope, clock.read()).secret,
    close: async () => {
      await app.close();
      services.db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** The random part of a key `hk_<id>_<secret>`; the secret is base64url and may itself contain "_". */
export const secretOf = (key: string) => key.slice(key.indexOf('_', 3) + 1);
