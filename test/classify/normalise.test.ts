import t from 'tap';
import { normalise } from '../../src/classify/normalise.js';

t.test('full-width letters, digits and punctuation become half-width, letters lower case', async (t) => {
  t.equal(normalise('ＰＭ２．５超标，ＫＴＶ噪音'), 'pm2.5超标,ktv噪音');
});

t.test('traditional characters become simplified', async (t) => {
  t.equal(normalise('工廠噪音擾民，氣味難聞'), '工厂噪音扰民,气味难闻');
});

t.test('whitespace of every kind is removed, so split words still match', async (t) => {
  t.equal(normalise('夜间\u3000施 工\n噪\t声'), '夜间施工噪声');
});

t.test('characters outside the tables pass through unchanged, surrogate pairs included', async (t) => {
  t.equal(normalise('𠮷野家の油烟'), '𠮷野家の油烟');
});

t.test('a text longer than one conversion chunk survives whole', async (t) => {
  const text = '噪'.repeat(10_000);
  t.equal(normalise(text), text);
});
