import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import t from 'tap';
import { ENDPOINTS, TEXTS } from '../lifecycle/fixtures/harness.js';
import { MARKUP_ENTITY, startReportYear } from '../reports/fixtures/year.js';

/**
 * The pages people open in a browser, in a real one (Debian's chromium through playwright-core):
 * the yearly department report supervisors print, and the API documentation at /docs.
 * `.ci/run` installs chromium and sets HOTLINE_REQUIRE_BROWSER, so there a missing browser fails;
 * elsewhere these tests are skipped with the command that installs it.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  if (process.env.HOTLINE_REQUIRE_BROWSER) t.fail(`no browser at ${CHROMIUM}`);
  else t.plan(0, `no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH) to run the browser tests`);
} else {
  const ctx = await startReportYear();
  t.teardown(ctx.close);
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'] });
  t.teardown(() => browser.close());

  /** A page that records what went wrong in it: errors thrown, console errors (CSP refusals among them), dialogs opened. */
  const openPage = async (headers: Record<string, string> = {}) => {
    const page = await browser.newPage({ extraHTTPHeaders: headers });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`error: ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
    page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); void dialog.dismiss(); });
    return { page, problems };
  };

  t.test('the yearly report renders as a printable Chinese page: its figures, the reporter\'s markup as text, nothing run', async (t) => {
    const supervisor = { authorization: `Bearer ${ctx.keys.supervisor}` };
    const path = '/api/v1/reports/departments/housing-construction/annual?jurisdiction=chongqing&year=2026';
    const report = (await ctx.app.inject({ method: 'GET', url: path, headers: supervisor })).json();
    const { page, problems } = await openPage(supervisor);
    t.teardown(() => page.close());
    const response = await page.goto(`${base}${path}&format=html`);
    t.equal(response?.status(), 200);

    t.equal(await page.title(), '重庆市住房和城乡建设委员会 2026年度生态环境保护职责履行情况报告');
    t.same(await page.locator('h2').allTextContents(), ['一、职责事项', '二、受理情况', '三、办理情况（三率）', '四、超期与重办', '五、督办情况', '六、与上年对比']);
    const received = await page.locator('h2:text("二、受理情况") + p').textContent();
    t.match(received, `共接到交办${report.received.assignments}件次`, 'the page says what the JSON report counts');
    t.match(received, `主办的工单${report.received.cases}件`);

    t.equal(await page.getByText(MARKUP_ENTITY).count() > 0, true, 'the reported entity\'s markup is shown as text');
    t.equal(await page.evaluate(() => document.scripts.length), 0, 'no script element, the reporter\'s included');
    t.same(problems, [], 'no error, no CSP refusal, no dialog');

    // The inline style sheet applies (the page's CSP allows inline styles and nothing else).
    t.equal(await page.locator('table').first().evaluate((table) => getComputedStyle(table).borderCollapse), 'collapse');
    const pdf = await page.pdf({ preferCSSPageSize: true });
    t.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'it prints');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    t.ok(pages >= 2, `${pages} A4 pages`);
  });

  t.test('the citizen looks a case up on the 办理进度查询 page: codes typed as on a phone, the reply\'s markup shown as text', async (t) => {
    const c = await ctx.intake(TEXTS.construction, { reporter: { phone: '13900001111' } });
    const publicReply = '经核查，已责令整改。<img src=x onerror=alert(1)>';
    for (const [path, key, body] of [['sign', 'housingYuzhong', {}], ['reply', 'housingYuzhong', { ...ENDPOINTS.reply.body, publicReply }]] as const) {
      const res = await ctx.act(c.id, path, key, body);
      if (res.statusCode !== 200) throw new Error(res.body);
    }
    const { page, problems } = await openPage();
    t.teardown(() => page.close());
    const form = await page.goto(`${base}/public/lookup`);
    t.equal(form?.status(), 200);
    t.equal(await page.title(), '生态环境投诉举报办理进度查询');
    // Full-width and lower case, as a phone keyboard may give them.
    const fullWidth = (s: string) => s.toLowerCase().replace(/[a-z0-9-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    // The lookup form; once a replied case is shown, the evaluation form asks for the access code too.
    const lookupForm = page.locator('form[action="/public/lookup"]');
    await lookupForm.getByLabel('流水号').fill(fullWidth(c.trackingCode));
    await lookupForm.getByLabel('提取码').fill(c.accessCode.toLowerCase());
    const [answer] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '查询' }).click()]);
    t.equal(answer?.status(), 200);
    t.equal(await page.locator('h2').first().textContent(), `${c.trackingCode}：已办结`);
    t.equal(await page.locator('dt:text("承办单位") + dd').textContent(), '重庆市渝中区住房和城乡建设委员会');
    t.equal(await page.locator('.reply').textContent(), publicReply, 'the office\'s markup is shown as text');
    t.same(await page.locator('ol li').allTextContents().then((items) => items.map((i) => i.replace(/^.*? \d\d:\d\d /, ''))),
      ['诉求已受理', '已交办承办单位', '承办单位已签收', '承办单位已答复']);
    t.equal(await page.evaluate(() => document.scripts.length + document.images.length), 0, 'no script, no image: nothing of the reply became markup');
    t.equal(await lookupForm.getByLabel('提取码').inputValue(), '', 'the access code is not written back into the page');
    t.same(problems, [], 'no error, no CSP refusal, no dialog');

    // 满意度评价 on the same page: the verdict chosen, the access code typed again.
    const evaluation = page.locator('form[action="/public/lookup/evaluation"]');
    await evaluation.getByLabel('未解决').check();
    await evaluation.getByLabel('基本满意').check();
    await evaluation.getByLabel('您的意见（选填）').fill('<script>alert(2)</script>晚上还有一点吵');
    await evaluation.getByLabel('提取码').fill(c.accessCode);
    const [evaluated] = await Promise.all([page.waitForNavigation(), evaluation.getByRole('button', { name: '提交评价' }).click()]);
    t.equal(evaluated?.status(), 200);
    t.equal(await page.getByRole('status').textContent(), '感谢您的评价。');
    t.equal(await page.locator('form[action="/public/lookup/evaluation"]').count(), 0, 'evaluated: no second form');
    t.equal(await page.locator('ol li').last().textContent().then((s) => s?.replace(/^.*? \d\d:\d\d /, '')), '已回访评价');
    t.match(ctx.trail(c.id).at(-1), { action: 'callback', actorRole: 'reporter', payload: { resolved: false, satisfaction: 'basically_satisfied', note: '<script>alert(2)</script>晚上还有一点吵' } });
    t.same(problems, [], 'no error, no CSP refusal, no dialog');

    const lookupAgain = page.locator('form[action="/public/lookup"]');
    await lookupAgain.getByLabel('提取码').fill('AAAAAAAA');
    const [wrong] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '查询' }).click()]);
    t.equal(wrong?.status(), 404);
    t.equal(await page.getByRole('alert').textContent(), '流水号或提取码不正确');
  });

  t.test('the API documentation at /docs lists the operations', async (t) => {
    const { page, problems } = await openPage();
    t.teardown(() => page.close());
    await page.goto(`${base}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
    const operations = await page.locator('.opblock-summary-path').allTextContents();
    t.ok(operations.length >= 30, `${operations.length} operations listed`);
    for (const path of ['/api/v1/complaints', '/api/v1/callbacks', '/public/complaints/lookup']) {
      t.ok(operations.some((o) => o.replace(/\u200b/g, '') === path), path);
    }
    t.same(problems.filter((p) => p.startsWith('error')), [], 'the UI runs without errors');
  });
}
