import ExcelJS from 'exceljs';
import fc from 'fast-check';
import t from 'tap';
import { bearer, startTestApp } from '../helpers/app.js';

const ctx = await startTestApp();
t.teardown(ctx.close);
const operator = ctx.key({ role: 'operator', jurisdiction: 'chongqing', channel: '12345' });
const supervisor = ctx.key({ role: 'supervisor', jurisdiction: 'chongqing' });
const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const upload = (payload: string | Buffer, type = CSV, key = operator, query = '') =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/complaints/import${query}`, headers: { ...bearer(key), 'content-type': type }, payload });
const caseCount = () => (ctx.services.db.$client.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
/** The case of a work-order number, read whole (a list masks the reporter). */
const byExternalId = async (externalId: string) => {
  const [item] = (await ctx.app.inject({ url: `/api/v1/complaints?externalId=${encodeURIComponent(externalId)}`, headers: bearer(supervisor) })).json().items;
  return (await ctx.app.inject({ url: `/api/v1/complaints/${item.id}`, headers: bearer(supervisor) })).json();
};

/**
 * A zip with one more entry (deflated data, the size it declares), its central directory rebuilt: how a
 * workbook with a planted entry looks on the wire.
 */
function zipWith(zip: Buffer, name: string, data: Buffer, declaredSize: number): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = zip.readUInt16LE(end + 10);
  const directoryAt = zip.readUInt32LE(end + 16);
  const directory = zip.subarray(directoryAt, end);
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18); local.writeUInt32LE(declaredSize, 22); local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20); central.writeUInt32LE(declaredSize, 24); central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE(directoryAt, 42);
  const newDirectoryAt = directoryAt + local.length + fileName.length + data.length;
  const record = Buffer.from(zip.subarray(end, end + 22));
  record.writeUInt16LE(entries + 1, 8); record.writeUInt16LE(entries + 1, 10);
  record.writeUInt32LE(directory.length + central.length + fileName.length, 12); record.writeUInt32LE(newDirectoryAt, 16);
  return Buffer.concat([zip.subarray(0, directoryAt), local, fileName, data, directory, central, fileName, record]);
}

/** GB18030 bytes of a text, from the decoder's own table: the encoding Excel on a Chinese Windows writes CSV in. */
function gbk(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) table.set(decoder.decode(Uint8Array.of(lead, trail)), [lead, trail]);
  }
  return Buffer.from([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch) ?? [])));
}

const EXPORT = [
  '工单编号,受理时间,诉求内容,诉求地址,所属区县,被反映单位,诉求目的,诉求类型,紧急程度,诉求人,联系电话,是否保密,处理状态',
  'GD-1001,2026-11-17 09:30,"渝中区某工地每天夜里施工，噪音扰民，无法入睡",渝中区民族路,渝中,某建筑公司,要求停止夜间施工,投诉,紧急,张三,023-6386 1234,否,已办结',
  'GD-1002,2026/11/17 10:05:09,南岸区一家工厂排放黑烟，气味刺鼻,,南岸区,,,举报,一般,李四,13800001111,是,',
  'GD-1003,2026-11-17 11:00,,,,,,,,,,,',
  ',2026-11-17 11:00,没有编号的工单,,,,,,,,,,',
  'GD-1004,昨天上午,江北区工厂异味,,,,,,,,,,',
  'GD-1005,2026-11-17 11:00,江北区工厂异味,,海淀,,,,,,,,',
  'GD-1006,2026-11-17 11:00,江北区工厂异味,,,,,,,,,也许,',
  'GD-1007,2026-11-17 11:00,江北区工厂异味,,,,,,,王五,12,,',
].join('\r\n');

t.test('an export is taken in row by row: good rows become cases, bad ones are named by line and column', async (t) => {
  const before = caseCount();
  const res = await upload(`\uFEFF${EXPORT}`);
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.match(body, { jurisdiction: 'chongqing', channel: '12345', rows: 8, created: 2, existing: 0, failed: 6, ignoredColumns: ['处理状态'] });
  t.equal(caseCount(), before + 2, 'only the good rows stored a case');
  const failures = body.results.filter((r: { outcome: string }) => r.outcome === 'failed').map((r: { line: number; error: { column: string; message: string } }) => [r.line, r.error.column, r.error.message]);
  t.match(failures, [
    [4, '诉求内容', /诉求内容: is required/],
    [5, '工单编号', /工单编号: is empty/],
    [6, '受理时间', /"昨天上午" is not a time: write 2026-11-20 09:30/],
    [7, '所属区县', /"海淀" is not a district of 重庆市/],
    [8, '是否保密', /"也许" is neither 是 nor 否/],
    [9, '联系电话', /联系电话: has an invalid format/],
  ]);

  const first = body.results[0];
  t.match(first, { line: 2, externalId: 'GD-1001', outcome: 'created', status: 'assigned', trackingCode: /^CQ-/, accessCode: /^[0-9A-Z]{8}$/ });
  const lookup = await ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode: first.trackingCode, accessCode: first.accessCode } });
  t.equal(lookup.statusCode, 200, 'the access code of an imported case works in the citizen lookup');
  const stored = (await ctx.app.inject({ url: `/api/v1/complaints/${first.id}`, headers: bearer(supervisor) })).json();
  t.match(stored, {
    channel: '12345', externalId: 'GD-1001', receivedAt: '2026-11-17T09:30:00+08:00', kind: 'complaint', urgency: 'urgent',
    address: '渝中区民族路', reportedEntity: '某建筑公司', purpose: '要求停止夜间施工',
    routing: { district: { code: '500103' } }, reporter: { name: '张三', phone: '023-6386 1234', confidential: false },
  });
  const second = await byExternalId('GD-1002');
  t.match(second, { receivedAt: '2026-11-17T10:05:09+08:00', urgency: 'normal', routing: { district: { code: '500108' } } });
  t.equal((ctx.services.db.$client.prepare('SELECT reporter_confidential AS c FROM cases WHERE external_id = ?').get('GD-1002') as { c: number }).c, 1, '是否保密 是 keeps the reporter from departments');
});

t.test('the same file again takes nothing in twice; a changed row is a conflict on its line', async (t) => {
  const before = caseCount();
  const again = (await upload(EXPORT)).json();
  t.match(again, { created: 0, existing: 2, failed: 6 });
  t.match(again.results[0], { outcome: 'existing', accessCode: null }, 'no new access code for a case already in');
  t.equal(caseCount(), before);
  const changed = EXPORT.replace('南岸区一家工厂排放黑烟', '南岸区一家工厂排放白烟');
  const conflict = (await upload(changed)).json().results.find((r: { externalId: string }) => r.externalId === 'GD-1002');
  t.match(conflict, { outcome: 'failed', error: { code: 'EXTERNAL_ID_CONFLICT' } });
  t.equal(caseCount(), before);
  const twiceInOneFile = (await upload('工单编号,诉求内容\nGD-2001,北碚区工地扬尘很大\nGD-2001,北碚区工地扬尘很大\nGD-2001,北碚区工地噪音\n')).json();
  t.same(twiceInOneFile.results.map((r: { outcome: string; error?: { code: string } }) => r.error?.code ?? r.outcome), ['created', 'existing', 'EXTERNAL_ID_CONFLICT'],
    'a number twice in one file: the second is the same work order, the third a conflict');
});

t.test('a GBK file, as Excel on a Chinese Windows saves CSV, reads as its UTF-8 twin', async (t) => {
  const text = '工单编号,诉求内容,诉求地址,联系电话\nGBK-1,沙坪坝区某餐馆油烟直排扰民,沙坪坝区三峡广场,023-65000000\n';
  const res = (await upload(gbk(text))).json();
  t.match(res, { created: 1, failed: 0 });
  t.match(await byExternalId('GBK-1'), { content: '沙坪坝区某餐馆油烟直排扰民', address: '沙坪坝区三峡广场', reporter: { phone: '023-65000000' } });
});

t.test('an Excel workbook: its first sheet, dates as Beijing time, numbers and rich text as their text', async (t) => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('工单');
  sheet.addRow(['工单编号', '来电时间', '反映内容', '来电号码', '被反映单位']);
  // Excel keeps the wall-clock time it shows; exceljs writes a Date's UTC fields as that time.
  sheet.addRow([20261117001, new Date(Date.UTC(2026, 10, 17, 8, 15)), '九龙坡区某厂夜里排放刺鼻废气', 13912345678, { richText: [{ text: '某化工' }, { text: '有限公司', font: { bold: true } }] }]);
  workbook.addWorksheet('说明').addRow(['工单编号', '诉求内容']);
  const res = (await upload(Buffer.from(await workbook.xlsx.writeBuffer()), XLSX)).json();
  t.match(res, { rows: 1, created: 1, failed: 0 });
  t.match(await byExternalId('20261117001'), { receivedAt: '2026-11-17T08:15:00+08:00', reporter: { phone: '13912345678' }, reportedEntity: '某化工有限公司' });
});

t.test('lines are the file\'s own: a quoted cell with line breaks and a blank line do not shift them', async (t) => {
  const file = '工单编号,诉求内容\nML-1,"渝中区工地夜间施工\n第二行\n第三行"\n\nML-2,\nML-3,渝中区工地扬尘很大\n';
  const res = (await upload(file)).json();
  t.same(res.results.map((r: { line: number; outcome: string }) => [r.line, r.outcome]), [[2, 'created'], [6, 'failed'], [7, 'created']]);
  t.match((await byExternalId('ML-1')).content, '渝中区工地夜间施工\n第二行\n第三行');
  // Excel writes CRLF, inside quoted cells too; a file edited elsewhere may mix them.
  const crlf = '工单编号,诉求内容\r\nCR-1,"渝中区工地\r\n夜间施工"\r\n\r\nCR-2,\r\nCR-3,"渝中区\n工地\n扬尘"\n\nCR-4,\r';
  t.same((await upload(crlf)).json().results.map((r: { line: number }) => r.line), [2, 5, 6, 10]);
});

t.test('a title row and a date above the header, as exports often have, are read past', async (t) => {
  const file = '重庆市12345热线工单导出,,\n导出时间：2026-11-18,,\n工单编号,诉求内容,受理时间\nTT-1,渝中区工地夜间施工噪音,2026年11月17日9时30分\nTT-2,渝中区工地扬尘,2026年11月17日 10时05分30秒\n';
  const res = (await upload(file)).json();
  t.match(res, { rows: 2, created: 2 });
  t.same(res.results.map((r: { line: number }) => r.line), [4, 5]);
  t.equal((await byExternalId('TT-1')).receivedAt, '2026-11-17T09:30:00+08:00', 'the README\'s 年月日时分, without a space');
  t.equal((await byExternalId('TT-2')).receivedAt, '2026-11-17T10:05:30+08:00');
});

t.test('words that are also names of object properties are read as words', async (t) => {
  const res = (await upload('工单编号,诉求内容,诉求类型,是否保密\nPK-1,渝中区工地噪音,constructor,否\nPK-2,渝中区工地噪音,投诉,__proto__\n')).json();
  t.match(res.results[0].error.message, /诉求类型: must be one of/);
  t.match(res.results[1].error.message, /是否保密: "__proto__" is neither 是 nor 否/);
});

t.test('a workbook\'s formulas, hyperlinks and stray far-right cells', async (t) => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('工单');
  const header = sheet.addRow(['工单编号', '诉求内容', '诉求地址', '处理状态']);
  header.getCell(300).value = '远处的标题';
  const row = sheet.addRow([null, null, null]);
  row.getCell(1).value = { formula: 'CONCATENATE("FX","-1")', result: 'FX-1' } as ExcelJS.CellValue;
  row.getCell(2).value = { text: { richText: [{ text: '渝中区工地' }, { text: '夜间施工噪音' }] }, hyperlink: 'https://example.com/1' } as unknown as ExcelJS.CellValue;
  row.getCell(3).value = { formula: 'A1&B1' } as ExcelJS.CellValue;
  row.getCell(16384).value = '远处的一格';
  const res = (await upload(Buffer.from(await workbook.xlsx.writeBuffer()), XLSX)).json();
  t.match(res, { rows: 1, created: 1 });
  t.same(res.ignoredColumns, ['处理状态'], 'a heading past column 200 is not read at all');
  const stored = await byExternalId('FX-1');
  t.equal(stored.content, '渝中区工地夜间施工噪音', 'a hyperlink shows its (rich) text');
  t.equal(stored.address, null, 'a formula with no saved result is an empty cell, not [object Object]');
});

t.test('a workbook that unpacks to too much is refused before exceljs reads it', async (t) => {
  const { deflateRawSync } = await import('node:zlib');
  // A real workbook with one more entry: 100 MB of zeros, a few hundred KB packed.
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('工单').addRow(['工单编号', '诉求内容']);
  const zip = Buffer.from(await workbook.xlsx.writeBuffer());
  const bomb = zipWith(zip, 'xl/media/image1.png', deflateRawSync(Buffer.alloc(100 * 1024 * 1024)), 100 * 1024 * 1024);
  t.ok(bomb.length < 500_000, `the upload is small (${bomb.length} bytes)`);
  const res = await upload(bomb, XLSX);
  t.equal(res.statusCode, 400);
  t.match(res.json().message, /unpacks to more than 25165824 bytes/);
  // The same entry declaring a small size: the inflation stops at the declared size.
  const liar = zipWith(zip, 'xl/media/image1.png', deflateRawSync(Buffer.alloc(100 * 1024 * 1024)), 1000);
  t.match((await upload(liar, XLSX)).json().message, /unpacks to more than it declares/);
  // The end record declaring fewer entries than the directory holds: exceljs's zip reader would read them all.
  const hidden = Buffer.from(bomb);
  const end = hidden.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  hidden.writeUInt16LE(1, end + 8);
  hidden.writeUInt16LE(1, end + 10);
  t.match((await upload(hidden, XLSX)).json().message, /does not hold the entries it declares/);
  t.equal((await upload(zip, XLSX)).statusCode, 200, 'the workbook itself is fine');
});

t.test('a file that cannot be an export is refused whole, and nothing is stored', async (t) => {
  const before = caseCount();
  const cases: Array<[string, string | Buffer, string, number, RegExp]> = [
    ['empty', '', CSV, 400, /empty/],
    ['only blank lines', '\n\n,,\n', CSV, 400, /empty/],
    ['no content column', '工单编号,地址\nA-1,渝中区\n', CSV, 400, /no content column: head it "诉求内容"/],
    ['no number column', '诉求内容\n渝中区噪音\n', CSV, 400, /no externalId column/],
    ['two content columns', '工单编号,诉求内容,反映内容\nA-1,a,b\n', CSV, 400, /"诉求内容" and "反映内容" both give content/],
    ['an open quote', '工单编号,诉求内容\nA-1,"渝中区噪音\n', CSV, 400, /cannot be read/],
    ['not a workbook', Buffer.from('PK\u0003\u0004 not really a zip'), XLSX, 400, /Excel file cannot be read/],
    ['too many rows', `工单编号,诉求内容\n${Array.from({ length: 5001 }, (_, i) => `R-${i},渝中区噪音`).join('\n')}\n`, CSV, 400, /at most 5000/],
    ['millions of tiny rows', `工单编号,诉求内容\n${'a\n'.repeat(3_000_000)}`, CSV, 400, /3000001 lines; send at most 5000/],
    ['too many rows behind empty ones', `工单编号,诉求内容\n${',\n'.repeat(5)}${Array.from({ length: 5001 }, (_, i) => `E-${i},渝中区噪音`).join('\n')}\n`, CSV, 400, /5001 work orders; send at most 5000/],
    ['JSON', '{"content":"x"}', 'application/json', 415, /text\/csv/],
  ];
  for (const [what, payload, type, status, pattern] of cases) {
    const res = await upload(payload, type);
    t.equal(res.statusCode, status, what);
    t.match(res.json().message, pattern, what);
  }
  t.equal((await upload(`工单编号,诉求内容\n${'A-1,'.padEnd(11 * 1024 * 1024, 'x')}\n`)).statusCode, 413, 'over 10 MiB');
  t.equal(caseCount(), before);
});

t.test('who may import: operators within their channel and jurisdiction, and admins', async (t) => {
  const file = '工单编号,诉求内容\nK-1,渝中区工地噪音扰民\n';
  t.equal((await ctx.app.inject({ method: 'POST', url: '/api/v1/complaints/import', headers: { 'content-type': CSV }, payload: file })).statusCode, 401);
  const handler = ctx.key({ role: 'handler', jurisdiction: 'chongqing', department: 'ecology-environment', district: null });
  t.equal((await upload(file, CSV, handler)).statusCode, 403);
  t.equal((await upload(file, CSV, supervisor)).statusCode, 403, 'supervisors read and decide; they do not take work orders in');
  const otherChannel = await upload(file, CSV, operator, '?channel=12369');
  t.equal(otherChannel.statusCode, 403);
  t.match(otherChannel.json().message, /through channel 12369/);
  const unbound = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
  const noChannel = await upload(file, CSV, unbound);
  t.equal(noChannel.statusCode, 400);
  t.match(noChannel.json(), { field: 'channel' });
  t.match((await upload(file, CSV, unbound, '?channel=letter')).json(), { channel: 'letter', created: 1 });
  const admin = ctx.key({ role: 'admin', jurisdiction: null });
  t.match((await upload(file, CSV, admin, '?channel=letter')).json().message, /jurisdiction: is required/);
  t.match((await upload(file, CSV, admin, '?channel=web&jurisdiction=beijing')).json(), { field: 'jurisdiction' });
  t.match((await upload('工单编号,诉求内容\nK-2,黄浦区工地噪音扰民\n', CSV, admin, '?channel=web&jurisdiction=shanghai')).json(), { jurisdiction: 'shanghai', created: 1 });
});

t.test('random cells never crash the import; the counts always match what was stored', async (t) => {
  const cell = fc.oneof(
    fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.constantFrom('渝中区工地夜间施工噪音', '是', '否', '2026-11-17 09:30', '特急', '咨询', '"', '\'; DROP TABLE cases; --', '＜script＞', '=HYPERLINK("x")', '500103'),
  );
  const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
  const headers = ['工单编号', '受理时间', '诉求内容', '所属区县', '是否保密', '紧急程度', '诉求类型', '联系电话'];
  await fc.assert(fc.asyncProperty(fc.array(fc.array(cell, { minLength: headers.length, maxLength: headers.length }), { minLength: 1, maxLength: 5 }), async (rows) => {
    const before = caseCount();
    const res = await upload([headers.join(','), ...rows.map((r) => r.map(quote).join(','))].join('\n'));
    if (res.statusCode !== 200) return res.statusCode === 400 && typeof res.json().message === 'string';
    const body = res.json();
    return body.rows === body.created + body.existing + body.failed && caseCount() === before + body.created;
  }), { numRuns: 150 });
});

t.test('受理时间 as exports write it, and what is no time', async (t) => {
  const { receivedAt } = await import('../../src/channels/import/rows.js');
  t.same(['2026-11-20 09:30', '2026/11/20 9:30:05', '2026年11月20日 9时30分', '2026年11月20日9时30分05秒', '2026.11.20', '2026-11-20T09:30'].map(receivedAt), [
    '2026-11-20T09:30:00+08:00', '2026-11-20T09:30:05+08:00', '2026-11-20T09:30:00+08:00', '2026-11-20T09:30:05+08:00', '2026-11-20T00:00:00+08:00', '2026-11-20T09:30:00+08:00',
  ]);
  t.equal(receivedAt('2026-11-20 9:305'), '2026-11-20 9:305', '9:305 is no time: left as typed, for the schema to refuse');
  t.equal(receivedAt('2026-11-20T09:30:00+08:00'), '2026-11-20T09:30:00+08:00', 'a date-time with its offset is kept');
  const res = (await upload('工单编号,诉求内容,受理时间\nRT-1,渝中区工地噪音,2026-11-17 9:305\n')).json();
  t.match(res.results[0].error, { column: '受理时间', message: /"2026-11-17 9:305" is not a time/ });
});
