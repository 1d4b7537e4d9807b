import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { outbox } from '../../db/schema.js';
import type { DepartmentCode } from '../../src/catalogue/schema.js';
import { loadConfig } from '../../src/config.js';
import { SmtpMailer } from '../../src/notify/mailer.js';
import { officeFor } from '../../src/routing/offices.js';
import { bearer, startTestApp, type TestApp } from './app.js';

/**
 * Complaint texts written for these tests (not from the corpus). The catalogue routes NOISE to
 * night-construction-noise (建筑施工夜间噪声扰民): lead 渝中区生态环境局, two cooperating offices.
 */
export const NOISE = {
  jurisdiction: 'chongqing', channel: '12345',
  content: '渝中区某工地夜间施工噪音扰民，晚上十二点还在打桩，附近居民无法入睡。',
  address: '重庆市渝中区解放碑附近',
};

/** The test app with `env`, and the config the server would build from the same environment. */
export async function startNotifyApp(env: Record<string, string> = {}) {
  const ctx = await startTestApp({ env });
  const config = loadConfig({ HOTLINE_DB: join(ctx.dir, 'hotline.db'), ...env });
  return { ctx, config };
}

/** Mail sender of the SMTP tests. */
export const TEST_FROM = 'hotline@12345.example.cn';

/**
 * An SMTP mailer to 127.0.0.1:`port` (a test server, or a closed port) keeping up to `connections`
 * open, by default as many as the worker's default concurrency (4), as the service configures it.
 */
export const smtpMailerTo = (port: number, connections = 4) =>
  new SmtpMailer({ host: '127.0.0.1', port, secure: false, user: null, password: null, connections }, TEST_FROM);

/** The notify app and an SMTP mailer to 127.0.0.1:`port` (smtpMailerTo), both closed when the test ends. */
export async function startMailingApp(t: { teardown(fn: () => unknown): void }, port: number, connections?: number) {
  const { ctx } = await startNotifyApp();
  t.teardown(ctx.close);
  const mailer = smtpMailerTo(port, connections);
  t.teardown(() => mailer.close());
  return { ctx, mailer };
}

export interface Intake {
  id: number;
  trackingCode: string;
  /** The lead office's inbox as the catalogue gives it. */
  leadEmail: string;
}

export async function intake(ctx: TestApp, body: Record<string, unknown> = NOISE): Promise<Intake> {
  const operator = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/complaints', headers: bearer(operator), payload: body });
  if (res.statusCode !== 201) throw new Error(`intake failed: ${res.statusCode} ${res.body}`);
  const view = res.json();
  const { catalogue } = ctx.services.catalogues.get('chongqing')!;
  const district = catalogue.districtsByCode.get(view.routing.lead.district) ?? null;
  const lead = officeFor(catalogue, view.routing.lead.department as DepartmentCode, district);
  return { id: Number(view.id), trackingCode: view.trackingCode, leadEmail: lead.email! };
}

export const mailsOf = (ctx: TestApp, caseId: number) =>
  ctx.services.db.select().from(outbox).where(eq(outbox.caseId, caseId)).orderBy(asc(outbox.id)).all();

export const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);
