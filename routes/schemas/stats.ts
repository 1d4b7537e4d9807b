import { REPORT_BREAKDOWNS } from '../../src/stats/reports.js';
import { Type } from '@sinclair/typebox';
import { Nullable, NullableString, NullableNumber } from './common.js';

export const RateView = Type.Object({
  numerator: Type.Integer(), denominator: Type.Integer(),
  value: NullableNumber({ description: 'numerator / denominator, 4 decimals; null without a denominator' }),
});

/** The rates of a department, each with its numerator and denominator. */
export const DepartmentRates = Type.Object({
  timelySign: RateView, onTimeCompletion: RateView, response: RateView, resolution: RateView, satisfaction: RateView,
  return: RateView, reassignment: RateView, transfer: RateView, reopen: RateView, repeat: RateView,
  reviewCorrection: Type.Composite([RateView], { description: '复查纠错率: decided 复查 of the cases it leads that ordered them handled again, of all decided' }),
});

export const StatsQuery = Type.Object({
  jurisdiction: Type.Optional(Type.String({ maxLength: 32, description: "default: the key's jurisdiction" })),
  from: Type.String({ maxLength: 40, description: 'first day (2026-01-01) or an ISO-8601 date-time' }),
  to: Type.String({ maxLength: 40, description: 'last day, included (2026-12-31), or an ISO-8601 date-time, excluded' }),
  district: Type.Optional(Type.String({ maxLength: 50, description: 'district code or name' })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], { description: 'or send Accept: text/csv / application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })),
}, { additionalProperties: false });

export const BreakdownQuery = Type.Composite([StatsQuery, Type.Object({
  by: Type.Union(REPORT_BREAKDOWNS.map((k) => Type.Literal(k)), {
    description: 'matter; pollutionType and subType (二级分类), multi-label; channel, or channelGroup (电话/微信/网上/其他); district; month; department; industry (行业 of the entity complained about)',
  }),
})], { additionalProperties: false });

export const HotspotQuery = Type.Composite([StatsQuery, Type.Object({
  minimum: Type.Optional(Type.Integer({ minimum: 2, maximum: 1000, default: 2, description: 'complaints needed to be a hotspot' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
})], { additionalProperties: false });

export const DepartmentStatsView = Type.Object({
  jurisdiction: Type.String(), from: Type.String(), to: Type.String(), district: NullableString(),
  weights: Type.Object({ response: Type.Number(), resolution: Type.Number(), satisfaction: Type.Number() }),
  minimumSample: Type.Integer(),
  departments: Type.Array(Type.Object({
    department: Type.String(), name: Type.String(), district: NullableString(),
    received: Type.Integer({ description: 'lead assignments of cases received in the period' }),
    rates: DepartmentRates,
    averageHandlingWorkingDays: Nullable(Type.Number()),
    overdueOpen: Type.Integer({ description: 'open cases the department leads whose reply is overdue now' }),
    arbitrated: Type.Integer({ description: '会商定责: cases received in the period that it leads because the consultation fixed it as the lead' }),
    score: Nullable(Type.Number({ description: '0–100, weighted 三率' })),
    ranked: Type.Boolean(),
    rank: Nullable(Type.Integer()),
  })),
});

export const BreakdownView = Type.Object({
  jurisdiction: Type.String(), from: Type.String(), to: Type.String(), by: Type.String(), total: Type.Integer(),
  groups: Type.Array(Type.Object({
    key: NullableString(), label: Type.String(), received: Type.Integer(), share: RateView,
    rates: Type.Object({ response: RateView, onTimeCompletion: RateView, resolution: RateView, satisfaction: RateView, reopen: RateView, repeat: RateView }),
  })),
});

export const HotspotView = Type.Object({
  jurisdiction: Type.String(), from: Type.String(), to: Type.String(), minimum: Type.Integer(),
  hotspots: Type.Array(Type.Object({
    kind: Type.Union([Type.Literal('entity'), Type.Literal('address')]), subject: Type.String(), complaints: Type.Integer(),
    cases: Type.Array(Type.Object({ id: Type.String(), trackingCode: Type.String(), status: Type.String(), receivedAt: Type.String() })),
  })),
});
