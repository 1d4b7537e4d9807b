import type { IntakeResult } from '../../cases/commands/intake.js';
import { ApiError, invalidField, notFound, renamedField } from '../../errors.js';
import { formatLocal } from '../../calendar/local-time.js';
import type { Services } from '../../services.js';
import { isService, open311Catalogue, open311Services, serviceDefinition } from './services.js';

/** The day this Open311 endpoint last changed what it answers (discovery's changeset). */
const CHANGESET = '2026-11-23T00:00:00+08:00';

export function discovery(baseUrl: string) {
  return {
    changeset: CHANGESET,
    contact: '12345 / 12369 热线平台管理员',
    key_service: '向平台管理员申请 API key（hotline keys create --role operator --channel web）',
    endpoints: [{
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: baseUrl,
      changeset: CHANGESET,
      type: 'production',
      formats: ['application/json', 'text/xml'],
    }],
  };
}

export const servicesOf = (services: Services, jurisdictionId: string | undefined) => open311Services(open311Catalogue(services.catalogues, jurisdictionId).catalogue);

export function serviceDefinitionOf(services: Services, jurisdictionId: string | undefined, code: string) {
  const { catalogue } = open311Catalogue(services.catalogues, jurisdictionId);
  if (!isService(catalogue, code)) throw notFound('SERVICE_NOT_FOUND', `service_code: no service "${code}" in ${catalogue.code}`);
  return serviceDefinition(catalogue, code);
}

/**
 * The answer to a report: its service_request_id, and a notice telling the reporter how to follow
 * it (tracking code and access code, which the lookup needs and which is shown only now) and where
 * it went. access_code is not an Open311 field; clients that know it may show it on its own.
 */
export function submissionNotice(result: IntakeResult) {
  const { row } = result;
  const lead = result.holders.find((a) => a.role === 'lead');
  const where = row.status === 'assigned' && lead
    ? `已交办${lead.officeName}${row.replyDueAt ? `，应于${formatLocal(row.replyDueAt).slice(0, 10)}前答复` : ''}`
    : '将由话务员确定承办单位';
  const codes = result.accessCode
    ? `流水号 ${row.trackingCode}，提取码 ${result.accessCode}。请凭流水号和提取码查询办理进度，提取码只显示这一次`
    : `流水号 ${row.trackingCode}`;
  return { service_request_id: row.trackingCode, service_notice: `已受理，${codes}。${where}。`, account_id: null, access_code: result.accessCode ?? null };
}

/** Intake names its own fields in errors; an Open311 client knows them by Open311's names. */
const FIELD_NAMES: Record<string, string> = {
  content: 'description', address: 'address_string', district: 'attribute[district]', reportedEntity: 'attribute[reported_entity]',
  purpose: 'attribute[purpose]', 'reporter.name': 'last_name', 'reporter.phone': 'phone', 'reporter.email': 'email',
};

export async function withOpen311Fields<T>(intake: () => Promise<T>): Promise<T> {
  try {
    return await intake();
  } catch (error) {
    const field = error instanceof ApiError && error.field ? FIELD_NAMES[error.field] : undefined;
    throw field ? renamedField(error as ApiError, field) : error;
  }
}

const WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * The received-time window of GET /requests: at most 90 days; the last 90 when no bound is given,
 * 90 days from a lone start, 90 days up to a lone end.
 */
export function requestWindow(start: string | undefined, end: string | undefined, now: Date): { receivedFrom: string; receivedTo: string } {
  const parse = (value: string, field: string) => {
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) throw invalidField(field, 'must be an ISO-8601 date-time, e.g. 2026-11-01T00:00:00+08:00');
    return at;
  };
  const to = end !== undefined ? parse(end, 'end_date') : start !== undefined ? new Date(parse(start, 'start_date').getTime() + WINDOW_DAYS * DAY_MS) : now;
  const from = start !== undefined ? parse(start, 'start_date') : new Date(to.getTime() - WINDOW_DAYS * DAY_MS);
  if (from > to) throw invalidField('end_date', 'lies before start_date');
  if (to.getTime() - from.getTime() > WINDOW_DAYS * DAY_MS) throw invalidField('end_date', `the window may span at most ${WINDOW_DAYS} days (Open311)`);
  return { receivedFrom: from.toISOString(), receivedTo: to.toISOString() };
}

