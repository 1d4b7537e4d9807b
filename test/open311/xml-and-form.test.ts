import fc from 'fast-check';
import t from 'tap';
import { parseOpen311Form } from '../../src/channels/open311/form.js';
import { escapeText, toXml } from '../../src/channels/open311/xml.js';
import { childrenNamed, field, parseXml } from '../helpers/xml.js';

/** What XML 1.0 can carry of a string: the characters escapeText keeps. */
const carried = (s: string) => [...s].filter((ch) => {
  const c = ch.codePointAt(0)!;
  if (c === 0x9 || c === 0xa || c === 0xd) return true;
  if (c < 0x20 || c === 0xfffe || c === 0xffff) return false;
  return !(c >= 0xd800 && c <= 0xdfff);
}).join('');

t.test('any text survives the XML round trip, markup characters included, and the document stays well-formed', async (t) => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
    const doc = parseXml(toXml('service_requests', [{ description: text, status: 'open' }]));
    const request = childrenNamed(doc, 'request')[0]!;
    // A parser normalises a lone carriage return and CRLF to a line feed (XML 1.0 §2.11).
    return field(request, 'description') === carried(text).replace(/\r\n?/g, '\n') && field(request, 'status') === 'open';
  }), { numRuns: 500 });
  t.equal(escapeText('<a href="x">&\'</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  t.equal(escapeText('废气\u0000\u0008超标\uD800'), '废气超标', 'characters XML cannot carry are dropped, not sent to break the parser');
  t.equal(escapeText('😀'), '😀', 'a surrogate pair is one character and stays');
});

t.test('lists take their item element names from Open311, and null is an empty element', async (t) => {
  const doc = parseXml(toXml('services', [{ service_code: 'a', keywords: null }, { service_code: 'b', keywords: 'x' }]));
  t.equal(doc.name, 'services');
  t.same(childrenNamed(doc, 'service').map((s) => field(s, 'service_code')), ['a', 'b']);
  t.equal(field(childrenNamed(doc, 'service')[0]!, 'keywords'), '');
  const definition = parseXml(toXml('service_definition', { attributes: [{ code: 'district', values: [{ key: '500103', name: '渝中区' }] }] }));
  t.equal(field(childrenNamed(childrenNamed(childrenNamed(definition, 'attributes')[0]!, 'attribute')[0]!.children.find((c) => c.name === 'values')!, 'value')[0]!, 'name'), '渝中区');
  t.throws(() => toXml('cases', [{ a: 1 }]), /no item name/, 'a list Open311 does not have is a programming error, not a guess');
});

t.test('a form body: attribute[code] nests, a repeated field becomes a list, __proto__ is only a field', async (t) => {
  t.same(parseOpen311Form('service_code=general&description=%E5%99%AA%E9%9F%B3+%E5%A4%A7&attribute%5Bdistrict%5D=500103&attribute[confidential]=true'), {
    service_code: 'general', description: '噪音 大', attribute: { district: '500103', confidential: 'true' },
  });
  t.same(parseOpen311Form('description=a&description=b'), { description: ['a', 'b'] }, 'two values are kept as two, for the schema to refuse');
  t.same(parseOpen311Form('attribute[purpose]=a&attribute[purpose]=b'), { attribute: { purpose: ['a', 'b'] } });
  const polluted = parseOpen311Form('__proto__[x]=1&__proto__=2&attribute[__proto__]=3');
  t.equal(Object.getPrototypeOf(polluted), Object.prototype);
  t.ok(Object.hasOwn(polluted, '__proto__'), 'an own field, which the schema refuses as unknown');
  t.equal(Object.getPrototypeOf(polluted.attribute), Object.prototype);
  t.equal(({} as Record<string, unknown>).x, undefined, 'nothing reached Object.prototype');
  t.same(parseOpen311Form(''), {});
});
