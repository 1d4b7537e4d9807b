import t from 'tap';
import { POLLUTION_SUBTYPES } from '../../src/catalogue/schema.js';
import { bearer, startTestApp } from '../helpers/app.js';

// The 12369 statistics' cuts (DOMAIN.md): sub-type (二级分类), channel group (电话/微信/网上/其他) and industry (行业).
const ctx = await startTestApp();
t.teardown(ctx.close);
const operator = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
const supervisor = ctx.key({ role: 'supervisor', jurisdiction: 'chongqing' });

ctx.clock.set('2026-05-10T10:00:00+08:00');
const complaints = [
  { channel: '12345', content: '渝中区某工地白天打桩噪音很大' },
  { channel: '12369', content: '江北区观音桥一家火锅店油烟直排进居民楼' },
  { channel: 'wechat', content: '渝中区一家化工厂排放刺鼻废气，晚上更严重' },
  { channel: 'web', content: '沙坪坝区一家化工厂往河里排放废水' },
  { channel: 'letter', content: '南岸区小区楼下广场舞音响声音太大' },
  { channel: 'inspection', content: '九龙坡区一家橡胶厂晚上排放臭气' },
  { channel: '12345', content: '这里有个问题需要反映一下' },
];
const ids: string[] = [];
t.before(async () => {
  for (const c of complaints) {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/complaints', headers: bearer(operator), payload: { jurisdiction: 'chongqing', ...c } });
    if (res.statusCode !== 201) throw new Error(res.body);
    ids.push(res.json().id);
  }
});
const breakdown = async (by: string, period = 'from=2026-01-01&to=2026-12-31') => {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/stats/breakdown?${period}&by=${by}`, headers: bearer(supervisor) });
  t.equal(res.statusCode, 200, `${by}: ${res.body.slice(0, 200)}`);
  return res.json() as { total: number; groups: Array<{ key: string | null; label: string; received: number }> };
};
const counts = (groups: Array<{ key: string | null; received: number }>) => Object.fromEntries(groups.map((g) => [g.key ?? '(none)', g.received]));
/** What intake stored for each case, read back through the API. */
const stored = async () => Promise.all(ids.map(async (id) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints/${id}`, headers: bearer(supervisor) })).json().classification as
  { matter: { code: string } | null; subTypes: string[]; industry: { code: string } | null }));

t.test('by sub-type: each group counts the cases whose matter carries it, multi-label, labels in Chinese', async (t) => {
  const body = await breakdown('subType');
  t.equal(body.total, complaints.length);
  const expected: Record<string, number> = {};
  for (const c of await stored()) for (const key of c.matter ? c.subTypes : ['(none)']) expected[key] = (expected[key] ?? 0) + 1;
  t.same(counts(body.groups), expected);
  t.ok(expected['noise-construction'] && expected['air-cooking-fumes'], 'the fixture reaches several sub-types');
  for (const g of body.groups) t.equal(g.label, g.key === null ? '未识别' : POLLUTION_SUBTYPES[g.key as keyof typeof POLLUTION_SUBTYPES].label);
  t.same(body.groups.map((g) => g.received), [...body.groups.map((g) => g.received)].sort((a, b) => b - a), 'largest first');
});

t.test('by channel group: the hotlines are 电话, wechat 微信, web 网上, letters and inspection 其他', async (t) => {
  const body = await breakdown('channelGroup');
  t.same(body.groups.map((g) => [g.key, g.label, g.received]), [['phone', '电话', 3], ['other', '其他', 2], ['web', '网上', 1], ['wechat', '微信', 1]]);
});

t.test('by industry: the industry classified at intake, none named as 未识别', async (t) => {
  const body = await breakdown('industry');
  const expected: Record<string, number> = {};
  for (const c of await stored()) expected[c.industry?.code ?? '(none)'] = (expected[c.industry?.code ?? '(none)'] ?? 0) + 1;
  t.same(counts(body.groups), expected);
  t.same([expected.chemical, expected.construction, expected.catering, expected['rubber-plastics']], [2, 1, 1, 1]);
  t.equal(body.groups.find((g) => g.key === 'chemical')?.label, '化学原料和化学制品制造业');
  t.equal(body.groups.find((g) => g.key === null)?.label, '未识别');
});

t.test('whole days (the daily rollups) and date-times (a scan of the projection) give the same groups', async (t) => {
  const scan = 'from=2026-01-01T00:00:00%2B08:00&to=2026-05-10T12:00:00%2B08:00';
  for (const by of ['industry', 'subType', 'channelGroup']) t.same(counts((await breakdown(by, scan)).groups), counts((await breakdown(by)).groups), by);
});

t.test('the cuts export with their titles, and an unknown cut is refused naming the field', async (t) => {
  const csv = await ctx.app.inject({ method: 'GET', url: '/api/v1/stats/breakdown?from=2026-01-01&to=2026-12-31&by=industry&format=csv', headers: bearer(supervisor) });
  t.match(csv.body, /化学原料和化学制品制造业/);
  const bad = await ctx.app.inject({ method: 'GET', url: '/api/v1/stats/breakdown?from=2026-01-01&to=2026-12-31&by=trade', headers: bearer(supervisor) });
  t.same([bad.statusCode, bad.json().field], [400, 'by']);
});
