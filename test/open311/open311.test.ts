import t from 'tap';
import { bearer, startTestApp } from '../helpers/app.js';
import { childrenNamed, field, parseXml } from '../helpers/xml.js';

const ctx = await startTestApp();
t.teardown(ctx.close);
const web = ctx.key({ role: 'operator', jurisdiction: 'chongqing', channel: 'web' });
const wechat = ctx.key({ role: 'operator', jurisdiction: 'chongqing', channel: 'wechat' });
const supervisor = ctx.key({ role: 'supervisor', jurisdiction: 'chongqing' });
const handler = ctx.key({ role: 'handler', jurisdiction: 'chongqing', department: 'ecology-environment', district: '500103' });
const catalogue = ctx.services.catalogues.get('chongqing')!.catalogue;

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const post = (format: 'json' | 'xml', fields: Record<string, string>, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: `/open311/v2/requests.${format}`, headers: { ...FORM, ...headers }, payload: new URLSearchParams(fields).toString() });
const caseCount = () => (ctx.services.db.$client.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
const NIGHT_WORK = '渝中区解放碑附近工地每天晚上十一点以后还在施工，噪音很大，无法入睡';

t.test('discovery names this endpoint and both formats, in XML and JSON', async (t) => {
  const xml = await ctx.app.inject('/open311/v2/discovery.xml');
  t.equal(xml.statusCode, 200);
  t.match(xml.headers['content-type'], /^text\/xml/);
  const endpoint = childrenNamed(childrenNamed(parseXml(xml.body), 'endpoints')[0]!, 'endpoint')[0]!;
  t.match(field(endpoint, 'url'), /\/open311\/v2$/);
  t.same(childrenNamed(endpoint.children.find((c) => c.name === 'formats')!, 'format').map((f) => f.text), ['application/json', 'text/xml']);
  t.same((await ctx.app.inject('/open311/v2/discovery.json')).json().endpoints[0].formats, ['application/json', 'text/xml']);
});

t.test('services are the matters of the catalogue asked for, and general for any report', async (t) => {
  const json = (await ctx.app.inject('/open311/v2/services.json?jurisdiction_id=chongqing')).json();
  t.same(json.map((s: { service_code: string }) => s.service_code), [...catalogue.matters.map((m) => m.code), 'general']);
  const noise = json.find((s: { service_code: string }) => s.service_code === 'night-construction-noise');
  t.match(noise, { service_name: catalogue.mattersByCode.get('night-construction-noise')!.title, metadata: true, type: 'realtime', group: '噪声' });
  t.match(noise.description, /牵头部门：重庆市生态环境局/);
  const xml = parseXml((await ctx.app.inject('/open311/v2/services.xml?jurisdiction_id=shanghai')).body);
  t.equal(childrenNamed(xml, 'service').length, ctx.services.catalogues.get('shanghai')!.catalogue.matters.length + 1);

  for (const [url, status, pattern] of [
    ['/open311/v2/services.xml', 400, /jurisdiction_id: is required/],
    ['/open311/v2/services.xml?jurisdiction_id=beijing', 404, /no catalogue for "beijing"/],
    ['/open311/v2/services/no-such-matter.xml?jurisdiction_id=chongqing', 404, /no service "no-such-matter"/],
  ] as const) {
    const res = await ctx.app.inject(url);
    t.equal(res.statusCode, status, url);
    const error = childrenNamed(parseXml(res.body), 'error')[0]!;
    t.equal(field(error, 'code'), String(status), 'Open311 errors carry the status as their code');
    t.match(field(error, 'description'), pattern);
  }
  const wrongFormat = await ctx.app.inject('/open311/v2/services.csv?jurisdiction_id=chongqing');
  t.equal(wrongFormat.statusCode, 400);
  t.match(wrongFormat.json()[0].description, /format/);
});

t.test('a service with one catalogue needs no jurisdiction_id', async (t) => {
  const single = await startTestApp({ env: { HOTLINE_JURISDICTIONS: 'shanghai' } });
  t.teardown(single.close);
  const services = (await single.app.inject('/open311/v2/services.json')).json();
  t.equal(services.length, single.services.catalogues.get('shanghai')!.catalogue.matters.length + 1);
  t.equal((await single.app.inject('/open311/v2/services/general.json')).statusCode, 200);
  t.equal((await single.app.inject('/open311/v2/services.json?jurisdiction_id=chongqing')).statusCode, 404, 'naming one it does not hold is still an error');
});

t.test('a service definition offers the work order\'s fields: the entity, the purpose, the district, confidentiality', async (t) => {
  const def = (await ctx.app.inject('/open311/v2/services/construction-dust.json?jurisdiction_id=chongqing')).json();
  t.same(def.attributes.map((a: { code: string }) => a.code), ['reported_entity', 'purpose', 'district', 'confidential']);
  const district = def.attributes.find((a: { code: string }) => a.code === 'district');
  t.same(district.values.map((v: { key: string }) => v.key), catalogue.districts.map((d) => d.code));
  const xml = parseXml((await ctx.app.inject('/open311/v2/services/general.xml?jurisdiction_id=chongqing')).body);
  t.equal(childrenNamed(childrenNamed(xml, 'attributes')[0]!, 'attribute').length, 4);
});

t.test('a report becomes a classified, routed case of the key\'s channel; its codes work in the citizen lookup', async (t) => {
  const res = await post('xml', {
    api_key: web, jurisdiction_id: 'chongqing', service_code: 'general', description: NIGHT_WORK, address_string: '重庆市渝中区民族路',
    last_name: '王', first_name: '小明', phone: '13800000000', email: 'wang@example.com',
    'attribute[reported_entity]': '某建筑公司民族路项目部', 'attribute[purpose]': '要求停止夜间施工', 'attribute[confidential]': 'true',
  });
  t.equal(res.statusCode, 201);
  const request = childrenNamed(parseXml(res.body), 'request')[0]!;
  const trackingCode = field(request, 'service_request_id')!;
  const accessCode = field(request, 'access_code')!;
  t.match(trackingCode, /^CQ-\d{8}-[0-9A-Z]{6}$/);
  t.match(field(request, 'service_notice'), new RegExp(`流水号 ${trackingCode}，提取码 ${accessCode}.*已交办重庆市渝中区生态环境局，应于\\d{4}-\\d{2}-\\d{2}前答复`));

  const lookup = await ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode, accessCode } });
  t.equal(lookup.statusCode, 200, 'the reporter follows the case with the codes the notice gave');

  const [row] = (await ctx.app.inject({ url: `/api/v1/complaints?trackingCode=${trackingCode}`, headers: bearer(supervisor) })).json().items;
  t.match(row, {
    channel: 'web', kind: 'complaint', content: NIGHT_WORK, address: '重庆市渝中区民族路', reportedEntity: '某建筑公司民族路项目部', purpose: '要求停止夜间施工',
    classification: { matter: { code: 'night-construction-noise' } },
    routing: { district: { code: '500103' }, lead: { department: 'ecology-environment' } },
  }, 'routed by what the text says, whatever service the citizen picked');
  const full = (await ctx.app.inject({ url: `/api/v1/complaints/${row.id}`, headers: bearer(supervisor) })).json();
  t.match(full.reporter, { confidential: true }, 'the confidentiality the reporter asked for is kept');
  const stored = ctx.services.db.$client.prepare('SELECT reporter_name AS name, reporter_phone AS phone, reporter_email AS email FROM cases WHERE tracking_code = ?').get(trackingCode);
  t.same(stored, { name: '王小明', phone: '13800000000', email: 'wang@example.com' }, 'family name first, as Chinese names are written');
});

t.test('a JSON report, coordinates and a photo address: the office reads where and what', async (t) => {
  const res = await ctx.app.inject({
    method: 'POST', url: '/open311/v2/requests.json', headers: bearer(web),
    payload: { service_code: 'restaurant-fumes', description: '楼下餐馆油烟直排，熏得不能开窗', lat: 29.5576, long: '106.5772', media_url: 'https://img.example.com/a.jpg' },
  });
  t.equal(res.statusCode, 201);
  const [submitted] = res.json();
  t.equal(submitted.account_id, null);
  const [row] = (await ctx.app.inject({ url: `/api/v1/complaints?trackingCode=${submitted.service_request_id}`, headers: bearer(supervisor) })).json().items;
  t.equal(row.address, '坐标：纬度 29.5576，经度 106.5772');
  t.equal(row.content, '楼下餐馆油烟直排，熏得不能开窗\n图片：https://img.example.com/a.jpg');
  t.match(row.reporter, { name: null, phone: null, email: null }, 'no name, phone or e-mail: an anonymous report');
});

t.test('bad reports are refused in Open311\'s error format, naming the field, and nothing is stored', async (t) => {
  const before = caseCount();
  const good = { api_key: web, service_code: 'general', description: NIGHT_WORK, address_string: '渝中区' };
  const cases: Array<[string, Record<string, string>, number, RegExp]> = [
    ['no key', { service_code: 'general', description: NIGHT_WORK, address_string: '渝中区' }, 401, /api_key: an API key is required/],
    ['an empty key', { ...good, api_key: '' }, 401, /api_key: an API key is required/],
    ['unknown key', { ...good, api_key: 'hk_000000000000_nope' }, 401, /unknown or revoked/],
    ['a handler key', { ...good, api_key: handler }, 403, /handler key may not/],
    ['a key of another jurisdiction', { ...good, jurisdiction_id: 'chongqing', api_key: ctx.key({ role: 'operator', jurisdiction: 'shanghai', channel: 'web' }) }, 403, /chongqing/],
    ['an unknown jurisdiction', { ...good, jurisdiction_id: 'beijing' }, 404, /jurisdiction_id: no catalogue for "beijing"/],
    ['unknown service', { ...good, service_code: 'potholes' }, 400, /service_code: no service "potholes"/],
    ['no description', { api_key: web, service_code: 'general', address_string: '渝中区' }, 400, /description: is required/],
    ['only whitespace', { ...good, description: '   ' }, 400, /description: must contain text/],
    ['too long', { ...good, description: '噪'.repeat(4001) }, 400, /description/],
    ['no location', { api_key: web, service_code: 'general', description: NIGHT_WORK }, 400, /a location is required/],
    ['lat without long', { ...good, lat: '29.5' }, 400, /long: lat and long go together/],
    ['lat out of range', { ...good, lat: '129.5', long: '106.5' }, 400, /lat/],
    ['a script for a photo', { ...good, media_url: 'javascript:alert(1)' }, 400, /media_url/],
    ['an unknown attribute', { ...good, 'attribute[easting]': '1' }, 400, /attribute\.easting: is not a known field/],
    ['an unknown field', { ...good, title: 'x' }, 400, /title: is not a known field/],
    ['a district that is not one', { ...good, 'attribute[district]': '海淀' }, 400, /attribute\[district\]: "海淀" is not a district/],
    ['a confidential flag that is not one', { ...good, 'attribute[confidential]': 'yes' }, 400, /attribute\.confidential: must be one of: true, false/],
    ['an e-mail that is not one', { ...good, email: 'nobody' }, 400, /email/],
    ['control characters', { ...good, description: 'a\u0000b' }, 400, /description/],
  ];
  for (const [what, fields, status, pattern] of cases) {
    const res = await post('json', fields);
    t.equal(res.statusCode, status, what);
    const body = res.json();
    t.ok(Array.isArray(body) && body.length === 1 && body[0].code === status, `${what}: an Open311 error array`);
    t.match(body[0].description, pattern, what);
  }
  const proto = await ctx.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: FORM, payload: `${new URLSearchParams(good)}&__proto__=x` });
  t.equal(proto.statusCode, 400);
  t.match(proto.json()[0].description, /__proto__: is not a known field/);
  const twice = await ctx.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', headers: FORM, payload: `${new URLSearchParams(good)}&description=again` });
  t.equal(twice.statusCode, 400, 'a field sent twice is refused, not one of its values kept');
  t.match(field(childrenNamed(parseXml(twice.body), 'error')[0]!, 'description'), /description/);
  const huge = await post('xml', { ...good, description: 'x'.repeat(70_000) });
  t.equal(huge.statusCode, 413);
  t.equal(field(childrenNamed(parseXml(huge.body), 'error')[0]!, 'code'), '413');
  const multipart = await ctx.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'text/plain' }, payload: 'service_code=general' });
  t.equal(multipart.statusCode, 415);
  t.match(multipart.json()[0].description, /x-www-form-urlencoded/);
  const malformed = await ctx.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/json' }, payload: '{"service_code":' });
  t.equal(malformed.statusCode, 400);
  t.equal(caseCount(), before, 'no refused report reached the database');
  t.equal((await post('json', good)).statusCode, 201, 'the service still takes a good report');
});

t.test('markup in a report comes back as text in well-formed XML', async (t) => {
  const description = '工厂<script>alert("x")</script> & 排污 \'夜里\' ]]> 偷排';
  const created = (await post('json', { api_key: web, service_code: 'general', description, address_string: '渝中区<b>化龙桥</b>' })).json()[0];
  const res = await ctx.app.inject(`/open311/v2/requests/${created.service_request_id}.xml?api_key=${encodeURIComponent(web)}`);
  const request = childrenNamed(parseXml(res.body), 'request')[0]!;
  t.equal(field(request, 'description'), description);
  t.equal(field(request, 'address'), '渝中区<b>化龙桥</b>');
  t.notMatch(res.body, /<script>/);
});

t.test('requests are read with a key, within its scope; status and notes follow the case', async (t) => {
  const mine = (await post('json', { api_key: web, service_code: 'general', description: '渝中区化龙桥附近的化工厂晚上偷排废气，刺鼻难闻', address_string: '渝中区化龙桥' })).json()[0].service_request_id;
  const triage = (await post('json', { api_key: web, service_code: 'general', description: '我想反映一个情况，请联系我', address_string: '渝中区' })).json()[0].service_request_id;
  const theirs = (await post('json', { api_key: wechat, service_code: 'general', description: '南岸区某小区旁工地夜间施工噪音扰民', address_string: '南岸区' })).json()[0].service_request_id;

  t.equal((await ctx.app.inject('/open311/v2/requests.json')).statusCode, 401, 'no key, no reports');
  const listed = (await ctx.app.inject({ url: '/open311/v2/requests.json', headers: bearer(web) })).json();
  const ids = listed.map((r: { service_request_id: string }) => r.service_request_id);
  t.ok(ids.includes(mine) && ids.includes(triage), 'the web key sees web reports');
  t.notOk(ids.includes(theirs), 'and not the wechat channel\'s');
  t.equal((await ctx.app.inject(`/open311/v2/requests/${theirs}.json?api_key=${encodeURIComponent(web)}`)).statusCode, 404, 'another channel\'s case reads as unknown');
  t.equal((await ctx.app.inject(`/open311/v2/requests/${theirs}.json?api_key=${encodeURIComponent(supervisor)}`)).statusCode, 200, 'a supervisor reads every channel');

  const one = (await ctx.app.inject(`/open311/v2/requests/${mine.toLowerCase()}.json?api_key=${encodeURIComponent(web)}`)).json();
  t.equal(one.length, 1, 'a code typed in lower case is found');
  t.match(one[0], {
    service_request_id: mine, status: 'open', status_notes: '已交办', service_code: /^(chemical-plant|industrial-odour|industrial-waste-gas)$/, agency_responsible: '重庆市渝中区生态环境局',
    requested_datetime: /\+08:00$/, expected_datetime: /\+08:00$/,
  });

  // 不予受理 closes the request, with the reason and guidance the reporter reads.
  const triageId = (await ctx.app.inject({ url: `/api/v1/complaints?trackingCode=${triage}`, headers: bearer(supervisor) })).json().items[0].id;
  const reject = await ctx.app.inject({
    method: 'POST', url: `/api/v1/complaints/${triageId}/reject`, headers: bearer(web),
    payload: { reason: 'insufficient_information', guidance: '请补充问题发生的具体地点和时间后重新反映' },
  });
  t.equal(reject.statusCode, 200);
  const closed = (await ctx.app.inject({ url: '/open311/v2/requests.xml?status=closed', headers: bearer(web) })).body;
  const closedRequests = childrenNamed(parseXml(closed), 'request');
  t.same(closedRequests.map((r) => field(r, 'service_request_id')), [triage]);
  t.equal(field(closedRequests[0]!, 'status'), 'closed');
  t.equal(field(closedRequests[0]!, 'status_notes'), '不予受理：反映的信息不足，无法核实办理。请补充问题发生的具体地点和时间后重新反映');
  const open = (await ctx.app.inject({ url: '/open311/v2/requests.json?status=open', headers: bearer(web) })).json();
  t.notOk(open.some((r: { service_request_id: string }) => r.service_request_id === triage));
  t.ok(open.every((r: { status: string }) => r.status === 'open'));

  const byService = (await ctx.app.inject({ url: `/open311/v2/requests.json?service_code=${one[0].service_code}`, headers: bearer(web) })).json();
  t.same(byService.map((r: { service_request_id: string }) => r.service_request_id), [mine]);
  const general = (await ctx.app.inject({ url: '/open311/v2/requests.json?service_code=general', headers: bearer(web) })).json();
  t.same(general.map((r: { service_request_id: string }) => r.service_request_id), [triage], 'general: the cases no matter was found for');
  t.equal(general[0].service_code, 'general');
  const both = (await ctx.app.inject({ url: `/open311/v2/requests.json?service_request_id=${mine},%20${triage},CQ-20200101-AAAAAA`, headers: bearer(web) })).json();
  t.same(both.map((r: { service_request_id: string }) => r.service_request_id), [mine, triage], 'several ids at once; an unknown one is left out');
});

t.test('a request never carries the reporter, whoever reads it, in either format', async (t) => {
  const sent = (await post('json', {
    api_key: web, service_code: 'general', description: '渝中区化龙桥工地夜间施工噪音扰民', address_string: '渝中区化龙桥',
    last_name: '赵', first_name: '秘密', phone: '13900001111', email: 'zhao.secret@example.com', 'attribute[reported_entity]': '某建设公司',
  })).json()[0].service_request_id;
  const holder = ctx.key({ role: 'handler', jurisdiction: 'chongqing', department: 'ecology-environment', district: '500103' });
  let reads = 0;
  for (const key of [web, supervisor, holder]) {
    for (const format of ['json', 'xml']) {
      const res = await ctx.app.inject({ url: `/open311/v2/requests/${sent}.${format}`, headers: bearer(key) });
      t.equal(res.statusCode, 200, `${format} for a ${key === holder ? 'handler' : key === web ? 'web operator' : 'supervisor'}`);
      t.match(res.body, /化龙桥/, 'the text and address are there');
      t.notMatch(res.body, /赵秘密|秘密|13900001111|zhao\.secret/, 'the reporter is not');
      reads++;
    }
  }
  t.equal(reads, 6);
  const otherOffice = ctx.key({ role: 'handler', jurisdiction: 'chongqing', department: 'water', district: '500103' });
  t.equal((await ctx.app.inject({ url: `/open311/v2/requests/${sent}.json`, headers: bearer(otherOffice) })).statusCode, 404, 'a handler of an office that does not hold it');
});

t.test('FixMyStreet\'s blanks: an empty last name or attribute is a field not given', async (t) => {
  const res = await post('xml', {
    api_key: web, service_code: 'general', description: '渝中区某餐馆油烟直排', address_string: '渝中区', first_name: '王小明', last_name: '',
    email: '', phone: '', 'attribute[reported_entity]': '', 'attribute[purpose]': '', 'attribute[district]': '', 'attribute[confidential]': '',
  });
  t.equal(res.statusCode, 201, res.body);
  const code = field(childrenNamed(parseXml(res.body), 'request')[0]!, 'service_request_id');
  t.same(ctx.services.db.$client.prepare('SELECT reporter_name AS name, reporter_phone AS phone, reported_entity AS entity FROM cases WHERE tracking_code = ?').get(code),
    { name: '王小明', phone: null, entity: null });
  const noText = await post('json', { api_key: web, service_code: 'general', description: '', address_string: '渝中区' });
  t.match(noText.json()[0].description, /description: is required/, 'a required field left empty is missing');
});

t.test('coordinates come back as lat and long; several service codes; the format is the path\'s', async (t) => {
  const sent = (await post('json', { api_key: web, service_code: 'general', description: '渝中区某工地扬尘很大', lat: '29.557612', long: '106.577201' })).json()[0].service_request_id;
  const [request] = (await ctx.app.inject({ url: `/open311/v2/requests/${sent}.json`, headers: bearer(web) })).json();
  t.match(request, { lat: 29.557612, long: 106.577201, address: '坐标：纬度 29.557612，经度 106.577201' });
  const xml = childrenNamed(parseXml((await ctx.app.inject({ url: `/open311/v2/requests/${sent}.xml`, headers: bearer(web) })).body), 'request')[0]!;
  t.same([field(xml, 'lat'), field(xml, 'long')], ['29.557612', '106.577201']);

  const all = (await ctx.app.inject({ url: '/open311/v2/requests.json', headers: bearer(web) })).json();
  const codes = [...new Set(all.map((r: { service_code: string }) => r.service_code))].slice(0, 2) as string[];
  const both = (await ctx.app.inject({ url: `/open311/v2/requests.json?service_code=${codes.join(',')}`, headers: bearer(web) })).json();
  t.same(both.map((r: { service_request_id: string }) => r.service_request_id),
    all.filter((r: { service_code: string }) => codes.includes(r.service_code)).map((r: { service_request_id: string }) => r.service_request_id),
    'the cases of both services, newest first, as the unfiltered list has them');
  const asked = await ctx.app.inject({ url: '/open311/v2/requests.json?status=bad&x=.xml', headers: bearer(web) });
  t.equal(asked.statusCode, 400);
  t.ok(Array.isArray(asked.json()), 'a .json path answers its error in JSON, whatever the query string ends with');
});

t.test('the window of GET /requests: the last 90 days by default, never more than 90', async (t) => {
  const now = ctx.clock.read();
  const day = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const inWindow = await ctx.app.inject({ url: `/open311/v2/requests.json?start_date=${iso(now.getTime() - day)}&end_date=${iso(now.getTime() + day)}`, headers: bearer(web) });
  t.equal(inWindow.statusCode, 200);
  t.ok(inWindow.json().length > 0);
  const past = await ctx.app.inject({ url: `/open311/v2/requests.json?end_date=${iso(now.getTime() - 2 * day)}`, headers: bearer(web) });
  t.same(past.json(), [], 'nothing was received in the 90 days before that end');
  const wide = await ctx.app.inject({ url: `/open311/v2/requests.json?start_date=${iso(now.getTime() - 100 * day)}&end_date=${iso(now.getTime())}`, headers: bearer(web) });
  t.equal(wide.statusCode, 400);
  t.match(wide.json()[0].description, /at most 90 days/);
  const reversed = await ctx.app.inject({ url: `/open311/v2/requests.json?start_date=${iso(now.getTime())}&end_date=${iso(now.getTime() - day)}`, headers: bearer(web) });
  t.match(reversed.json()[0].description, /end_date: lies before start_date/);
  for (const query of ['status=pending', 'start_date=yesterday', 'service_request_id=%3Cx%3E', 'jurisdiction_id=shanghai', 'limit=5']) {
    const res = await ctx.app.inject({ url: `/open311/v2/requests.json?${query}`, headers: bearer(web) });
    t.ok(res.statusCode === 400 || res.statusCode === 403, `${query}: ${res.statusCode}`);
    t.ok(Array.isArray(res.json()) && typeof res.json()[0].description === 'string', `${query}: an Open311 error`);
  }
});

t.test('tokens are never issued, and unknown Open311 paths answer in Open311\'s format', async (t) => {
  const token = await ctx.app.inject('/open311/v2/tokens/123.json');
  t.equal(token.statusCode, 404);
  t.match(token.json()[0].description, /issues no tokens/);
  const unknown = await ctx.app.inject('/open311/v2/requests/CQ-1/2.xml');
  t.equal(unknown.statusCode, 404);
  t.equal(field(childrenNamed(parseXml(unknown.body), 'error')[0]!, 'code'), '404');
});
