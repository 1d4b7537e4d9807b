import t from 'tap';
import { count, eq } from 'drizzle-orm';
import { assignments, cases, catalogueVersions, events, outbox } from '../../db/schema.js';
import { hashAccessCode } from '../../src/cases/codes.js';
import { bearer, startTestApp } from '../helpers/app.js';

const ctx = await startTestApp();
t.teardown(ctx.close);
const operator = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
const hotline12369 = ctx.key({ role: 'operator', jurisdiction: 'chongqing', channel: '12369' });
const supervisor = ctx.key({ role: 'supervisor', jurisdiction: 'chongqing' });
const shanghaiOperator = ctx.key({ role: 'operator', jurisdiction: 'shanghai' });

const post = (key: string, body: unknown, url = '/api/v1/complaints') =>
  ctx.app.inject({ method: 'POST', url, headers: bearer(key), payload: body as object });

const dustComplaint = {
  jurisdiction: 'chongqing', channel: '12345', externalId: 'CQ12345-0001',
  content: '小区旁边的建筑工地没有围挡也不洒水，扬尘很大，家里窗台每天一层灰。',
  address: '重庆市九龙坡区杨家坪步行街附近',
  reporter: { name: '李四', phone: '13912345678', email: 'lisi@example.com' },
};

t.test('an operator posts a complaint: 201 with the decision, its reasons and the deadlines', async (t) => {
  ctx.clock.set('2026-09-30T15:00:00+08:00');
  const res = await post(operator, dustComplaint);
  t.equal(res.statusCode, 201, res.body);
  const body = res.json();
  t.match(body.id, /^[0-9]+$/);
  t.match(body.trackingCode, /^CQ-20260930-[0-9A-Z]{6}$/);
  t.match(body.accessCode, /^[0-9A-Z]{8}$/);
  t.equal(body.status, 'assigned');
  t.equal(body.classification.matter.code, 'construction-dust');
  t.ok(body.classification.pollutionTypes.includes('air'));
  t.ok(body.classification.confidence >= ctx.services.catalogues.get('chongqing')!.catalogue.triageThreshold, 'confident enough to be routed');
  t.ok(body.classification.matchedTerms.length > 0);
  t.equal(body.classification.catalogueVersion, ctx.services.catalogues.get('chongqing')!.catalogue.version);
  t.same(body.routing.district, { code: '500107', name: '九龙坡区', source: 'address' });
  t.same(body.routing.lead, { department: 'housing-construction', name: '重庆市九龙坡区住房和城乡建设委员会', district: '500107' });
  t.ok(body.routing.cooperating.some((c: { department: string }) => c.department === 'urban-management'));
  t.equal(body.routing.signDueAt, '2026-10-08T23:59:59+08:00', 'one working day, National Day skipped');
  t.equal(body.routing.replyDueAt, '2026-10-27T23:59:59+08:00', 'fifteen working days, make-up Saturday 10-10 counted');
  t.equal(res.headers.etag, '"1"');

  const id = Number(body.id);
  const row = ctx.services.db.select().from(cases).where(eq(cases.id, id)).get()!;
  t.equal(row.accessCodeHash, hashAccessCode(body.trackingCode, body.accessCode), 'access code stored only as its hash');
  t.notOk(JSON.stringify(row).includes(body.accessCode), 'the clear access code is nowhere in the row');
  const held = ctx.services.db.select().from(assignments).where(eq(assignments.caseId, id)).all();
  const matter = ctx.services.catalogues.get('chongqing')!.catalogue.mattersByCode.get('construction-dust')!;
  t.same(held.map((a) => [a.role, a.department]).sort(), [['lead', matter.lead], ...matter.cooperating.map((d) => ['cooperating', d])].sort(), 'the lead and every cooperating department of the matter hold the case');
  const trail = ctx.services.db.select().from(events).where(eq(events.caseId, id)).all();
  t.same(trail.map((e) => [e.action, e.fromState, e.toState]), [['receive', null, 'received'], ['assign', 'received', 'assigned']]);
  t.ok(ctx.services.db.select().from(catalogueVersions).where(eq(catalogueVersions.hash, row.catalogueVersion)).get(), 'catalogue version stored with its content');
  const mails = ctx.services.db.select().from(outbox).where(eq(outbox.caseId, id)).all();
  t.ok(mails.some((m) => m.template === 'assignment' && m.state === 'pending'), 'the lead office is notified through the outbox');
});

t.test('the same channel and externalId again returns the same case; different content is a conflict', async (t) => {
  const again = await post(operator, dustComplaint);
  t.equal(again.statusCode, 200);
  t.equal(again.json().trackingCode, (await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints/${again.json().id}`, headers: bearer(operator) })).json().trackingCode);
  t.notOk('accessCode' in again.json(), 'the access code is not repeated');
  const changed = await post(operator, { ...dustComplaint, content: '另一件事：河里有死鱼' });
  t.equal(changed.statusCode, 409);
  t.equal(changed.json().code, 'EXTERNAL_ID_CONFLICT');
  const total = ctx.services.db.select({ n: count() }).from(cases).where(eq(cases.externalId, 'CQ12345-0001')).get()!.n;
  t.equal(total, 1);
});

t.test('an unclear complaint goes to triage with its suggestions, never to a guessed department', async (t) => {
  const res = await post(operator, { jurisdiction: 'chongqing', channel: '12345', content: '我要反映一个问题，希望有关部门尽快处理，谢谢。' });
  t.equal(res.statusCode, 201);
  const body = res.json();
  t.equal(body.status, 'triage');
  t.equal(body.routing.lead, null);
  t.same(body.routing.cooperating, []);
  t.equal(body.routing.signDueAt, null);
  t.equal(ctx.services.db.select({ n: count() }).from(assignments).where(eq(assignments.caseId, Number(body.id))).get()!.n, 0);
});

t.test('urgency and channel choose the time limits', async (t) => {
  ctx.clock.set('2026-10-01T23:30:00+08:00');
  const critical = await post(operator, { jurisdiction: 'chongqing', channel: '12345', urgency: 'critical', content: '化工厂管道泄漏，刺鼻气味，附近居民头晕', district: '长寿区' });
  t.equal(critical.json().routing.signDueAt, '2026-10-02T00:30:00+08:00', 'critical: sign within one clock hour, holiday or not');
  t.equal(critical.json().routing.replyDueAt, '2026-10-02T01:30:00+08:00');
  ctx.clock.set('2026-08-02T10:00:00+08:00');
  const env = await post(hotline12369, { jurisdiction: 'chongqing', channel: '12369', content: '化工厂通过暗管偷排工业废水', district: '500115' });
  t.equal(env.json().routing.replyDueAt, '2026-10-08T23:59:59+08:00', '12369: 60 days, ending on National Day → next working day');
  t.equal(env.json().routing.acceptDueAt, '2026-08-17T23:59:59+08:00', 'acceptance decision within 15 days');
});

t.test('a due time in a year the calendar does not cover is provisional', async (t) => {
  ctx.clock.set('2026-12-28T10:00:00+08:00');
  const res = await post(operator, { jurisdiction: 'chongqing', channel: '12345', content: '楼下饭店油烟直排，熏得不敢开窗', district: '渝中' });
  t.equal(res.json().routing.provisional, true);
  t.equal(res.json().routing.replyDueAt, '2027-01-18T23:59:59+08:00');
});

t.test('the district field accepts codes and names; an unknown district is a 400 naming the field', async (t) => {
  ctx.clock.set('2026-11-18T10:00:00+08:00');
  const named = await post(operator, { jurisdiction: 'chongqing', channel: '12345', content: '工厂排放刺鼻废气', district: '两江新区' });
  t.equal(named.json().routing.district.code, 'cq-liangjiang');
  const unknown = await post(operator, { jurisdiction: 'chongqing', channel: '12345', content: '工厂排放刺鼻废气', district: '浦东新区' });
  t.equal(unknown.statusCode, 400);
  t.equal(unknown.json().field, 'district');
  const cityLevel = await post(operator, { jurisdiction: 'chongqing', channel: '12345', content: '某工厂排放刺鼻废气' });
  t.equal(cityLevel.json().routing.district, null);
  t.equal(cityLevel.json().routing.lead.name, '重庆市生态环境局', 'unknown district → the city-level office');
});

t.test('POST /classify answers the same decision and stores nothing', async (t) => {
  const before = ctx.services.db.select({ n: count() }).from(cases).get()!.n;
  const body = { jurisdiction: 'chongqing', channel: '12345', content: dustComplaint.content, address: dustComplaint.address };
  const dry = await post(supervisor, body, '/api/v1/classify');
  t.equal(dry.statusCode, 200);
  const real = await post(operator, body);
  t.same(dry.json().classification, real.json().classification);
  t.same(dry.json().routing, real.json().routing);
  t.equal(ctx.services.db.select({ n: count() }).from(cases).get()!.n, before + 1, 'only the real intake stored a case');
  // The dry run refuses what intake refuses: a receivedAt in the future or before 2000.
  for (const receivedAt of ['2099-01-01T00:00:00+08:00', '1900-01-01T00:00:00+08:00']) {
    const refused = await post(supervisor, { ...body, receivedAt }, '/api/v1/classify');
    t.same([refused.statusCode, refused.json().field], [400, 'receivedAt'], receivedAt);
  }
});

t.test('keys: 401 without or with an unknown key, 403 outside role or scope', async (t) => {
  const none = await ctx.app.inject({ method: 'POST', url: '/api/v1/complaints', payload: dustComplaint });
  t.equal(none.statusCode, 401);
  t.equal(none.json().code, 'UNAUTHENTICATED');
  t.equal((await post('hk_forged_key', dustComplaint)).statusCode, 401);
  const wrongRole = await post(supervisor, { ...dustComplaint, externalId: 'x-1' });
  t.equal(wrongRole.statusCode, 403, 'supervisors do not take complaints in');
  t.equal((await post(shanghaiOperator, { ...dustComplaint, externalId: 'x-2' })).statusCode, 403, 'another jurisdiction');
  t.equal((await post(hotline12369, { ...dustComplaint, externalId: 'x-3' })).statusCode, 403, 'a 12369 key cannot post as 12345');
  const handler = ctx.key({ role: 'handler', jurisdiction: 'chongqing', department: 'water' });
  const first = ctx.services.db.select().from(cases).limit(1).get()!;
  t.equal((await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints/${first.id}`, headers: bearer(handler) })).statusCode, 403, 'a department that does not hold the case');
});

t.test('a handler of the assigned office sees the case with the reporter masked', async (t) => {
  const row = ctx.services.db.select().from(cases).where(eq(cases.externalId, 'CQ12345-0001')).get()!;
  const handler = ctx.key({ role: 'handler', jurisdiction: 'chongqing', department: 'housing-construction', district: '500107' });
  const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints/${row.id}`, headers: bearer(handler) });
  t.equal(res.statusCode, 200);
  t.same(res.json().reporter, { name: '李*', phone: '139****5678', email: 'l***@example.com', address: null, confidential: false, allowContact: false, masked: true });
  const cityHandler = ctx.key({ role: 'handler', jurisdiction: 'chongqing', department: 'housing-construction' });
  t.equal((await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints/${row.id}`, headers: bearer(cityHandler) })).statusCode, 403, 'the city office does not hold a district case');
});

t.test('GET /complaints filters within the key\'s scope and paginates by cursor', async (t) => {
  const list = async (key: string, query: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints?${query}`, headers: bearer(key) })).json();
  const all = await list(supervisor, 'limit=200');
  t.ok(all.items.length >= 6);
  t.ok(all.items.every((c: { jurisdiction: string }) => c.jurisdiction === 'chongqing'));
  const ids = all.items.map((c: { id: string }) => Number(c.id));
  t.same(ids, [...ids].sort((a, b) => b - a), 'newest first');

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ id: string }>; nextCursor: string | null } = await list(supervisor, `limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    t.ok(page.items.length <= 2);
    seen.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor);
  t.same(seen, all.items.map((c: { id: string }) => c.id), 'pages join up to the full list, no gaps or repeats');

  t.ok((await list(supervisor, 'status=triage')).items.every((c: { status: string }) => c.status === 'triage'));
  t.ok((await list(supervisor, 'matter=construction-dust')).items.length >= 2);
  const housing = await list(supervisor, 'department=housing-construction');
  t.ok(housing.items.length >= 2 && housing.items.every((c: { routing: { lead: { department: string } | null; cooperating: Array<{ department: string }> } }) =>
    c.routing.lead?.department === 'housing-construction' || c.routing.cooperating.some((o) => o.department === 'housing-construction')));
  const jiulongpo = await list(supervisor, 'district=500107');
  t.ok(jiulongpo.items.length >= 1 && jiulongpo.items.every((c: { routing: { district: { code: string } } }) => c.routing.district.code === '500107'));
  const idsOf = (page: { items: Array<{ id: string }> }) => page.items.map((c) => c.id);
  for (const name of ['九龙坡区', '九龙坡', '九龍坡區']) {
    t.same(idsOf(await list(supervisor, `district=${encodeURIComponent(name)}`)), idsOf(jiulongpo), `district=${name} lists what the code lists`);
  }
  t.same((await list(hotline12369, 'limit=200')).items.map((c: { channel: string }) => c.channel), ['12369'], 'a channel key lists its channel only');
  const window = await list(supervisor, `receivedFrom=${encodeURIComponent('2026-10-01T00:00:00+08:00')}&receivedTo=${encodeURIComponent('2026-10-31T23:59:59+08:00')}`);
  t.same(window.items.map((c: { receivedAt: string }) => c.receivedAt.slice(0, 7)), ['2026-10']);
  t.same(idsOf(await list(supervisor, 'receivedFrom=2026-10-01&receivedTo=2026-10-31')), idsOf(window), 'days mean whole days in Beijing time, both included');
  const onFirst = window.items.filter((c: { receivedAt: string }) => c.receivedAt.startsWith('2026-10-01')).map((c: { id: string }) => c.id);
  t.ok(onFirst.length > 0, 'a case of 1 October, late in the day');
  t.same(idsOf(await list(supervisor, 'receivedFrom=2026-10-01&receivedTo=2026-10-01')), onFirst, 'a single day runs to its last millisecond');
  for (const bad of ['2026-10', '2026-13-45', '10/01/2026', '2026-10-01T08:00:00']) {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints?receivedFrom=${encodeURIComponent(bad)}`, headers: bearer(supervisor) });
    t.same([res.statusCode, res.json().field], [400, 'receivedFrom'], bad);
  }
  const foreign = await ctx.app.inject({ method: 'GET', url: '/api/v1/complaints?jurisdiction=shanghai', headers: bearer(supervisor) });
  t.equal(foreign.statusCode, 403);
});

t.test('an operator finds the case a caller quotes: by tracking code as typed, or by the channel\'s work-order number', async (t) => {
  const list = async (key: string, query: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints?${query}`, headers: bearer(key) });
    t.equal(res.statusCode, 200, query);
    return (res.json().items as Array<{ id: string; trackingCode: string }>).map((c) => c.id);
  };
  const wanted = (await post(operator, { jurisdiction: 'chongqing', channel: '12345', externalId: 'GD-2026-0042', content: '渝中区某工地夜间施工噪声扰民' })).json();
  const other = (await post(hotline12369, { jurisdiction: 'chongqing', channel: '12369', externalId: 'GD-2026-0042', content: '渝中区某饭店油烟直排' })).json();
  const code: string = wanted.trackingCode;
  t.same(await list(supervisor, `trackingCode=${code}`), [wanted.id], 'the code as issued');
  // Read out on the phone and typed on a phone: full-width, lower case, spaces, a long dash, O for 0.
  const [prefix, day, random] = code.split('-') as [string, string, string];
  const fullWidth = (text: string) => [...text].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
  const typed = `${fullWidth(prefix).toLowerCase()}－${fullWidth(day)} — ${random.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l')}`;
  t.same(await list(supervisor, `trackingCode=${encodeURIComponent(typed)}`), [wanted.id], `typed as ${typed}`);
  t.same(await list(supervisor, `trackingCode=${prefix}-${day}-ZZZZZZ`), [], 'a code no case has: an empty page');
  t.same(await list(supervisor, 'externalId=GD-2026-0042'), [other.id, wanted.id], 'one number, two channels: both cases, newest first');
  t.same(await list(supervisor, 'externalId=GD-2026-0042&channel=12345'), [wanted.id], 'with the channel: that channel\'s case');
  t.same(await list(hotline12369, 'externalId=GD-2026-0042'), [other.id], 'a channel key finds its own channel\'s work order only');
  t.same(await list(supervisor, `externalId=${encodeURIComponent("GD' OR 1=1 --")}`), [], 'an injection string is a number like any other');
  for (const [query, field] of [['trackingCode=', 'trackingCode'], ['externalId=', 'externalId'], [`externalId=${'9'.repeat(129)}`, 'externalId']] as const) {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints?${query}`, headers: bearer(supervisor) });
    t.same([res.statusCode, res.json().field], [400, field], query.slice(0, 40));
  }
});

t.test('a list filter that names nothing gets 400 naming it, not an empty page', async (t) => {
  for (const [query, field] of [['status=bogus', 'status'], ['district=' + encodeURIComponent('浦东新区'), 'district'], ['district=999999', 'district'], ['matter=no-such-matter', 'matter'], ['matter=' + encodeURIComponent("' OR 1=1 --"), 'matter']] as const) {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints?${query}`, headers: bearer(supervisor) });
    t.equal(res.statusCode, 400, query);
    t.equal(res.json().field, field, query);
  }
  // A district of the other city is unknown to a Chongqing key, and the message says which catalogue was searched.
  const shanghai = (await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints?district=${encodeURIComponent('浦东')}`, headers: bearer(supervisor) })).json();
  t.match(shanghai.message, /重庆市/);
  // An admin key bound to no city: names are looked up in both catalogues.
  const admin = ctx.key({ role: 'admin', jurisdiction: null });
  const inPudong = await post(shanghaiOperator, { jurisdiction: 'shanghai', channel: '12345', content: '浦东新区张江一处工地夜里打桩，噪声很大' });
  t.equal(inPudong.json().routing.district.code, '310115');
  const pudong = await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints?district=${encodeURIComponent('浦东')}`, headers: bearer(admin) });
  t.equal(pudong.statusCode, 200);
  t.ok(pudong.json().items.some((c: { id: string }) => c.id === inPudong.json().id), 'the Shanghai case in 浦东 is listed');
  t.ok(pudong.json().items.every((c: { routing: { district: { code: string } | null } }) => c.routing.district?.code === '310115'));
  const nowhere = (await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints?district=${encodeURIComponent('火星区')}`, headers: bearer(admin) })).json();
  t.match(nowhere.message, /重庆市 or 上海市/);
});

t.test('unknown case → 404 with a stable code', async (t) => {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/complaints/999999', headers: bearer(supervisor) });
  t.equal(res.statusCode, 404);
  t.equal(res.json().code, 'CASE_NOT_FOUND');
});

t.test('lists mask the reporter even for operators; the single-case read shows it and records the access', async (t) => {
  const row = ctx.services.db.select().from(cases).where(eq(cases.externalId, 'CQ12345-0001')).get()!;
  const listed = (await ctx.app.inject({ method: 'GET', url: '/api/v1/complaints?limit=200', headers: bearer(supervisor) })).json();
  const item = listed.items.find((c: { id: string }) => c.id === String(row.id));
  t.same([item.reporter.name, item.reporter.phone, item.reporter.masked], ['李*', '139****5678', true]);
  const before = ctx.services.db.select().from(events).where(eq(events.caseId, row.id)).all().length;
  const one = await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints/${row.id}`, headers: bearer(supervisor) });
  t.equal(one.json().reporter.phone, '13912345678');
  const trail = ctx.services.db.select().from(events).where(eq(events.caseId, row.id)).all();
  t.equal(trail.length, before + 1);
  t.equal(trail.at(-1)!.action, 'reveal-reporter');
});
