import { CHANNELS } from './schema.js';
import { POLLUTION_SUBTYPES, POLLUTION_TYPE_LABELS, type TimeLimit } from './schema.js';
import type { Catalogue } from './types.js';

const UNIT_LABELS = { workingDays: '个工作日', calendarDays: '日', hours: '小时' } as const;
const LIMIT_LABELS: Record<string, string> = {
  accept: '受理告知', sign: '签收', reply: '办结答复', extension: '延期', return: '退单', rehandle: '重办',
  review: '申请复查', reviewReply: '复查答复',
};
const MATCH_LABELS: Record<string, Record<string, string>> = {
  kind: { complaint: '投诉举报', consultation: '咨询', suggestion: '建议', help: '求助' },
  urgency: { normal: '一般', urgent: '紧急', critical: '特急' },
  channel: Object.fromEntries(CHANNELS.map((c) => [c, c])),
};

function limitsView(limits: Partial<Record<string, TimeLimit>>) {
  return Object.fromEntries(Object.entries(limits).filter(([, l]) => l).map(([name, l]) => [name, {
    value: l!.value, unit: l!.unit,
    label: `${LIMIT_LABELS[name] ?? name}：${l!.value}${UNIT_LABELS[l!.unit]}${l!.maxCount !== undefined ? `，至多${l!.maxCount}次` : ''}`,
  }]));
}

/** The catalogue as the seeds require it to be published: matters, lead and cooperating departments, time limits. Keyword rules stay internal. */
export function publicCatalogue(c: Catalogue) {
  const name = (code: string) => c.departments.get(code as never)?.name ?? code;
  return {
    jurisdiction: c.code,
    name: c.name,
    title: `${c.name}生态环境保护责任清单`,
    version: c.version,
    departments: [...c.departments.values()].map((d) => ({ code: d.code, name: d.name, inDistricts: d.inDistricts })),
    matters: c.matters.map((m) => ({
      code: m.code,
      title: m.title,
      pollutionTypes: m.pollutionTypes.map((t) => POLLUTION_TYPE_LABELS[t]),
      subTypes: m.subTypes.map((t) => POLLUTION_SUBTYPES[t].label),
      lead: { code: m.lead, name: name(m.lead) },
      cooperating: m.cooperating.map((code) => ({ code, name: name(code) })),
    })),
    timeLimits: {
      defaults: limitsView(c.timeLimits.defaults),
      overrides: (c.timeLimits.overrides ?? []).map((o) => ({
        when: Object.entries(o.match).map(([k, vs]) => `${k}=${(vs as string[]).map((v) => MATCH_LABELS[k]?.[v] ?? v).join('/')}`).join('，'),
        limits: limitsView(o.limits),
      })),
    },
    districts: c.districts.map((d) => ({ code: d.code, name: d.name })),
  };
}
