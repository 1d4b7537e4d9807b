import t from 'tap';
import { findCase } from '../../src/cases/repository.js';
import { queueReplyToReporter } from '../../src/notify/reporter-mail.js';
import { intake, mailsOf, NOISE, startNotifyApp } from '../helpers/notify.js';

const REPLY = { officeName: '重庆市渝中区生态环境局', publicReply: '经现场核查，该工地已停止夜间施工。', repliedAt: new Date('2026-11-25T16:30:00+08:00') };

t.test('the reply is mailed to a reporter who gave an address, and never to a confidential one', async (t) => {
  const { ctx } = await startNotifyApp();
  t.teardown(ctx.close);
  const now = ctx.clock.read();
  const cases = {
    open: await intake(ctx, { ...NOISE, externalId: 'N-1', reporter: { name: '王五', email: 'wangwu@example.com' } }),
    confidential: await intake(ctx, { ...NOISE, externalId: 'N-2', reporter: { name: '赵六', email: 'zhaoliu@example.com', confidential: true } }),
    noAddress: await intake(ctx, { ...NOISE, externalId: 'N-3', reporter: { name: '孙七', phone: '13900000000' } }),
  };
  const queue = (id: number) => queueReplyToReporter(ctx.services.db, findCase(ctx.services.db, id)!, REPLY, now);
  t.equal(queue(cases.open.id), true);
  t.equal(queue(cases.confidential.id), false, 'confidential: no mail');
  t.equal(queue(cases.noAddress.id), false, 'no address: no mail');
  const mail = mailsOf(ctx, cases.open.id).find((m) => m.template === 'reply-to-reporter');
  t.match(mail, { recipient: 'wangwu@example.com', state: 'pending', channel: 'mail' });
  t.same(Object.keys(mail!.payload).sort(), ['caseId', 'office', 'publicReply', 'repliedAt', 'trackingCode'], 'the public reply and nothing of the internal text');
  for (const c of [cases.confidential, cases.noAddress]) t.notOk(mailsOf(ctx, c.id).some((m) => m.template === 'reply-to-reporter'));
});
