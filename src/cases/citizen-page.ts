import { chineseDateTime } from '../calendar/local-time.js';
import { html, Markup } from '../http/html.js';
import type { citizenView } from './citizen-view.js';

type CitizenView = NonNullable<ReturnType<typeof citizenView>>;

/**
 * 办理进度查询, the citizen's page: a form for the tracking code and the access code, and what the
 * JSON lookup answers, in plain Chinese. No script and no external resource (the page's CSP allows
 * inline style only), so it works on any phone browser and nothing a reporter or office typed can run.
 */
export interface LookupPage {
  /** The tracking code as typed, put back in the form; never the access code. */
  trackingCode?: string;
  view?: CitizenView;
  error?: string;
  /** What the reporter's evaluation or review request did. */
  notice?: string;
}

const STYLE = `
* { box-sizing: border-box; }
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 0 auto; max-width: 40rem; padding: 1rem; line-height: 1.6; color: #1a1a1a; }
h1 { font-size: 1.35rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
form { display: grid; gap: .75rem; padding: 1rem; border: 1px solid #ccc; border-radius: .5rem; }
label { display: grid; gap: .25rem; font-weight: bold; }
input { font-size: 1.1rem; padding: .5rem; border: 1px solid #888; border-radius: .25rem; }
button { font-size: 1.1rem; padding: .6rem; border: 0; border-radius: .25rem; background: #1f6f43; color: #fff; }
.hint { color: #555; font-size: .9rem; margin: 0; }
.error { padding: .75rem; border: 1px solid #b00020; color: #b00020; border-radius: .25rem; }
.notice { padding: .75rem; border: 1px solid #1f6f43; color: #1f6f43; border-radius: .25rem; }
fieldset { border: 0; padding: 0; margin: 0; display: grid; gap: .25rem; }
legend { font-weight: bold; padding: 0; }
fieldset label { display: flex; gap: .5rem; font-weight: normal; align-items: center; }
textarea { font-size: 1rem; padding: .5rem; border: 1px solid #888; border-radius: .25rem; min-height: 5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dt { color: #555; }
dd { margin: 0; }
.reply { white-space: pre-wrap; padding: .75rem; background: #f4f7f5; border-radius: .25rem; }
ol { padding-left: 1.25rem; }
`;

export const LOOKUP_PAGE_TITLE = '生态环境投诉举报办理进度查询';

export function renderLookupPage(p: LookupPage): string {
  return html`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${LOOKUP_PAGE_TITLE}</title>
<style>${new Markup(STYLE)}</style>
</head>
<body>
<h1>${LOOKUP_PAGE_TITLE}</h1>
${p.error ? html`<p class="error" role="alert">${p.error}</p>` : ''}
${p.notice ? html`<p class="notice" role="status">${p.notice}</p>` : ''}
${p.view ? result(p.view) : ''}
${p.view?.canEvaluate ? evaluationForm(p.view.trackingCode) : ''}
${p.view?.reviewOpenUntil ? reviewForm(p.view.trackingCode, p.view.reviewOpenUntil) : ''}
<form method="post" action="/public/lookup">
  <label>流水号<input name="trackingCode" value="${p.trackingCode ?? ''}" autocomplete="off" autocapitalize="characters" required maxlength="40" placeholder="例如 CQ-20261122-7K3M9Q"></label>
  <label>提取码<input name="accessCode" autocomplete="off" autocapitalize="characters" required maxlength="20" placeholder="受理时告知您的8位提取码"></label>
  <button type="submit">查询</button>
  <p class="hint">流水号和提取码在您反映问题时由热线告知。字母不分大小写，全角、空格均可。</p>
</form>
</body>
</html>
`.text;
}

function result(v: CitizenView): Markup {
  return html`<section>
<h2>${v.trackingCode}：${v.statusLabel}</h2>
<dl>
  <dt>受理时间</dt><dd>${time(v.receivedAt)}</dd>
  ${v.matter ? html`<dt>反映事项</dt><dd>${v.matter}</dd>` : ''}
  ${v.district ? html`<dt>所在区县</dt><dd>${v.district}</dd>` : ''}
  ${v.office ? html`<dt>承办单位</dt><dd>${v.office}</dd>` : ''}
  ${v.replyDueAt ? html`<dt>答复期限</dt><dd>${time(v.replyDueAt)}</dd>` : ''}
  ${v.mergedInto ? html`<dt>并案办理</dt><dd>已与同一问题的工单 ${v.mergedInto.trackingCode} 并案办理（${v.mergedInto.statusLabel}）</dd>` : ''}
  ${v.extension ? html`<dt>延期办理</dt><dd>${v.extension.reason}；答复期限延至 ${time(v.extension.replyDueAt)}</dd>` : ''}
  ${v.rejection ? html`<dt>不予受理</dt><dd>${v.rejection.reason}。${v.rejection.guidance}</dd>` : ''}
  ${v.review ? html`<dt>复查</dt><dd>${time(v.review.requestedAt)} 申请；${v.review.outcome ? html`${v.review.outcome}：${v.review.opinion}` : html`应于 ${time(v.review.reviewDueAt)} 前答复`}</dd>` : ''}
</dl>
${v.reply ? html`<h2>答复</h2><p>${v.reply.office}，${time(v.reply.repliedAt)}</p><p class="reply">${v.reply.publicReply}</p>` : ''}
<h2>办理过程</h2>
<ol>${v.milestones.map((m) => html`<li>${time(m.at)} ${m.label}</li>`)}</ol>
</section>`;
}

/** The access code is typed again: the page never holds it, so a shared or left-open page acts on nothing. */
const accessCodeField = html`<label>提取码<input name="accessCode" autocomplete="off" autocapitalize="characters" required maxlength="20" placeholder="请再次输入8位提取码"></label>`;

function evaluationForm(trackingCode: string): Markup {
  return html`<h2>满意度评价</h2>
<form method="post" action="/public/lookup/evaluation">
  <input type="hidden" name="trackingCode" value="${trackingCode}">
  <fieldset><legend>您反映的问题是否已解决？</legend>
    <label><input type="radio" name="resolved" value="yes" required>已解决</label>
    <label><input type="radio" name="resolved" value="no">未解决</label>
  </fieldset>
  <fieldset><legend>您对办理结果是否满意？</legend>
    <label><input type="radio" name="satisfaction" value="satisfied" required>满意</label>
    <label><input type="radio" name="satisfaction" value="basically_satisfied">基本满意</label>
    <label><input type="radio" name="satisfaction" value="unsatisfied">不满意（工单将退回承办单位重新办理）</label>
  </fieldset>
  <label>您的意见（选填）<textarea name="note" maxlength="500"></textarea></label>
  ${accessCodeField}
  <button type="submit">提交评价</button>
</form>`;
}

function reviewForm(trackingCode: string, openUntil: string): Markup {
  return html`<h2>申请复查</h2>
<form method="post" action="/public/lookup/review">
  <input type="hidden" name="trackingCode" value="${trackingCode}">
  <p class="hint">对办理结果有异议的，可在 ${time(openUntil)} 前申请复查，复查机关应在30日内答复。</p>
  <label>异议及理由<textarea name="reason" maxlength="1000" required></textarea></label>
  ${accessCodeField}
  <button type="submit">提交复查申请</button>
</form>`;
}

/** A time of the view (ISO with +08:00) as people read it; every time shown is Beijing time. */
const time = (iso: string | null) => (iso ? chineseDateTime(new Date(iso)) : '—');
