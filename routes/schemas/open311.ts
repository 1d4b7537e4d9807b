import { Type } from '@sinclair/typebox';
import { Nullable, StringEnum } from './common.js';

/**
 * Open311 GeoReport v2 in its own words: snake_case fields, form-encoded reports, every answer also
 * as XML (the path's .xml), errors as an array of {code, description}. The schemas describe the JSON
 * form; the XML carries the same fields as elements.
 */
const NoControl = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';
const text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, pattern: NoControl, description });

export const FormatParams = Type.Object({ format: StringEnum(['json', 'xml'] as const, { description: 'json, or xml (the format Open311 requires)' }) });
const ServiceCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$', description: 'a matter code of the catalogue, or general' });
export const ServiceParams = Type.Object({ service_code: ServiceCode, format: FormatParams.properties.format });
export const RequestParams = Type.Object({
  service_request_id: Type.String({ minLength: 5, maxLength: 32, pattern: '^[A-Za-z0-9-]+$', description: 'the tracking code (流水号)' }),
  format: FormatParams.properties.format,
});
export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }), format: FormatParams.properties.format });

const JurisdictionId = Type.String({ minLength: 1, maxLength: 32, description: 'chongqing or shanghai; a key bound to a jurisdiction may leave it out' });
const ApiKey = Type.String({ minLength: 1, maxLength: 200, description: 'an API key; the Authorization header works as well' });

export const ServicesQuery = Type.Object({ jurisdiction_id: Type.Optional(JurisdictionId) }, { additionalProperties: false });

const Coordinate = (min: number, max: number, description: string) => Type.Union([
  Type.Number({ minimum: min, maximum: max }),
  Type.String({ pattern: '^-?[0-9]{1,3}(\\.[0-9]{1,12})?$', maxLength: 20 }),
], { description });

export const ServiceRequestBody = Type.Object({
  api_key: Type.Optional(ApiKey),
  jurisdiction_id: Type.Optional(JurisdictionId),
  service_code: ServiceCode,
  description: text(4000, 'what happened, where and when (the complaint\'s content)'),
  lat: Type.Optional(Coordinate(-90, 90, 'latitude (WGS-84), with long')),
  long: Type.Optional(Coordinate(-180, 180, 'longitude (WGS-84), with lat')),
  address_string: Type.Optional(text(300, 'where the problem is')),
  address_id: Type.Optional(text(100, 'an address id of the client\'s own')),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'the reporter\'s e-mail address' })),
  first_name: Type.Optional(text(25, '名')),
  last_name: Type.Optional(text(25, '姓')),
  phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9 -]{4,30}$', description: 'a phone number of ASCII digits, spaces and dashes' })),
  media_url: Type.Optional(Type.String({ maxLength: 500, pattern: '^https?://[^\\s<>"]+$', description: 'a photo\'s http(s) address (not fetched; the office sees it with the text)' })),
  device_id: Type.Optional(text(100, 'not used')),
  account_id: Type.Optional(text(100, 'not used')),
  attribute: Type.Optional(Type.Object({
    reported_entity: Type.Optional(text(200, '被举报单位名称和地址')),
    purpose: Type.Optional(text(500, '诉求目的')),
    district: Type.Optional(text(50, 'district code or name')),
    confidential: Type.Optional(StringEnum(['true', 'false'] as const, { description: '举报人信息保密' })),
  }, { additionalProperties: false, description: 'attribute[code] fields of the service definition' })),
}, { additionalProperties: false });

export const RequestsQuery = Type.Object({
  api_key: Type.Optional(ApiKey),
  jurisdiction_id: Type.Optional(JurisdictionId),
  service_request_id: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, pattern: '^[A-Za-z0-9, -]+$', description: 'tracking codes, comma-separated; the other filters are then ignored' })),
  service_code: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, pattern: '^[a-z0-9-]+(,[a-z0-9-]+){0,19}$', description: 'one service code, or up to 20 comma-separated' })),
  start_date: Type.Optional(Type.String({ format: 'date-time', description: 'received at or after (ISO-8601 with offset)' })),
  end_date: Type.Optional(Type.String({ format: 'date-time', description: 'received at or before; the window spans at most 90 days' })),
  status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))?$', description: 'open, closed, or both comma-separated' })),
}, { additionalProperties: false });

const Service = Type.Object({
  service_code: Type.String(), service_name: Type.String(), description: Type.String(),
  metadata: Type.Boolean(), type: Type.String(), keywords: Type.String(), group: Type.String(),
});
export const ServiceList = Type.Array(Service);

export const ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Type.Object({
    variable: Type.Boolean(), code: Type.String(), datatype: Type.String(), required: Type.Boolean(), order: Type.Integer(),
    datatype_description: Type.String(), description: Type.String(),
    values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
  })),
});

export const SubmittedList = Type.Array(Type.Object({
  service_request_id: Type.String({ description: 'the tracking code (流水号)' }),
  service_notice: Type.String(),
  account_id: Type.Null(),
  access_code: Nullable(Type.String({ description: '提取码: with the tracking code, what the reporter looks the case up with; only in this answer' })),
}));

export const ServiceRequestList = Type.Array(Type.Object({
  service_request_id: Type.String(),
  status: StringEnum(['open', 'closed'] as const),
  status_notes: Type.String(),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Nullable(Type.String()),
  service_notice: Type.String(),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Nullable(Type.String()),
  address: Nullable(Type.String()),
  address_id: Type.Null(),
  zipcode: Type.Null(),
  lat: Nullable(Type.Number({ description: 'the latitude the report came with' })),
  long: Nullable(Type.Number()),
  media_url: Type.Null(),
}));

export const DiscoveryDocument = Type.Object({
  changeset: Type.String(), contact: Type.String(), key_service: Type.String(),
  endpoints: Type.Array(Type.Object({
    specification: Type.String(), url: Type.String(), changeset: Type.String(), type: Type.String(), formats: Type.Array(Type.String()),
  })),
});

export const Open311Errors = Type.Array(Type.Object({ code: Type.Integer({ description: 'the HTTP status' }), description: Type.String() }), { description: 'Open311 errors' });
