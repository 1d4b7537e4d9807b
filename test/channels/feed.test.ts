import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelFeedWorker } from '../../src/channels/feedback/feed-worker.js';
import { latestEventId } from '../../src/channels/feedback/feed.js';
import { openServices } from '../../src/bootstrap.js';
import { intakeComplaint } from '../../src/cases/commands/intake.js';
import { loadConfig } from '../../src/config.js';
import { bearer, RULES_DIR, TestClock } from '../helpers/app.js';
import { must, startLifecycleApp, TEXTS } from '../lifecycle/fixtures/harness.js';

/** A platform's receiving end on 127.0.0.1: records each POST, answers with the status it is told to, after a delay if told. */
async function startPlatform() {
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  let answer = 200;
  const delays: number[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      setTimeout(() => response.writeHead(answer).end(), delays.shift() ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hotline/feedback`,
    received,
    answerWith: (status: number) => { answer = status; },
    /** The next answers wait this long (ms), one delay per request. */
    delayNext: (...ms: number[]) => { delays.push(...ms); },
    deliveries: () => received.flatMap((r) => (JSON.parse(r.body) as { deliveries: Array<{ eventId: number; action: string; label: string; case: Record<string, unknown> }> }).deliveries),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SECRET = 'feed-signing-secret';
const clock = new TestClock(new Date('2026-11-02T09:00:00+08:00'));
const ctx = await startLifecycleApp({ clock });
const platform = await startPlatform();
t.teardown(async () => { await platform.close(); await ctx.close(); });
const worker = new ChannelFeedWorker(ctx.services, { urls: new Map([['12345', platform.url]]), secret: SECRET, backoffBaseMs: 60_000 });

t.test('a new feed starts at the newest event: its platform is not sent the past', async (t) => {
  await ctx.intake(TEXTS.fumes, { externalId: 'OLD-1' });
  t.same(await worker.drainOnce(clock.read()), { delivered: 0, failed: 0 });
  t.equal(platform.received.length, 0);
});

t.test('the platform is told what became of its cases, in order, signed, without the reporter or internal text', async (t) => {
  const created = await ctx.intake(TEXTS.construction, { externalId: 'GD-7001', reporter: { name: '张三', phone: '13812345678' } });
  const other = await ctx.call('POST', '/api/v1/complaints', 'operator12369', { jurisdiction: 'chongqing', channel: '12369', content: TEXTS.fumes });
  t.equal(other.statusCode, 201);
  clock.set('2026-11-02T14:00:00+08:00');
  await must(ctx.act(created.id, 'sign', 'housingYuzhong'));
  await must(ctx.act(created.id, 'notes', 'housingYuzhong', { content: '内部：施工方负责人电话已核实' }));
  const ext = await must(ctx.act(created.id, 'extensions', 'housingYuzhong', { days: 3, reason: '需等待第三方监测报告' }));
  await must(ctx.act(created.id, `extensions/${ext.json().extension.id}/decision`, 'supervisor', { approve: false, note: '不同意' }));
  const ext2 = await must(ctx.act(created.id, 'extensions', 'housingYuzhong', { days: 3, reason: '需夜间复测' }));
  await must(ctx.act(created.id, `extensions/${ext2.json().extension.id}/decision`, 'supervisor', { approve: true }));
  await must(ctx.act(created.id, 'reply', 'housingYuzhong', {
    result: '已责令整改', substantiated: 'yes', measures: '下达整改通知书', publicReply: '经核查，反映问题属实，已责令施工单位整改。', internalNotes: '负责人态度一般',
  }));

  const report = await worker.drainOnce(clock.read());
  t.same(report, { delivered: 5, failed: 0 });
  const deliveries = platform.deliveries();
  t.same(deliveries.map((d) => d.action), ['receive', 'assign', 'sign', 'decide-extension', 'reply'], 'public milestones only: no note, no refused extension, no other channel');
  t.same(deliveries.map((d) => d.label), ['诉求已受理', '已交办承办单位', '承办单位已签收', '经批准延期办理', '承办单位已答复']);
  t.ok(deliveries.every((d, i) => i === 0 || d.eventId > deliveries[i - 1]!.eventId), 'in event order');
  t.match(deliveries.at(-1)!.case, {
    jurisdiction: 'chongqing', externalId: 'GD-7001', trackingCode: created.trackingCode, status: 'replied', statusLabel: '已办结',
    office: '重庆市渝中区住房和城乡建设委员会', publicReply: '经核查，反映问题属实，已责令施工单位整改。', extension: { reason: '需夜间复测' },
  });
  const { body, headers } = platform.received[0]!;
  t.equal(headers['x-hotline-signature'], `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`, 'the body is signed with the shared secret');
  t.equal(headers['x-hotline-delivery'], `12345-${deliveries[0]!.eventId}-${deliveries.at(-1)!.eventId}`);
  t.equal(headers['x-hotline-channel'], '12345');
  t.notMatch(body, /张三|13812345678|负责人态度一般|内部：|不同意/, 'never the reporter, internal notes or refused steps');
  t.same(await worker.drainOnce(clock.read()), { delivered: 0, failed: 0 }, 'nothing is sent twice');
});

t.test('a platform that fails keeps its events: retried after the backoff, nothing skipped, nothing overtaking', async (t) => {
  platform.received.length = 0;
  const first = await ctx.intake(TEXTS.vague, { externalId: 'GD-7002' });
  platform.answerWith(503);
  t.same(await worker.drainOnce(clock.read()), { delivered: 0, failed: 1 });
  await must(ctx.act(first.id, 'reject', 'operator', { reason: 'insufficient_information', guidance: '请补充具体地点后重新反映' }));
  t.same(await worker.drainOnce(clock.read()), { delivered: 0, failed: 0 }, 'within the backoff nothing is attempted');
  const states = (await ctx.call('GET', '/api/v1/admin/channel-feeds', 'admin')).json().items;
  t.match(states, [{ channel: '12345', attempts: 1, lastError: 'HTTP 503', backlog: 2 }], 'the admin sees the backlog and why');

  platform.answerWith(200);
  clock.set('2026-11-02T14:01:01+08:00');
  t.same(await worker.drainOnce(clock.read()), { delivered: 2, failed: 0 }, 'after the backoff, both, in one batch');
  const sent = platform.deliveries().slice(-2);
  t.same(sent.map((d) => [d.action, d.case.externalId]), [['receive', 'GD-7002'], ['reject', 'GD-7002']]);
  t.match(sent[1]!.case, { status: 'rejected', rejection: { reason: '反映的信息不足，无法核实办理', guidance: '请补充具体地点后重新反映' } });
  t.equal(platform.received.length, 2, 'the failed POST and the one that carried both');
  t.same([platform.received[0]!.headers['x-hotline-delivery'], platform.received[1]!.headers['x-hotline-delivery']],
    [`12345-${sent[0]!.eventId}-${sent[0]!.eventId}`, `12345-${sent[0]!.eventId}-${sent[1]!.eventId}`], 'the retried batch starts where the failed one did');
  t.match((await ctx.call('GET', '/api/v1/admin/channel-feeds', 'admin')).json().items, [{ attempts: 0, lastError: null, backlog: 0, deliveredAt: /\+08:00$/ }]);
});

t.test('an unreachable platform is a failure like any other; the admin can ask for delivery now', async (t) => {
  const closed = await startPlatform();
  await closed.close();
  const lost = new ChannelFeedWorker(ctx.services, { urls: new Map([['12369', closed.url]]), secret: null, timeoutMs: 2000 });
  await lost.drainOnce(clock.read()); // starts the 12369 feed here
  await ctx.call('POST', '/api/v1/complaints', 'operator12369', { jurisdiction: 'chongqing', channel: '12369', content: TEXTS.construction });
  t.same(await lost.drainOnce(clock.read()), { delivered: 0, failed: 1 });
  const state = (await ctx.call('GET', '/api/v1/admin/channel-feeds', 'admin')).json().items.find((s: { channel: string }) => s.channel === '12369');
  t.match(state.lastError, /ECONNREFUSED|fetch failed/);
  t.equal((await ctx.call('POST', '/api/v1/admin/channel-feeds/12369/retry', 'supervisor')).statusCode, 403, 'admins only');
  const retried = await ctx.call('POST', '/api/v1/admin/channel-feeds/12369/retry', 'admin');
  t.match(retried.json(), { channel: '12369', attempts: 0 });
  t.equal((await ctx.call('POST', '/api/v1/admin/channel-feeds/web/retry', 'admin')).statusCode, 404, 'a channel with no feed');
  t.equal((await ctx.app.inject({ url: '/api/v1/admin/channel-feeds', headers: bearer(ctx.keys.operator) })).statusCode, 403);
});

t.test('two workers on one database: a batch is claimed by one of them', async (t) => {
  platform.received.length = 0;
  await ctx.intake(TEXTS.construction, { externalId: 'GD-7003' });
  const twin = new ChannelFeedWorker(ctx.services, { urls: new Map([['12345', platform.url]]), secret: SECRET });
  const [a, b] = await Promise.all([worker.drainOnce(clock.read()), twin.drainOnce(clock.read())]);
  t.equal(a.delivered + b.delivered, 2, 'receive and assign, once');
  t.same(platform.deliveries().map((d) => d.action), ['receive', 'assign']);
});

t.test('two processes: a claim that ran out is taken over, and the late one neither moves the cursor back nor goes on', async (t) => {
  // Two connections to one file, as two service processes have, on the real clock.
  const dir = mkdtempSync(join(tmpdir(), 'feed-two-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({ HOTLINE_DB: join(dir, 'hotline.db'), HOTLINE_RULES: RULES_DIR });
  const first = openServices(config);
  const second = openServices(config);
  t.teardown(() => { first.db.$client.close(); second.db.$client.close(); });
  const receiver = await startPlatform();
  t.teardown(receiver.close);
  const operator = { keyId: 'test', role: 'operator', jurisdiction: 'chongqing', channel: null, department: null, district: null } as const;
  const intake = (n: number) => first.writes.run((scope) => intakeComplaint(first, operator, { jurisdiction: 'chongqing', channel: '12345', externalId: `TWO-${n}`, content: TEXTS.construction }, scope));
  const options = { urls: new Map([['12345', receiver.url]]), secret: null, claimMs: 200 };
  const slow = new ChannelFeedWorker(first, options);
  const other = new ChannelFeedWorker(second, options);
  await slow.drainOnce(); // the feed starts here
  await intake(1);
  receiver.delayNext(1500);
  const late = slow.drainOnce(); // claims, sends receive+assign of TWO-1, waits 1.5 s for the answer
  await new Promise((resolve) => setTimeout(resolve, 600));
  await intake(2);
  const taken = await other.drainOnce(); // the claim ran out at 200 ms: this one takes over and sends all four
  t.same(taken, { delivered: 4, failed: 0 });
  await late;
  const cursor = () => (second.db.$client.prepare('SELECT last_event_id AS id FROM channel_feeds').get() as { id: number }).id;
  t.equal(cursor(), latestEventId(second.db), 'the late answer did not move the cursor back');
  t.same(await other.drainOnce(), { delivered: 0, failed: 0 }, 'and nothing is sent again');
  const batches = receiver.received.map((r) => (JSON.parse(r.body) as { deliveries: Array<{ case: { externalId: string } }> }).deliveries.map((d) => d.case.externalId));
  t.same(batches, [['TWO-1', 'TWO-1'], ['TWO-1', 'TWO-1', 'TWO-2', 'TWO-2']], 'at least once: the taken-over batch again, with what came after');
});

t.test('HOTLINE_CHANNEL_FEEDS: a channel and an http(s) address each, or the service does not start', async (t) => {
  t.same([...loadConfig({ HOTLINE_CHANNEL_FEEDS: ' 12345=https://platform.example/feedback , 12369=http://10.0.0.5:8080/cb' }).channelFeeds.urls],
    [['12345', 'https://platform.example/feedback'], ['12369', 'http://10.0.0.5:8080/cb']]);
  t.equal(loadConfig({}).channelFeeds.urls.size, 0, 'none by default');
  t.throws(() => loadConfig({ HOTLINE_CHANNEL_FEEDS: 'fax=https://x.example' }), /must be <channel>=<url>/);
  t.throws(() => loadConfig({ HOTLINE_CHANNEL_FEEDS: '12345' }), /must be <channel>=<url>/);
  t.throws(() => loadConfig({ HOTLINE_CHANNEL_FEEDS: '12345=not a url' }), /is not a URL/);
  t.throws(() => loadConfig({ HOTLINE_CHANNEL_FEEDS: '12345=ftp://x.example' }), /http or https/);
  t.throws(() => loadConfig({ HOTLINE_CHANNEL_FEEDS: '12345=https://a.example,12345=https://b.example' }), /given twice/);
  t.throws(() => loadConfig({ HOTLINE_CHANNEL_FEEDS: '12345=https://user:pw@a.example/cb' }), /may not carry a user or password/);
});
