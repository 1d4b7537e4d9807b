import { buildApp } from './app.js';
import { openServices } from './bootstrap.js';
import { loadConfig } from './config.js';

/** The OpenAPI document as generated from the route schemas, on a throwaway in-memory database. */
export async function generateOpenApi(): Promise<string> {
  const services = openServices({ ...loadConfig({}), databasePath: ':memory:' });
  const app = await buildApp({ services });
  await app.ready();
  const document = JSON.stringify(app.swagger(), null, 2) + '\n';
  await app.close();
  services.db.$client.close();
  return document;
}
