import t from 'tap';
import { TestClock } from '../helpers/app.js';
import { ENDPOINTS, startLifecycleApp, TEXTS } from './fixtures/harness.js';

// Friday 2026-11-20: the callback of a reply given that day is due by the end of Monday 11-23.
const ctx = await startLifecycleApp({ clock: new TestClock() });
t.teardown(ctx.close);
const at = (iso: string) => ctx.clock.set(iso);

interface CallbackItem { id: string; round: number; callbackDueAt: string; overdue: boolean; reachable: boolean; office: string; publicReply: string; reporter: { phone: string | null; masked: boolean } }
interface CallbackPage { counts: { awaiting: number; overdue: number }; items: CallbackItem[] }
const list = async (key: 'operator' | 'operator12369' | 'supervisor' | 'admin', query = ''): Promise<CallbackPage> => {
  const res = await ctx.call('GET', `/api/v1/callbacks${query}`, key);
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json();
};
const ids = (page: CallbackPage) => page.items.map((i) => i.id);
const reply = async (id: string, channel = '12345') => {
  // A 12369 reply names its signed reply document.
  const body = channel === '12369' ? { ...ENDPOINTS.reply.body, documentId: await ctx.replyDocument(id) } : ENDPOINTS.reply.body;
  const res = await ctx.act(id, ENDPOINTS.reply.path, 'housingYuzhong', body);
  if (res.statusCode !== 200) throw new Error(res.body);
};

at('2026-11-20T09:00:00+08:00');
const reachable = await ctx.intake(TEXTS.construction, { reporter: { name: '王小五', phone: '13812345678' } });
const anonymous = await ctx.intake(TEXTS.construction);
const by12369 = await ctx.intake(TEXTS.construction, { channel: '12369', reporter: { phone: '13912345678' } });
const unreplied = await ctx.intake(TEXTS.construction, { reporter: { phone: '13712345678' } });
for (const c of [reachable, anonymous, by12369, unreplied]) await ctx.act(c.id, 'sign', 'housingYuzhong');
at('2026-11-20T15:00:00+08:00');
for (const c of [reachable, anonymous]) await reply(c.id);
await reply(by12369.id, '12369');

t.test('replied cases wait for their callback, due the working day after the reply, reporter masked', async (t) => {
  at('2026-11-21T10:00:00+08:00');
  const page = await list('operator');
  t.same(ids(page), [reachable.id, anonymous.id, by12369.id], 'replied cases only, the longest waiting first');
  t.same(page.counts, { awaiting: 3, overdue: 0 });
  const first = page.items[0]!;
  t.match(first, { round: 1, callbackDueAt: '2026-11-23T23:59:59+08:00', overdue: false, reachable: true, office: '重庆市渝中区住房和城乡建设委员会', publicReply: ENDPOINTS.reply.body.publicReply });
  t.same([first.reporter.phone, first.reporter.masked], ['138****5678', true], 'masked as in every list');
  t.equal(page.items[1]!.reachable, false, 'no phone or e-mail: nobody to call');
  t.same(ids(await list('operator12369')), [by12369.id], 'an operator bound to a channel sees its channel');
});

t.test('past the end of the next working day a callback is overdue', async (t) => {
  at('2026-11-24T09:00:00+08:00');
  const page = await list('supervisor');
  t.same(page.counts, { awaiting: 3, overdue: 3 });
  t.same(ids(await list('supervisor', '?overdue=true')), ids(page));
  t.same(ids(await list('supervisor', '?overdue=false')), []);
  t.same(ids(await list('supervisor', '?limit=1')), [reachable.id]);
});

t.test('a recorded callback leaves the list; after a reopen the next reply waits for its own', async (t) => {
  let res = await ctx.act(reachable.id, 'callback', 'operator', { resolved: true, satisfaction: 'satisfied' });
  t.equal(res.statusCode, 200);
  res = await ctx.act(by12369.id, 'callback', 'operator', { resolved: false, satisfaction: 'unsatisfied' });
  t.equal(ctx.caseRow(by12369.id).status, 'reopened');
  t.same(ids(await list('operator')), [anonymous.id], 'the called-back and the reopened case are gone');

  at('2026-11-25T11:00:00+08:00');
  await reply(by12369.id, '12369');
  const page = await list('operator');
  t.same(ids(page), [anonymous.id, by12369.id]);
  t.match(page.items[1], { round: 2, callbackDueAt: '2026-11-26T23:59:59+08:00', overdue: false }, 'the second reply, due the next working day');
});

t.test('departments do not call back; a key stays in its jurisdiction', async (t) => {
  t.equal((await ctx.call('GET', '/api/v1/callbacks', 'housingYuzhong')).statusCode, 403);
  t.equal((await ctx.call('GET', '/api/v1/callbacks?jurisdiction=chongqing', 'shanghaiSupervisor')).statusCode, 403);
  t.same((await ctx.call('GET', '/api/v1/callbacks', 'shanghaiSupervisor')).json().items, [], 'Shanghai has no replied case');
  t.equal((await ctx.call('GET', '/api/v1/callbacks?overdue=maybe', 'operator')).statusCode, 400);
});
