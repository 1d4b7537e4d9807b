import fc from 'fast-check';
import t from 'tap';
import { KeywordAutomaton } from '../../src/classify/automaton.js';

/** The reference the automaton must agree with: every term that occurs, found by indexOf. */
const naive = (terms: string[], text: string) => new Set(terms.map((term, i) => (text.includes(term) ? i : -1)).filter((i) => i >= 0));

t.test('finds overlapping and nested terms in one pass', async (t) => {
  const terms = ['施工', '夜间施工', '工地', '噪声', '施工噪声', '声'];
  const automaton = new KeywordAutomaton(terms);
  const found = automaton.distinctMatches('工地夜间施工噪声大').map((i) => terms[i]);
  t.same(new Set(found), new Set(['工地', '夜间施工', '施工', '施工噪声', '噪声', '声']));
});

t.test('reports each term once however often it occurs', async (t) => {
  const automaton = new KeywordAutomaton(['臭']);
  t.same(automaton.distinctMatches('臭臭臭，好臭'), [0]);
  t.same(automaton.distinctMatches('没有问题'), []);
});

t.test('agrees with a naive search on random texts over a small alphabet', async () => {
  const char = fc.constantFrom('施', '工', '噪', '声', '臭', 'a', 'b');
  const word = fc.array(char, { minLength: 1, maxLength: 4 }).map((cs) => cs.join(''));
  fc.assert(fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 12 }), fc.array(char, { maxLength: 60 }).map((cs) => cs.join('')), (terms, text) => {
    const automaton = new KeywordAutomaton(terms);
    const found = new Set(automaton.distinctMatches(text));
    const expected = naive(terms, text);
    return found.size === expected.size && [...expected].every((i) => found.has(i));
  }), { numRuns: 500 });
});

t.test('a reused automaton forgets the previous text', async (t) => {
  const automaton = new KeywordAutomaton(['噪声', '臭味']);
  t.same(automaton.distinctMatches('噪声'), [0]);
  t.same(automaton.distinctMatches('臭味'), [1]);
});

t.test('refuses an empty term, which would match everywhere', async (t) => {
  t.throws(() => new KeywordAutomaton(['噪声', '']), /empty term/);
});
