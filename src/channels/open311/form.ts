/**
 * An Open311 form body (application/x-www-form-urlencoded) as the fields it names: `attribute[code]`
 * becomes `attribute.code`. A field given twice becomes a list, which the route's schema refuses by
 * name rather than keeping one of the values silently. Objects are built from entries, so a field
 * called __proto__ is a field (refused as unknown), never the object's prototype.
 */
export function parseOpen311Form(body: string): Record<string, unknown> {
  const top = new Map<string, unknown>();
  const attributes = new Map<string, unknown>();
  for (const [key, value] of new URLSearchParams(body)) {
    const attribute = /^attribute\[([^\]]*)\](\[\])?$/.exec(key);
    if (attribute) add(attributes, attribute[1]!, value);
    else add(top, key, value);
  }
  if (attributes.size > 0) {
    if (top.has('attribute')) add(top, 'attribute', Object.fromEntries(attributes));
    else top.set('attribute', Object.fromEntries(attributes));
  }
  return Object.fromEntries(top);
}

function add(fields: Map<string, unknown>, key: string, value: unknown): void {
  const held = fields.get(key);
  if (held === undefined) fields.set(key, value);
  else fields.set(key, Array.isArray(held) ? [...held, value] : [held, value]);
}
