import { resolve } from 'node:path';
import type { SynchronousLevel } from '../db/connection.js';

export interface Config {
  host: string;
  port: number;
  /** SQLite file; created and migrated at start. */
  databasePath: string;
  synchronous: SynchronousLevel;
  rulesDir: string;
  jurisdictions: string[];
  logLevel: string;
  /** Largest accepted request body in bytes; larger bodies get 413. */
  bodyLimit: number;
}

/** Every setting, its environment variable and its default; the README lists the same table. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const synchronous = (env.HOTLINE_DB_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (!['OFF', 'NORMAL', 'FULL', 'EXTRA'].includes(synchronous)) {
    throw new Error(`HOTLINE_DB_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA, not "${env.HOTLINE_DB_SYNCHRONOUS}"`);
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000),
    databasePath: resolve(env.HOTLINE_DB ?? './data/hotline.db'),
    synchronous: synchronous as SynchronousLevel,
    rulesDir: resolve(env.HOTLINE_RULES ?? './rules'),
    jurisdictions: (env.HOTLINE_JURISDICTIONS ?? 'chongqing,shanghai').split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimit: integer(env, 'HOTLINE_BODY_LIMIT', 64 * 1024),
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not "${raw}"`);
  return value;
}
