import { createHash } from 'node:crypto';
import t from 'tap';
import { ENDPOINTS, FILES, must, startLifecycleApp, TEXTS } from './fixtures/harness.js';

// DOMAIN.md: a 12369 case closes in three parts, the signed reply document (an attachment), the
// investigation result and the reply to the reporter.
const ctx = await startLifecycleApp();
t.teardown(ctx.close);
ctx.clock.set('2026-11-02T09:00:00+08:00');

const signed12369 = async () => {
  const c = await ctx.intake(TEXTS.construction, { channel: '12369' });
  await must(ctx.act(c.id, 'sign', 'housingYuzhong'));
  return c;
};

t.test('the lead office uploads the signed reply document; the record names it, and it comes back byte for byte', async (t) => {
  const c = await signed12369();
  const before = ctx.caseRow(c.id).version;
  const res = await ctx.upload(c.id, 'housingYuzhong', FILES.pdf, { filename: '答复意见书（盖章）.pdf' });
  t.equal(res.statusCode, 201, res.body);
  const { attachment, events } = res.json();
  const sha256 = createHash('sha256').update(FILES.pdf).digest('hex');
  t.match(attachment, { kind: 'reply-document', label: '答复意见书', filename: '答复意见书（盖章）.pdf', contentType: 'application/pdf', size: FILES.pdf.length, sha256, office: { department: 'housing-construction', district: '500103' } });
  t.equal(ctx.caseRow(c.id).version, before + 1, 'the case\'s version moves: its record changed');
  t.match(events, [{ action: 'attach', fromState: 'signed', toState: 'signed', payload: { attachmentId: attachment.id, filename: '答复意见书（盖章）.pdf', sha256, size: FILES.pdf.length } }]);

  const download = await ctx.call('GET', `/api/v1/complaints/${c.id}/attachments/${attachment.id}`, 'supervisor');
  t.equal(download.statusCode, 200);
  t.same(download.rawPayload, FILES.pdf, 'the same bytes');
  t.equal(download.headers['content-type'], 'application/pdf');
  t.equal(download.headers['content-disposition'], `attachment; filename="_________.pdf"; filename*=UTF-8''${encodeURIComponent('答复意见书（盖章）.pdf')}`);
  t.equal(download.headers['x-content-type-options'], 'nosniff');
  t.equal(download.headers['cache-control'], 'no-store');
  t.equal(download.headers.etag, `"${sha256}"`);

  await must(ctx.upload(c.id, 'operator', FILES.jpeg, { kind: 'evidence', filename: '现场照片.jpg' }, 'image/jpeg'));
  const list = (await ctx.call('GET', `/api/v1/complaints/${c.id}/attachments`, 'housingYuzhong')).json();
  t.same(list.items.map((a: { kind: string; filename: string; office: unknown }) => [a.kind, a.filename, a.office]),
    [['reply-document', '答复意见书（盖章）.pdf', { department: 'housing-construction', district: '500103' }], ['evidence', '现场照片.jpg', null]], 'oldest first, without content');
  t.notOk('content' in list.items[0]);
  // The case's own read lists them too, so a handler sees the document is on file before replying.
  const read = (await ctx.call('GET', `/api/v1/complaints/${c.id}`, 'housingYuzhong')).json();
  t.same(read.attachments.map((a: { id: string; kind: string; filename: string; size: number }) => [a.id, a.kind, a.filename, a.size]),
    list.items.map((a: { id: string; kind: string; filename: string; size: number }) => [a.id, a.kind, a.filename, a.size]));
});

t.test('a 12369 reply names its reply document; a 12345 reply needs none', async (t) => {
  const c = await signed12369();
  const missing = await ctx.act(c.id, 'reply', 'housingYuzhong', ENDPOINTS.reply.body);
  t.same([missing.statusCode, missing.json().field], [400, 'documentId']);
  t.match(missing.json().message, /答复意见书/);
  const evidence = (await must(ctx.upload(c.id, 'housingYuzhong', FILES.png, { kind: 'evidence', filename: '现场.png' }, 'image/png'))).json().attachment.id;
  const wrongKind = await ctx.act(c.id, 'reply', 'housingYuzhong', { ...ENDPOINTS.reply.body, documentId: evidence });
  t.same([wrongKind.statusCode, wrongKind.json().field], [400, 'documentId'], 'evidence is not the reply document');
  const other = await signed12369();
  const elsewhere = await ctx.replyDocument(other.id);
  const foreign = await ctx.act(c.id, 'reply', 'housingYuzhong', { ...ENDPOINTS.reply.body, documentId: elsewhere });
  t.same([foreign.statusCode, foreign.json().field], [400, 'documentId'], 'another case\'s document');
  t.equal(ctx.caseRow(c.id).status, 'signed', 'refused replies changed nothing');

  const document = await ctx.replyDocument(c.id);
  const replied = await ctx.act(c.id, 'reply', 'housingYuzhong', { ...ENDPOINTS.reply.body, documentId: document });
  t.equal(replied.statusCode, 200, replied.body);
  t.match(replied.json().events.at(-1), { action: 'reply', payload: { documentId: document } });
  t.equal(ctx.snapshot(c.id).replies[0]!.documentId, Number(document), 'the reply row points at it');

  const hotline = await ctx.intake(TEXTS.construction);
  await must(ctx.act(hotline.id, 'sign', 'housingYuzhong'));
  t.equal((await ctx.act(hotline.id, 'reply', 'housingYuzhong', ENDPOINTS.reply.body)).statusCode, 200, '12345: no document needed');
});

t.test('bad uploads get a 4xx naming what is wrong, and leave the case as it was', async (t) => {
  const c = await signed12369();
  const before = ctx.snapshot(c.id);
  const cases: Array<[string, Promise<{ statusCode: number; json(): { field?: string; code: string } }>, number, string]> = [
    ['a script sent as a PNG', ctx.upload(c.id, 'housingYuzhong', Buffer.from('<script>alert(1)</script>'), { kind: 'evidence' }, 'image/png'), 400, 'body'],
    ['an empty body', ctx.upload(c.id, 'housingYuzhong', Buffer.alloc(0)), 400, 'body'],
    ['an HTML page', ctx.upload(c.id, 'housingYuzhong', Buffer.from('<html></html>'), {}, 'text/html'), 415, 'content-type'],
    ['JSON', ctx.upload(c.id, 'housingYuzhong', Buffer.from('{"a":1}'), {}, 'application/json'), 415, 'content-type'],
    ['an SVG image', ctx.upload(c.id, 'housingYuzhong', Buffer.from('<svg/>'), {}, 'image/svg+xml'), 415, 'content-type'],
    ['a path for a name', ctx.upload(c.id, 'housingYuzhong', FILES.pdf, { filename: '../../etc/passwd' }), 400, 'filename'],
    ['a control character in the name', ctx.upload(c.id, 'housingYuzhong', FILES.pdf, { filename: 'a\u0000.pdf' }), 400, 'filename'],
    ['an unknown kind', ctx.upload(c.id, 'housingYuzhong', FILES.pdf, { kind: 'contract' }), 400, 'kind'],
    ['a 201-character name', ctx.upload(c.id, 'housingYuzhong', FILES.pdf, { filename: `${'文'.repeat(197)}.pdf` }), 400, 'filename'],
  ];
  for (const [what, answer, status, field] of cases) {
    const res = await answer;
    t.same([res.statusCode, res.json().field], [status, field], what);
  }
  const untyped = await ctx.app.inject({ method: 'POST', url: `/api/v1/complaints/${c.id}/attachments?kind=evidence&filename=a.pdf`, headers: { authorization: `Bearer ${ctx.keys.housingYuzhong}` }, payload: FILES.pdf });
  t.same([untyped.statusCode, untyped.json().field], [415, 'content-type'], 'no content-type');
  const tooBig = await ctx.upload(c.id, 'housingYuzhong', Buffer.concat([FILES.pdf, Buffer.alloc(10 * 1024 * 1024)]));
  t.same([tooBig.statusCode, tooBig.json().code], [413, 'BODY_TOO_LARGE']);
  t.match(tooBig.json().message, /10485760 bytes/, 'the limit named is the upload limit, not the JSON one');
  t.same(ctx.snapshot(c.id), before, 'nothing was stored and no event appended');
});

t.test('who may: the offices holding the case, its operators and supervisors; a file is read as the case is', async (t) => {
  const c = await signed12369();
  const stranger = await ctx.upload(c.id, 'waterYuzhong', FILES.pdf);
  t.same([stranger.statusCode, stranger.json().code], [403, 'NOT_CASE_HOLDER']);
  t.equal((await ctx.upload(c.id, 'shanghaiOperator', FILES.pdf)).statusCode, 403);
  t.equal((await ctx.upload(c.id, 'ecologyYuzhong', FILES.pdf, { kind: 'evidence' })).statusCode, 201, 'a cooperating office adds its material');
  const id = (await must(ctx.upload(c.id, 'supervisor', FILES.pdf, { kind: 'other', filename: '督察记录.pdf' }))).json().attachment.id;
  const read = await ctx.call('GET', `/api/v1/complaints/${c.id}/attachments/${id}`, 'waterYuzhong');
  t.equal(read.statusCode, 403, 'an office that does not hold the case reads none of its files');
  t.same((await ctx.call('GET', `/api/v1/complaints/${c.id}/attachments/999999`, 'supervisor')).json().code, 'ATTACHMENT_NOT_FOUND');
  const other = await signed12369();
  t.equal((await ctx.call('GET', `/api/v1/complaints/${other.id}/attachments/${id}`, 'supervisor')).statusCode, 404, 'a file is found only under its own case');
  const stale = await ctx.upload(c.id, 'housingYuzhong', FILES.pdf, {}, 'application/pdf', { 'if-match': '"1"' });
  t.same([stale.statusCode, stale.json().code], [412, 'VERSION_MISMATCH'], 'If-Match as on every action');
});

t.test('files are part of the record: a closed case takes none, and the database refuses to change or delete one', async (t) => {
  const c = await signed12369();
  const document = await ctx.replyDocument(c.id);
  await must(ctx.act(c.id, 'reply', 'housingYuzhong', { ...ENDPOINTS.reply.body, documentId: document }));
  await must(ctx.act(c.id, 'callback', 'operator', { resolved: true, satisfaction: 'satisfied' }));
  await must(ctx.act(c.id, 'close', 'supervisor', {}));
  const late = await ctx.upload(c.id, 'supervisor', FILES.pdf);
  t.same([late.statusCode, late.json().code], [409, 'INVALID_TRANSITION']);
  const sql = ctx.services.db.$client;
  t.throws(() => sql.prepare("UPDATE attachments SET filename = 'forged.pdf' WHERE id = ?").run(Number(document)), /never changed/);
  t.throws(() => sql.prepare('DELETE FROM attachments WHERE id = ?').run(Number(document)), /never changed/);
});
