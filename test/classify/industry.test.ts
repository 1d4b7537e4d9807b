import { join } from 'node:path';
import t from 'tap';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { compileCatalogue } from '../../src/catalogue/registry.js';
import { classify } from '../../src/classify/classify.js';
import { bearer, RULES_DIR, startTestApp } from '../helpers/app.js';

const chongqing = compileCatalogue(loadCatalogue(RULES_DIR, 'chongqing'));
const fixture = compileCatalogue(loadCatalogue(join(import.meta.dirname, '..', 'fixtures', 'rules'), 'testcity'));

t.test('a matter that names its industry decides it, whatever else the text mentions', async (t) => {
  const c = classify(chongqing.classifier, '楼下新开的火锅店油烟直排，旁边工地也很吵');
  t.equal(c.matter?.code, 'restaurant-fumes');
  t.same(c.industry, { code: 'catering', title: '餐饮业', basis: 'matter', matchedTerms: [] });
  t.same(c.subTypes, chongqing.catalogue.mattersByCode.get('restaurant-fumes')!.subTypes, 'sub-types are the matter\'s');
  t.ok(c.subTypes.includes('air-cooking-fumes'));
});

t.test('otherwise the terms of the text name the industry, the reported entity included', async (t) => {
  const chemical = classify(chongqing.classifier, '一家化工厂长期排放刺鼻废气，晚上味道特别大');
  t.same([chemical.industry?.code, chemical.industry?.basis, chemical.industry?.matchedTerms], ['chemical', 'keywords', ['化工厂']]);
  // The entity's name is classified with the content (decide.ts joins them): 汽修厂 is only there.
  const repair = classify(chongqing.classifier, '喷漆味道很大，熏得人头疼\n某某汽修厂');
  t.equal(repair.industry?.code, 'vehicle-repair');
  // Full-width and traditional characters are read as keywords are.
  t.equal(classify(chongqing.classifier, '某ＫＴＶ晚上音樂聲太大，吵得睡不著').industry?.code, 'entertainment');
});

t.test('a term inside a longer term found at the same place does not count', async (t) => {
  // 洗水厂 (a garment laundry) contains 水厂 (waterworks): only the longer one speaks.
  // 橡胶厂 contains 胶厂 (a glue works, chemical, listed first): counted too, the tie would go to chemical.
  const rubber = classify(chongqing.classifier, '附近一家橡胶厂晚上排放臭气');
  t.same([rubber.industry?.code, rubber.industry?.matchedTerms], ['rubber-plastics', ['橡胶厂']]);
  const laundry = classify(chongqing.classifier, '附近一家洗水厂把废水直接排进河里，河水变成蓝色');
  t.same([laundry.industry?.code, laundry.industry?.matchedTerms], ['textile', ['洗水厂']], '洗水厂 is a garment laundry, not 水厂 a waterworks');
});

t.test('nothing named, no industry; ties go to the industry listed first', async (t) => {
  t.equal(classify(chongqing.classifier, '小区楼下广场舞音响声音太大，每天晚上跳到十点').industry, null, 'a square dance is no industry');
  // The test catalogue lists construction before catering; 工地 and 饭店 are one term each.
  const tie = classify(fixture.classifier, '饭店和工地那边都有一股异味');
  t.equal(tie.matter?.code, 'factory-odour', 'a matter without an industry of its own');
  t.same([tie.industry?.code, tie.industry?.matchedTerms], ['construction', ['工地']]);
  const more = classify(fixture.classifier, '饭店、火锅店和工地都有异味');
  t.same([more.industry?.code, more.industry?.matchedTerms.sort()], ['catering', ['火锅店', '饭店']], 'two terms beat one');
  const none = classify(fixture.classifier, '完全无关的一句话');
  t.same([none.matter, none.subTypes, none.industry], [null, [], null], 'no matter: no sub-types, and no industry without a term');
});

t.test('a place named as a landmark is not the entity, unless nothing else is named', async (t) => {
  // The test catalogue's factory-odour names no industry, so the text decides; construction is listed
  // first and would take a tie of one term each.
  const site = classify(fixture.classifier, '工地旁边的饭店有一股异味');
  t.same([site.industry?.code, site.industry?.matchedTerms], ['catering', ['饭店']], '工地旁边 says where the restaurant is');
  const only = classify(fixture.classifier, '我家住在工地旁边，天天有异味');
  t.same([only.industry?.code, only.industry?.matchedTerms], ['construction', ['工地']], 'the only place named is the source');
  const both = classify(fixture.classifier, '工地附近的饭店门口有异味');
  t.same([both.industry?.code, both.industry?.matchedTerms], ['construction', ['工地']], 'both landmarks: every term counts again, the tie to the first listed');
  // The real catalogue lists retail before transport: the market across the road is not the source.
  const depot = classify(chongqing.classifier, '菜市场对面的物流园货车整夜轰鸣');
  t.same([depot.industry?.code, depot.industry?.matchedTerms], ['transport', ['物流园']]);
  const west = classify(chongqing.classifier, '加油站西边的物流园晚上货车进出，噪音很大');
  t.equal(west.industry?.code, 'transport', 'a side of a place (西边) makes it a landmark too');
  t.equal(classify(chongqing.classifier, '超市北门堆满纸箱，还有物流园的车').industry?.code, 'retail', '北门 is the supermarket\'s own gate: a bare point of the compass is no landmark');
});

t.test('the reported entity is classified after the content, and a landmark word never reaches across into it', async (t) => {
  const ctx = await startTestApp();
  t.teardown(ctx.close);
  const key = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
  const classifyWith = async (reportedEntity: string) => (await ctx.app.inject({
    method: 'POST', url: '/api/v1/classify', headers: bearer(key),
    payload: { jurisdiction: 'chongqing', channel: '12345', content: '楼下超市的冷柜一直响，气味刺鼻的是对面的化工厂', reportedEntity },
  })).json().classification.industry;
  t.match(await classifyWith('某某化工有限公司'), { code: 'chemical' });
  t.match(await classifyWith('南岸区某某化工有限公司'), { code: 'chemical' }, '化工厂 then 南岸区…: the district of the entity is no landmark word');
});
