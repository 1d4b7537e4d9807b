import t from 'tap';
import { bearer, startTestApp } from '../helpers/app.js';

// The 办理进度查询 page (no browser here; test/browser/pages.test.ts opens it in chromium).
const ctx = await startTestApp();
t.teardown(ctx.close);
const operator = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
const created = (await ctx.app.inject({
  method: 'POST', url: '/api/v1/complaints', headers: bearer(operator),
  payload: { jurisdiction: 'chongqing', channel: '12345', content: '渝中区某工地白天打桩噪音很大', reporter: { name: '钱七', phone: '13611112222' } },
})).json();
const submit = (form: string) => ctx.app.inject({ method: 'POST', url: '/public/lookup', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
const form = (trackingCode: string, accessCode: string) => `trackingCode=${encodeURIComponent(trackingCode)}&accessCode=${encodeURIComponent(accessCode)}`;

t.test('the form page: HTML, no script allowed, never cached', async (t) => {
  const res = await ctx.app.inject({ method: 'GET', url: '/public/lookup' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], 'text/html');
  t.equal(res.headers['content-security-policy'], "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
  t.equal(res.headers['cache-control'], 'no-store');
  t.match(res.body, '<form method="post" action="/public/lookup">');
});

t.test('the answer page shows what the JSON lookup shows, and nothing of the reporter or the access code', async (t) => {
  const res = await submit(form(` ${created.trackingCode.toLowerCase()}`, created.accessCode.toLowerCase()));
  t.equal(res.statusCode, 200);
  t.equal(res.headers['cache-control'], 'no-store');
  t.match(res.body, `<h2>${created.trackingCode}：已交办</h2>`);
  t.match(res.body, '<dt>承办单位</dt><dd>重庆市渝中区住房和城乡建设委员会</dd>');
  t.notOk(/钱七|13611112222/.test(res.body), 'no reporter identity');
  t.notOk(res.body.includes(created.accessCode), 'the access code is not written back');
  t.match(res.body, `value="${created.trackingCode}"`, 'the tracking code stays in the form');
});

t.test('wrong codes, missing or malformed ones, and the shared lock, as pages', async (t) => {
  let res = await submit(form(created.trackingCode, 'AAAAAAAA'));
  t.equal(res.statusCode, 404);
  t.match(res.body, '<p class="error" role="alert">流水号或提取码不正确</p>');
  res = await submit('trackingCode=');
  t.equal(res.statusCode, 400);
  t.match(res.body, '请填写完整的流水号和8位提取码');
  res = await submit(form('"><script>alert(1)</script>', 'AAAAAAAA'));
  t.equal(res.statusCode, 400);
  t.notOk(res.body.includes('<script>'), 'what was typed comes back escaped');
  t.match(res.body, 'value="&quot;&gt;&lt;', 'as text in the field');
  res = await ctx.app.inject({ method: 'POST', url: '/public/lookup', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'x'.repeat(5000) });
  t.equal(res.statusCode, 413, 'a form over 4 KB is refused');
  // Nine more wrong codes on the page lock the tracking code for the JSON lookup too.
  for (let i = 0; i < 9; i++) await submit(form(created.trackingCode, 'BBBBBBBB'));
  res = await submit(form(created.trackingCode, created.accessCode));
  t.equal(res.statusCode, 429, 'even the right code waits out the lock');
  const json = await ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode: created.trackingCode, accessCode: created.accessCode } });
  t.equal(json.statusCode, 429, 'one lock for the page and the JSON lookup');
});
