import { Type, type Static, type TUnsafe } from '@sinclair/typebox';

/** The YAML files of a catalogue, as JSON schemas: validated at load, with the path of every error. */

export const DEPARTMENT_CODES = [
  'ecology-environment', 'development-reform', 'economy-information', 'public-security', 'justice',
  'finance', 'planning-natural-resources', 'housing-construction', 'urban-management', 'transport',
  'water', 'agriculture-rural', 'commerce', 'audit', 'market-regulation', 'energy', 'forestry',
  'greening-cityscape', 'territorial',
] as const;
export type DepartmentCode = (typeof DEPARTMENT_CODES)[number];

export const POLLUTION_TYPES = ['air', 'water', 'noise', 'solid-waste', 'soil', 'radiation', 'ecology', 'other'] as const;
export type PollutionType = (typeof POLLUTION_TYPES)[number];
export const POLLUTION_TYPE_LABELS: Record<PollutionType, string> = {
  air: '大气', water: '水', noise: '噪声', 'solid-waste': '固废', soil: '土壤', radiation: '辐射',
  ecology: '生态破坏', other: '其他',
};

/**
 * 二级分类: the sub-types the 12369 platform's statistics cut each pollution type into. Each belongs
 * to one pollution type; a matter names the sub-types it falls under, one or more per pollution type.
 */
export const POLLUTION_SUBTYPES = {
  'air-industrial': { type: 'air', label: '工业废气' },
  'air-odour': { type: 'air', label: '恶臭异味' },
  'air-dust': { type: 'air', label: '扬尘' },
  'air-cooking-fumes': { type: 'air', label: '餐饮油烟' },
  'air-vehicle': { type: 'air', label: '机动车船尾气' },
  'air-burning': { type: 'air', label: '露天焚烧' },
  'air-other': { type: 'air', label: '其他大气污染' },
  'water-industrial': { type: 'water', label: '工业废水' },
  'water-domestic': { type: 'water', label: '生活污水' },
  'water-agricultural': { type: 'water', label: '畜禽养殖及农业面源污染' },
  'water-body': { type: 'water', label: '河湖水体污染' },
  'water-drinking': { type: 'water', label: '饮用水水源' },
  'water-other': { type: 'water', label: '其他水污染' },
  'noise-industrial': { type: 'noise', label: '工业噪声' },
  'noise-construction': { type: 'noise', label: '建筑施工噪声' },
  'noise-social': { type: 'noise', label: '社会生活噪声' },
  'noise-traffic': { type: 'noise', label: '交通运输噪声' },
  'waste-industrial': { type: 'solid-waste', label: '工业固体废物' },
  'waste-hazardous': { type: 'solid-waste', label: '危险废物' },
  'waste-domestic': { type: 'solid-waste', label: '生活垃圾' },
  'waste-construction': { type: 'solid-waste', label: '建筑垃圾' },
  'waste-other': { type: 'solid-waste', label: '其他固体废物' },
  'soil-contamination': { type: 'soil', label: '土壤污染' },
  'soil-degradation': { type: 'soil', label: '水土流失和耕地破坏' },
  'radiation-electromagnetic': { type: 'radiation', label: '电磁辐射' },
  'radiation-ionising': { type: 'radiation', label: '电离辐射' },
  'ecology-mining': { type: 'ecology', label: '非法采矿采砂' },
  'ecology-forest-wildlife': { type: 'ecology', label: '林木和野生动植物破坏' },
  'ecology-land-water': { type: 'ecology', label: '土地和河湖湿地破坏' },
  'ecology-other': { type: 'ecology', label: '其他生态破坏' },
  other: { type: 'other', label: '其他' },
} as const satisfies Record<string, { type: PollutionType; label: string }>;
export type PollutionSubtype = keyof typeof POLLUTION_SUBTYPES;
export const POLLUTION_SUBTYPE_CODES = Object.keys(POLLUTION_SUBTYPES) as PollutionSubtype[];

export const CHANNELS = ['12345', '12369', 'web', 'wechat', 'letter', 'inspection'] as const;
export type Channel = (typeof CHANNELS)[number];
export const KINDS = ['complaint', 'consultation', 'suggestion', 'help'] as const;
export type Kind = (typeof KINDS)[number];
export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const TIME_UNITS = ['workingDays', 'calendarDays', 'hours'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** A union of string literals whose static type keeps the literals (Type.Union over a mapped array would widen to string). */
export const literalUnion = <T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnsafe<T[number]>;
const NonEmpty = Type.String({ minLength: 1 });
const Email = Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' });

export const JurisdictionFile = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9-]*$' }),
  name: NonEmpty,
  divisionCode: Type.String({ pattern: '^[0-9]{2}$' }),
  trackingPrefix: Type.Optional(Type.String({ pattern: '^[A-Z]{2,4}$' })),
  supervisors: Type.Optional(Type.Array(Type.Object({ name: NonEmpty, email: Email }, { additionalProperties: false }))),
  classification: Type.Optional(Type.Object({
    triageThreshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    confidentScore: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  }, { additionalProperties: false })),
  statistics: Type.Optional(Type.Object({
    /** 三率 weights of the composite score; they need not sum to 1 (they are normalised). */
    weights: Type.Optional(Type.Object({
      response: Type.Number({ minimum: 0 }), resolution: Type.Number({ minimum: 0 }), satisfaction: Type.Number({ minimum: 0 }),
    }, { additionalProperties: false })),
    /** Departments with fewer lead assignments in the period are listed but not ranked. */
    minimumSample: Type.Optional(Type.Integer({ minimum: 1 })),
  }, { additionalProperties: false })),
  closure: Type.Optional(Type.Object({
    /** Channels whose reply must come with the signed reply document (答复意见书) as an attachment. */
    replyDocument: Type.Optional(Type.Array(literalUnion(CHANNELS), { minItems: 1 })),
  }, { additionalProperties: false })),
}, { additionalProperties: false });
export type JurisdictionFile = Static<typeof JurisdictionFile>;

export const DepartmentEntry = Type.Object({
  code: literalUnion(DEPARTMENT_CODES),
  name: NonEmpty,
  inDistricts: Type.Optional(Type.Boolean()),
  districtName: Type.Optional(Type.String({ pattern: '\\{district\\}' })),
  email: Type.Optional(Email),
  districtEmail: Type.Optional(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' })),
}, { additionalProperties: false });
export const DepartmentsFile = Type.Array(DepartmentEntry, { minItems: 1 });
export type DepartmentsFile = Static<typeof DepartmentsFile>;
export type DepartmentEntry = Static<typeof DepartmentEntry>;

export const DistrictsFile = Type.Object({
  zones: Type.Optional(Type.Array(Type.Object({
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
    name: NonEmpty,
    aliases: Type.Optional(Type.Array(NonEmpty)),
    administration: Type.Optional(NonEmpty),
  }, { additionalProperties: false }))),
  aliases: Type.Optional(Type.Union([Type.Null(), Type.Record(Type.String({ pattern: '^[0-9]{6}$' }), Type.Array(NonEmpty))])),
  /**
   * Places whose names contain a district's name but that lie elsewhere (江北机场 is in 渝北区) or
   * span several districts (黄浦江): `district` is where the place is, null when it names none.
   */
  landmarks: Type.Optional(Type.Array(Type.Object({
    name: NonEmpty,
    district: Type.Union([Type.Null(), Type.String({ minLength: 1 })]),
  }, { additionalProperties: false }))),
}, { additionalProperties: false });
export type DistrictsFile = Static<typeof DistrictsFile>;

export const KeywordRule = Type.Object({
  any: Type.Optional(Type.Array(NonEmpty, { minItems: 1 })),
  all: Type.Optional(Type.Array(Type.Array(NonEmpty, { minItems: 1 }), { minItems: 2, maxItems: 16 })),
  weight: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
}, { additionalProperties: false });
export type KeywordRule = Static<typeof KeywordRule>;

export const MatterEntry = Type.Object({
  code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
  title: NonEmpty,
  pollutionTypes: Type.Array(literalUnion(POLLUTION_TYPES), { minItems: 1 }),
  /** 二级分类, at least one for each of pollutionTypes and none of another type. */
  subTypes: Type.Array(literalUnion(POLLUTION_SUBTYPE_CODES), { minItems: 1 }),
  /** The industry (行业, industries.yaml) every case of the matter is in, where the matter says it (餐饮油烟: catering). */
  industry: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]*$' })),
  lead: literalUnion(DEPARTMENT_CODES),
  cooperating: Type.Optional(Type.Array(literalUnion(DEPARTMENT_CODES))),
  timeLimitClass: Type.Optional(NonEmpty),
  rules: Type.Array(KeywordRule, { minItems: 1 }),
  exclude: Type.Optional(Type.Array(NonEmpty)),
  /**
   * The matter describes a state (black, smelly water; a hazy sky), not who causes it: when a matter
   * that names the cause scores best, this one is no rival to it in the confidence margin.
   */
  symptom: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export const MattersFile = Type.Array(MatterEntry, { minItems: 1 });
export type MattersFile = Static<typeof MattersFile>;
export type MatterEntry = Static<typeof MatterEntry>;

/**
 * rules/industries.yaml, shared by every catalogue: the industries (行业) of reported entities that
 * the 12369 statistics are cut by, after GB/T 4754, each with the words that name such an entity.
 */
export const IndustriesFile = Type.Array(Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9-]*$' }),
  title: NonEmpty,
  terms: Type.Array(NonEmpty, { minItems: 1 }),
}, { additionalProperties: false }), { minItems: 1 });
export type IndustriesFile = Static<typeof IndustriesFile>;

export const TimeLimit = Type.Object({
  value: Type.Integer({ minimum: 1, maximum: 365 }),
  unit: literalUnion(TIME_UNITS),
  maxCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
}, { additionalProperties: false });
export type TimeLimit = Static<typeof TimeLimit>;

export const LIMIT_NAMES = ['accept', 'sign', 'reply', 'extension', 'return', 'rehandle', 'review', 'reviewReply'] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

const PartialLimits = Type.Object({
  accept: Type.Optional(TimeLimit),
  sign: Type.Optional(TimeLimit),
  reply: Type.Optional(TimeLimit),
  extension: Type.Optional(TimeLimit),
  return: Type.Optional(TimeLimit),
  rehandle: Type.Optional(TimeLimit),
  /** 复查: how long after the reply the reporter may ask for review; absent, the channel has no review. */
  review: Type.Optional(TimeLimit),
  /** How long the review may take to answer. */
  reviewReply: Type.Optional(TimeLimit),
}, { additionalProperties: false });

export const TimeLimitsFile = Type.Object({
  defaults: Type.Object({
    accept: Type.Optional(TimeLimit),
    sign: TimeLimit,
    reply: TimeLimit,
    extension: TimeLimit,
    return: TimeLimit,
    rehandle: TimeLimit,
    review: Type.Optional(TimeLimit),
    reviewReply: Type.Optional(TimeLimit),
  }, { additionalProperties: false }),
  classes: Type.Array(NonEmpty, { minItems: 1 }),
  overrides: Type.Optional(Type.Array(Type.Object({
    match: Type.Object({
      channel: Type.Optional(Type.Array(literalUnion(CHANNELS), { minItems: 1 })),
      kind: Type.Optional(Type.Array(literalUnion(KINDS), { minItems: 1 })),
      urgency: Type.Optional(Type.Array(literalUnion(URGENCIES), { minItems: 1 })),
      timeLimitClass: Type.Optional(Type.Array(NonEmpty, { minItems: 1 })),
    }, { additionalProperties: false }),
    limits: PartialLimits,
  }, { additionalProperties: false }))),
}, { additionalProperties: false });
export type TimeLimitsFile = Static<typeof TimeLimitsFile>;
export type Limits = TimeLimitsFile['defaults'];
