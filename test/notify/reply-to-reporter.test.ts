import t from 'tap';
import { and, eq } from 'drizzle-orm';
import { outbox } from '../../db/schema.js';
import { bearer, startTestApp } from '../helpers/app.js';

const ctx = await startTestApp();
t.teardown(ctx.close);
const operator = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
const handler = ctx.key({ role: 'handler', jurisdiction: 'chongqing', department: 'housing-construction', district: '500103' });

async function handledCase(reporter: Record<string, unknown>): Promise<number> {
  const intake = await ctx.app.inject({ method: 'POST', url: '/api/v1/complaints', headers: bearer(operator), payload: { jurisdiction: 'chongqing', channel: '12345', content: '渝中区某工地白天打桩噪音很大', reporter } });
  const id = Number(intake.json().id);
  t.equal((await ctx.app.inject({ method: 'POST', url: `/api/v1/complaints/${id}/sign`, headers: bearer(handler) })).statusCode, 200);
  const reply = await ctx.app.inject({ method: 'POST', url: `/api/v1/complaints/${id}/reply`, headers: bearer(handler), payload: { result: '已整改', substantiated: 'yes', measures: '责令停工整改', publicReply: '经核查属实，已责令施工单位整改。', internalNotes: '施工单位负责人态度恶劣' } });
  t.equal(reply.statusCode, 200, reply.body);
  return id;
}

const replyMails = (caseId: number) => ctx.services.db.select().from(outbox).where(and(eq(outbox.caseId, caseId), eq(outbox.template, 'reply-to-reporter'))).all();

t.test('a reply queues 答复告知 to the reporter with the public reply only', async (t) => {
  const id = await handledCase({ name: '赵六', email: 'zhaoliu@example.com' });
  const mails = replyMails(id);
  t.equal(mails.length, 1);
  t.equal(mails[0]!.recipient, 'zhaoliu@example.com');
  t.equal(mails[0]!.payload.publicReply, '经核查属实，已责令施工单位整改。');
  t.notOk(JSON.stringify(mails[0]!.payload).includes('态度恶劣'), 'internal notes never reach the reporter');
});

t.test('no mail to a confidential reporter or one without an address', async (t) => {
  t.equal(replyMails(await handledCase({ email: 'secret@example.com', confidential: true })).length, 0);
  t.equal(replyMails(await handledCase({ phone: '13800001111' })).length, 0);
});
