import { POLLUTION_SUBTYPES, POLLUTION_TYPE_LABELS } from '../../catalogue/schema.js';
import type { CompiledCatalogue } from '../../catalogue/registry.js';
import type { Catalogue, Matter } from '../../catalogue/types.js';
import { ApiError, invalidField } from '../../errors.js';

/**
 * The catalogue an Open311 call means: its jurisdiction_id, else the one given by default (the key's
 * jurisdiction), else the only catalogue loaded (Open311 asks for jurisdiction_id only where an
 * endpoint serves several). An unknown one is 404.
 */
export function open311Catalogue(catalogues: ReadonlyMap<string, CompiledCatalogue>, jurisdictionId: string | undefined, byDefault: string | null = null): CompiledCatalogue {
  const asked = jurisdictionId ?? byDefault ?? (catalogues.size === 1 ? [...catalogues.keys()][0]! : undefined);
  if (asked === undefined) throw invalidField('jurisdiction_id', `is required: one of ${[...catalogues.keys()].join(', ')}`);
  const compiled = catalogues.get(asked);
  if (!compiled) throw new ApiError(404, 'JURISDICTION_NOT_FOUND', `jurisdiction_id: no catalogue for "${asked}"; try ${[...catalogues.keys()].join(' or ')}`, 'jurisdiction_id');
  return compiled;
}

/**
 * Open311 services are the catalogue's matters: a citizen's app shows them as the categories to
 * choose from. The choice is the citizen's reading of the problem; the service classifies the
 * description against the catalogue as it does every complaint, and routes by that. For people who
 * cannot tell which matter theirs is, one more service takes any report.
 */
export const GENERAL_SERVICE = { code: 'general', name: '其他生态环境问题（不确定类别）' } as const;

export type Open311Service = {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
};

export function open311Services(catalogue: Catalogue): Open311Service[] {
  const leadName = (m: Matter) => catalogue.departments.get(m.lead)?.name ?? m.lead;
  return [
    ...catalogue.matters.map((m) => ({
      service_code: m.code,
      service_name: m.title,
      description: `${m.pollutionTypes.map((t) => POLLUTION_TYPE_LABELS[t]).join('、')}问题；牵头部门：${leadName(m)}`,
      metadata: true,
      type: 'realtime' as const,
      keywords: m.subTypes.map((t) => POLLUTION_SUBTYPES[t].label).join(','),
      group: POLLUTION_TYPE_LABELS[m.pollutionTypes[0]!],
    })),
    {
      service_code: GENERAL_SERVICE.code,
      service_name: GENERAL_SERVICE.name,
      description: '说明问题即可，由平台按责任清单确定承办部门',
      metadata: true,
      type: 'realtime' as const,
      keywords: '',
      group: POLLUTION_TYPE_LABELS.other,
    },
  ];
}

export function isService(catalogue: Catalogue, code: string): boolean {
  return code === GENERAL_SERVICE.code || catalogue.mattersByCode.has(code);
}

/** The attributes a report may carry beyond Open311's own fields: the work order's fields DOMAIN.md attests. */
export const ATTRIBUTE_CODES = ['reported_entity', 'purpose', 'district', 'confidential'] as const;
export type AttributeCode = (typeof ATTRIBUTE_CODES)[number];

/** GET /services/{code}: the same attributes for every service (the work order is one form). */
export function serviceDefinition(catalogue: Catalogue, code: string) {
  return {
    service_code: code,
    attributes: [
      {
        variable: true, code: 'reported_entity', datatype: 'string', required: false, order: 1,
        datatype_description: '不超过200字', description: '被举报单位名称和地址', values: [],
      },
      {
        variable: true, code: 'purpose', datatype: 'text', required: false, order: 2,
        datatype_description: '不超过500字', description: '诉求目的：希望如何处理（如：要求停止夜间施工）', values: [],
      },
      {
        variable: true, code: 'district', datatype: 'singlevaluelist', required: false, order: 3,
        datatype_description: '', description: '问题所在区县（不填则按地址和描述判断）',
        values: catalogue.districts.map((d) => ({ key: d.code, name: d.name })),
      },
      {
        variable: true, code: 'confidential', datatype: 'singlevaluelist', required: false, order: 4,
        datatype_description: '', description: '举报人信息保密：承办部门看不到您的姓名和联系方式',
        values: [{ key: 'true', name: '是，为我保密' }, { key: 'false', name: '否' }],
      },
    ],
  };
}
