import ExcelJS from 'exceljs';
import t from 'tap';
import { bearer, startTestApp } from '../helpers/app.js';

const ctx = await startTestApp();
t.teardown(ctx.close);
const operator = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
const supervisor = ctx.key({ role: 'supervisor', jurisdiction: 'chongqing' });
const shanghai = ctx.key({ role: 'supervisor', jurisdiction: 'shanghai' });
const handler = ctx.key({ role: 'handler', jurisdiction: 'chongqing', department: 'ecology-environment' });

ctx.clock.set('2026-05-10T10:00:00+08:00');
const complaints = [
  { content: '渝中区某工地白天打桩噪音很大', reportedEntity: '某建设集团' },
  { content: '渝中区某工地白天打桩噪音很大，一直没人管', reportedEntity: '某建设集团' },
  { content: '江北区观音桥一家火锅店油烟直排进居民楼，噪音也大' },
  { content: '渝中区一家化工厂排放刺鼻废气', address: '渝中区某路1号' },
  { content: '渝中区一家化工厂排放刺鼻废气，晚上更严重', address: '渝中区某路1号' },
];
t.before(async () => {
  for (const c of complaints) {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/complaints', headers: bearer(operator), payload: { jurisdiction: 'chongqing', channel: '12345', ...c } });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
});
const get = (key: string, url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers: { ...bearer(key), ...headers } });
const YEAR = 'from=2026-01-01&to=2026-12-31';

t.test('department statistics: every rate with its parts, names from the catalogue, unranked below the sample', async (t) => {
  const res = await get(supervisor, `/api/v1/stats/departments?${YEAR}`);
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.jurisdiction, 'chongqing');
  const housing = body.departments.find((d: { department: string }) => d.department === 'housing-construction');
  t.equal(housing.name, '重庆市住房和城乡建设委员会');
  t.equal(housing.received, 2);
  t.same(housing.rates.repeat, { numerator: 1, denominator: 2, value: 0.5 }, 'the second building-site complaint repeats the first');
  t.same(housing.rates.return, { numerator: 0, denominator: 2, value: 0 });
  t.equal(housing.ranked, false, 'two cases are below the minimum sample');
  const district = await get(supervisor, `/api/v1/stats/departments?${YEAR}&district=渝中`);
  t.ok(district.json().departments.every((d: { name: string }) => d.name.includes('渝中区')), 'a district filter names the district offices');
});

t.test('breakdown by pollution type is multi-label: shares may sum past 100 %', async (t) => {
  const body = (await get(supervisor, `/api/v1/stats/breakdown?${YEAR}&by=pollutionType`)).json();
  t.equal(body.total, 5);
  const sum = body.groups.reduce((n: number, g: { share: { value: number } }) => n + g.share.value, 0);
  t.ok(body.groups.every((g: { label: string }) => /[\u4e00-\u9fff]/.test(g.label)), 'Chinese labels');
  t.ok(sum >= 1, `shares sum to ${sum}`);
  // Each group counts exactly the cases that carry the type, as stored at intake (one case may carry several).
  const labels = new Map<string, number>();
  for (const row of ctx.services.db.$client.prepare('SELECT pollution_types FROM cases').pluck().all() as string[]) {
    for (const type of JSON.parse(row) as string[]) labels.set(type, (labels.get(type) ?? 0) + 1);
  }
  t.same(Object.fromEntries(body.groups.map((g: { key: string; received: number }) => [g.key, g.received])), Object.fromEntries(labels));
  t.ok([...labels.values()].reduce((a, b) => a + b, 0) > body.total, 'the fixture has a complaint with two types, so the shares pass 100 %');
  const byMonth = (await get(supervisor, `/api/v1/stats/breakdown?${YEAR}&by=month`)).json();
  t.same(byMonth.groups.map((g: { key: string; received: number }) => [g.key, g.received]), [['2026-05', 5]]);
});

t.test('hotspots: entities and addresses with repeated complaints, with their cases', async (t) => {
  const body = (await get(supervisor, `/api/v1/stats/hotspots?${YEAR}`)).json();
  t.same(body.hotspots.map((h: { kind: string; subject: string; complaints: number }) => [h.kind, h.subject, h.complaints]).sort(),
    [['address', '渝中区某路1号', 2], ['entity', '某建设集团', 2]]);
  t.ok(body.hotspots.every((h: { cases: Array<{ trackingCode: string }> }) => h.cases.every((c) => c.trackingCode.startsWith('CQ-'))));
});

t.test('CSV (by format or Accept) has Chinese headers and a BOM; Excel parses back', async (t) => {
  const csv = await get(supervisor, `/api/v1/stats/departments?${YEAR}&format=csv`);
  t.match(csv.headers['content-type'], /text\/csv/);
  t.ok(csv.body.startsWith('\uFEFF排名,部门,部门代码,受理量,及时签收率'));
  t.match(csv.body, /重庆市住房和城乡建设委员会,housing-construction,2,/);
  const accepted = await get(supervisor, `/api/v1/stats/breakdown?${YEAR}&by=channel`, { accept: 'text/csv' });
  t.match(accepted.body, /^\uFEFF分组,代码,受理量,占比/);
  const xlsx = await get(supervisor, `/api/v1/stats/hotspots?${YEAR}`, { accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  t.equal(xlsx.statusCode, 200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  t.same(sheet.getRow(1).values, [undefined, '类型', '对象', '投诉次数', '工单编号']);
  t.equal(sheet.rowCount, 3);
});

t.test('statistics are for supervisors and admins, within their jurisdiction', async (t) => {
  t.equal((await get(operator, `/api/v1/stats/departments?${YEAR}`)).statusCode, 403);
  t.equal((await get(handler, `/api/v1/stats/departments?${YEAR}`)).statusCode, 403);
  t.equal((await get(shanghai, `/api/v1/stats/departments?jurisdiction=chongqing&${YEAR}`)).statusCode, 403);
  const bad = await get(supervisor, '/api/v1/stats/departments?from=2026-12-31&to=2026-01-01');
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().field, 'to');
  for (const [query, field] of [['from=0001-01-01&to=2026-12-31', 'from'], ['from=2026-01-01&to=9999-12-31', 'to'], ['from=2026-01-01&to=%2B275760-09-13T00:00:00Z', 'to']]) {
    const far = await get(supervisor, `/api/v1/stats/departments?${query}`);
    t.same([far.statusCode, far.json().field], [400, field], `${query}: a period outside 2000–2100 is refused`);
  }
  t.equal((await get(supervisor, `/api/v1/stats/breakdown?${YEAR}&by=weather`)).statusCode, 400);
});
