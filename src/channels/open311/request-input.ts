import type { Principal } from '../../auth/keys.js';
import type { Channel } from '../../catalogue/schema.js';
import type { CompiledCatalogue } from '../../catalogue/registry.js';
import type { IntakeInput } from '../../cases/commands/intake.js';
import { invalidField } from '../../errors.js';
import { coordinatesText } from './location.js';
import { type AttributeCode, isService, open311Catalogue } from './services.js';

/** The fields of an Open311 POST /requests, as the route's schema has checked them. */
export interface Open311RequestFields {
  jurisdiction_id?: string | undefined;
  service_code: string;
  description: string;
  lat?: string | number | undefined;
  long?: string | number | undefined;
  address_string?: string | undefined;
  address_id?: string | undefined;
  email?: string | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
  phone?: string | undefined;
  media_url?: string | undefined;
  device_id?: string | undefined;
  account_id?: string | undefined;
  attribute?: Partial<Record<AttributeCode, string>> | undefined;
}

/**
 * An Open311 report as a complaint of the key's channel (web when the key names none): the
 * description is its content, the citizen's location its address, first and last name its
 * reporter. Open311 has no work-order id, so every POST is a new case; a report sent twice is found
 * by the repeat check, as a caller who rings twice is.
 */
export function intakeFromOpen311(
  fields: Open311RequestFields, principal: Principal, catalogues: ReadonlyMap<string, CompiledCatalogue>,
): IntakeInput {
  const compiled = open311Catalogue(catalogues, fields.jurisdiction_id, principal.jurisdiction);
  const jurisdiction = compiled.catalogue.code;
  if (!isService(compiled.catalogue, fields.service_code)) {
    throw invalidField('service_code', `no service "${fields.service_code}" in ${jurisdiction}: GET /open311/v2/services.json?jurisdiction_id=${jurisdiction} lists them`);
  }
  const attribute = fields.attribute ?? {};
  const name = `${fields.last_name ?? ''}${fields.first_name ?? ''}`.trim();
  const hasReporter = name !== '' || fields.phone !== undefined || fields.email !== undefined;
  return {
    jurisdiction,
    channel: (principal.channel ?? 'web') as Channel,
    kind: 'complaint',
    // A photo is evidence the office needs: its address goes with the text the office reads. It is
    // not fetched here (a server that fetches what callers name can be made to reach anywhere).
    content: fields.media_url ? `${fields.description}\n图片：${fields.media_url}` : fields.description,
    address: addressOf(fields),
    district: attribute.district,
    reportedEntity: attribute.reported_entity,
    purpose: attribute.purpose,
    reporter: hasReporter || attribute.confidential === 'true'
      ? { name: name || undefined, phone: fields.phone, email: fields.email, confidential: attribute.confidential === 'true' }
      : undefined,
  };
}

/** Where the problem is, as the office reads it: the address given, then the coordinates (no geocoder here). */
function addressOf(fields: Open311RequestFields): string {
  const hasLat = fields.lat !== undefined;
  if (hasLat !== (fields.long !== undefined)) throw invalidField(hasLat ? 'long' : 'lat', 'lat and long go together');
  const parts: string[] = [];
  if (fields.address_string !== undefined) parts.push(fields.address_string);
  if (fields.address_id !== undefined) parts.push(`地址编号 ${fields.address_id}`);
  if (hasLat) {
    if (Math.abs(Number(fields.lat)) > 90) throw invalidField('lat', 'must lie between -90 and 90');
    if (Math.abs(Number(fields.long)) > 180) throw invalidField('long', 'must lie between -180 and 180');
  }
  if (hasLat) parts.push(coordinatesText(Number(fields.lat), Number(fields.long)));
  if (parts.length === 0) throw invalidField('address_string', 'a location is required: address_string, address_id, or lat and long');
  return parts.join('；');
}
