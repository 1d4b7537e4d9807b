import { Writable } from 'node:stream';
import t from 'tap';
import { censorApiKey, createLogger } from '../../src/http/logger.js';
import { bearer, startTestApp, secretOf } from '../helpers/app.js';

/** A logger at `level` whose lines are kept in memory, as the service would write them. */
function capturedLog(level: string) {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  return { lines, logger: createLogger(level, sink) };
}

t.test('the log never holds the API key, the access code or the reporter\'s identity', async (t) => {
  const { lines, logger } = capturedLog('trace');
  const ctx = await startTestApp({ logger });
  t.teardown(ctx.close);
  const key = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/v1/complaints', headers: bearer(key),
    payload: { jurisdiction: 'chongqing', channel: '12345', content: '工厂排放刺鼻废气', reporter: { name: '王秘密', phone: '13700001111', email: 'secret@example.com' } },
  });
  t.equal(res.statusCode, 201);
  // A log line that includes the objects themselves, as a careless future handler might write.
  ctx.app.log.info({ reporter: { name: '王秘密', phone: '13700001111' }, headers: { authorization: `Bearer ${key}` }, accessCode: res.json().accessCode }, 'debug dump');
  await ctx.app.inject({ method: 'GET', url: '/api/v1/complaints', headers: bearer(key) });
  const log = lines.join('');
  t.ok(lines.length >= 4, 'requests were logged');
  for (const secret of [key, secretOf(key), '王秘密', '13700001111', 'secret@example.com', res.json().accessCode]) {
    t.notOk(log.includes(secret), `log does not contain ${secret.slice(0, 4)}…`);
  }
  t.match(log, /\[redacted\]/);
});

t.test('an Open311 key sent as the api_key parameter is censored in the logged URL, the rest of it kept', async (t) => {
  const { lines, logger } = capturedLog('info');
  const ctx = await startTestApp({ logger });
  t.teardown(ctx.close);
  const key = ctx.key({ role: 'operator', jurisdiction: 'chongqing', channel: 'web' });
  t.equal((await ctx.app.inject(`/open311/v2/requests.json?status=open&api_key=${encodeURIComponent(key)}&API_KEY=${encodeURIComponent(key)}`)).statusCode, 400, 'API_KEY is not a parameter');
  t.equal((await ctx.app.inject(`/open311/v2/requests.json?api_key=${encodeURIComponent(key)}&status=open`)).statusCode, 200);
  const log = lines.join('');
  t.notOk(log.includes(secretOf(key)), 'the key is not in the log');
  t.match(log, /"url":"\/open311\/v2\/requests\.json\?api_key=\[redacted\]&status=open"/, 'the URL is logged without it');
  t.match(log, /status=open&api_key=\[redacted\]&API_KEY=\[redacted\]/, 'in any place and any case');
});

t.test('a key whose parameter name is percent-encoded is censored too', async (t) => {
  const { lines, logger } = capturedLog('info');
  const ctx = await startTestApp({ logger });
  t.teardown(ctx.close);
  const key = ctx.key({ role: 'operator', jurisdiction: 'chongqing', channel: 'web' });
  for (const name of ['api%5Fkey', 'api%5fkey', '%61pi_key']) {
    t.equal((await ctx.app.inject(`/open311/v2/requests.json?${name}=${encodeURIComponent(key)}`)).statusCode, 200, `${name} is the api_key the parser reads`);
  }
  const log = lines.join('');
  t.notOk(log.includes(secretOf(key)), 'the key is not in the log');
  t.match(log, /api%5Fkey=\[redacted\]/);
  t.match(censorApiKey('/x?a=1&api%ZZkey=2&api_key'), /api%ZZkey=2&api_key=\[redacted\]/, 'a malformed name is kept as sent; a bare api_key is censored');
});
