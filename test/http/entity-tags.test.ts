import t from 'tap';
import { isNotModified, parseEntityTagList } from '../../src/http/entity-tags.js';

t.test('If-None-Match lists are read as RFC 9110 writes them', async (t) => {
  t.same(parseEntityTagList('"a"'), [{ weak: false, opaque: 'a' }]);
  t.same(parseEntityTagList(' W/"a" ,\t"b"'), [{ weak: true, opaque: 'a' }, { weak: false, opaque: 'b' }]);
  t.same(parseEntityTagList('"a,b", "c"'), [{ weak: false, opaque: 'a,b' }, { weak: false, opaque: 'c' }], 'a comma inside a tag is part of it');
  t.same(parseEntityTagList(', "a",, "b" ,'), [{ weak: false, opaque: 'a' }, { weak: false, opaque: 'b' }], 'empty list elements are skipped');
  t.same(parseEntityTagList('""'), [{ weak: false, opaque: '' }]);
  t.equal(parseEntityTagList(' * '), '*');
  for (const bad of ['a', '"a', 'W/a', 'w/"a"', '"a" "b"', '"a"b', '"a b"', '*, "a"', '', ' , ']) {
    t.equal(parseEntityTagList(bad), null, JSON.stringify(bad));
  }
});

t.test('weak comparison: W/ on either side is ignored, the opaque part must be equal', async (t) => {
  const strong = { weak: false, opaque: '3-abc' };
  t.ok(isNotModified('W/"3-abc"', strong));
  t.ok(isNotModified('"3-abc"', { weak: true, opaque: '3-abc' }));
  t.notOk(isNotModified('"3-ab"', strong));
  t.notOk(isNotModified('"3-abcd"', strong));
  t.notOk(isNotModified('"3"', strong), 'a bare version does not name a GET body');
  t.notOk(isNotModified(undefined, strong));
});
