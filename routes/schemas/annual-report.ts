import { Type } from '@sinclair/typebox';
import { FIRST_YEAR, LAST_YEAR } from '../../src/calendar/service-years.js';
import { Nullable } from './common.js';
import { DepartmentRates, RateView } from './stats.js';


export const AnnualReportParams = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 50, description: 'department code of the catalogue, e.g. ecology-environment' }),
});

export const AnnualReportQuery = Type.Object({
  jurisdiction: Type.Optional(Type.String({ maxLength: 32, description: "default: the key's jurisdiction" })),
  year: Type.Integer({ minimum: FIRST_YEAR, maximum: LAST_YEAR, description: 'the year reported on (cases received 1 January – 31 December, +08:00)' }),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html')], { description: 'or send Accept: text/html for the printable page' })),
}, { additionalProperties: false });

const Period = Type.Object({ from: Type.String(), to: Type.String({ description: 'excluded' }) });
const DepartmentRef = Type.Object({ code: Type.String(), name: Type.String() });
const MatterRef = Type.Object({ code: Type.String(), title: Type.String() });
const DistrictRef = Type.Object({ code: Type.String(), name: Type.String() });

const MatterLine = Type.Object({
  code: Type.String(), title: Type.String(), pollutionTypes: Type.Array(Type.String()),
  lead: DepartmentRef, cooperating: Type.Array(DepartmentRef),
});

const ReceivedGroup = {
  assignments: Type.Integer({ description: 'lead assignments (交办 as 主办)' }),
  cases: Type.Integer({ description: 'cases the department leads now' }),
};

const CaseLine = {
  caseId: Type.String(), trackingCode: Type.String(), matter: Nullable(MatterRef), district: Nullable(DistrictRef),
  reportedEntity: Nullable(Type.String()), status: Type.String(),
  receivedAt: Type.String(), replyDueAt: Nullable(Type.String({ description: 'the reply due time now in force' })), firstRepliedAt: Nullable(Type.String()),
};

const Headline = Type.Object({
  received: Type.Integer(), cases: Type.Integer(),
  timelySign: RateView, onTimeCompletion: RateView, response: RateView, resolution: RateView, satisfaction: RateView, reopen: RateView,
  averageHandlingWorkingDays: Nullable(Type.Number()), score: Nullable(Type.Number()),
  overdue: Type.Integer(), reopened: Type.Integer(), supervisionOrders: Type.Integer(),
});

const HeadlineChange = Type.Object({
  received: Type.Integer(), cases: Type.Integer(), overdue: Type.Integer(), reopened: Type.Integer(), supervisionOrders: Type.Integer(),
  timelySign: Nullable(Type.Number()), onTimeCompletion: Nullable(Type.Number()), response: Nullable(Type.Number()),
  resolution: Nullable(Type.Number()), satisfaction: Nullable(Type.Number()), reopen: Nullable(Type.Number()),
  averageHandlingWorkingDays: Nullable(Type.Number()), score: Nullable(Type.Number()),
}, { description: 'this year minus the year before; rates as the change of their value (0.05 = 5 percentage points)' });

export const AnnualReportView = Type.Object({
  jurisdiction: Type.String(), jurisdictionName: Type.String(),
  department: DepartmentRef,
  year: Type.Integer(),
  period: Period,
  generatedAt: Type.String(),
  matters: Type.Object({
    lead: Type.Array(MatterLine, { description: 'matters the department leads (牵头)' }),
    cooperating: Type.Array(MatterLine, { description: 'matters it cooperates on (配合)' }),
  }),
  received: Type.Object({
    ...ReceivedGroup,
    byMatter: Type.Array(Type.Object({ code: Nullable(Type.String()), title: Type.String(), ...ReceivedGroup })),
    byDistrict: Type.Array(Type.Object({ code: Nullable(Type.String()), name: Type.String(), ...ReceivedGroup })),
  }),
  handling: Type.Object({
    received: Type.Integer(), cases: Type.Integer(),
    rates: DepartmentRates,
    averageHandlingWorkingDays: Nullable(Type.Number()),
    overdueOpen: Type.Integer({ description: 'open cases the department leads whose reply is overdue now, whenever received' }),
    score: Nullable(Type.Number({ description: '0–100, weighted 三率' })),
    weights: Type.Object({ response: Type.Number(), resolution: Type.Number(), satisfaction: Type.Number() }),
    minimumSample: Type.Integer(),
    ranked: Type.Boolean(), rank: Nullable(Type.Integer()), rankedDepartments: Type.Integer(),
  }),
  overdue: Type.Object({
    count: Type.Integer(), lateReplies: Type.Integer(), overdueNow: Type.Integer(),
    cases: Type.Array(Type.Object({ ...CaseLine, lateReply: Type.Boolean(), overdueNow: Type.Boolean() }), { description: 'the 50 earliest due' }),
  }),
  reopened: Type.Object({
    count: Type.Integer(),
    cases: Type.Array(Type.Object({ ...CaseLine, reopenCount: Type.Integer(), callbackSatisfaction: Nullable(Type.String()) }), { description: 'at most 200, in order of receipt' }),
  }),
  supervisionOrders: Type.Object({
    count: Type.Integer(), automatic: Type.Integer(), manual: Type.Integer(),
    orders: Type.Array(Type.Object({
      caseId: Type.String(), trackingCode: Type.String(), at: Type.String(), office: Type.String(), automatic: Type.Boolean(),
      content: Nullable(Type.String()), overdueWorkingDays: Nullable(Type.Number()),
      matter: Nullable(MatterRef), district: Nullable(DistrictRef), reportedEntity: Nullable(Type.String()),
    }), { description: 'at most 200, in order of issue' }),
  }),
  headline: Headline,
  previousYear: Type.Object({ year: Type.Integer(), period: Period, figures: Headline, change: HeadlineChange }),
});
