/**
 * Open311's XML, the format the specification requires (FixMyStreet reads no other). Its documents
 * are plain trees: an element per field, arrays as repeated elements named by the list they are in
 * (`<services><service>…`), null as an empty element. No attributes, no namespaces.
 */
export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [field: string]: XmlValue };

/** The element name of one item of each list Open311 has. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service', service_requests: 'request', errors: 'error', endpoints: 'endpoint',
  attributes: 'attribute', values: 'value', formats: 'format', tokens: 'token',
};

export function toXml(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}\n`;
}

function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name];
    if (!item) throw new Error(`no item name for the Open311 list <${name}>`);
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value).map(([field, v]) => element(field, v)).join('')}</${name}>`;
  }
  return `<${name}>${escapeText(String(value))}</${name}>`;
}

/**
 * Text as XML 1.0 allows it: the five markup characters escaped, and the characters XML cannot carry
 * at all (C0 controls other than tab and line breaks, lone surrogates, U+FFFE/U+FFFF) dropped. Intake
 * refuses control characters, but a reply or an old row is not intake's text.
 */
export function escapeText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
