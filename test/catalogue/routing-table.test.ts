import t from 'tap';
import { loadCatalogues } from '../../src/catalogue/registry.js';
import { classify } from '../../src/classify/classify.js';
import { RULES_DIR } from '../helpers/app.js';

const catalogues = loadCatalogues(RULES_DIR, ['chongqing', 'shanghai']);

/**
 * Every row of DOMAIN.md's routing table, as a complaint a caller might phrase, with the lead each
 * city's catalogue must give. Where the cities differ, the difference is the catalogue's, not code's.
 */
const ROWS: Array<{ row: string; text: string; chongqing: string; shanghai: string }> = [
  { row: 'industrial waste gas', text: '化工厂烟囱天天冒黄烟，排放废气，呛得人咳嗽', chongqing: 'ecology-environment', shanghai: 'ecology-environment' },
  { row: 'odour from plants', text: '附近橡胶厂一到晚上就散发刺鼻的臭味', chongqing: 'ecology-environment', shanghai: 'ecology-environment' },
  { row: 'construction-site dust', text: '建筑工地没有围挡也不洒水，扬尘满天飞', chongqing: 'housing-construction', shanghai: 'housing-construction' },
  { row: 'road dust, muck trucks', text: '渣土车沿路撒漏泥土，马路上灰尘很大', chongqing: 'urban-management', shanghai: 'urban-management' },
  { row: 'restaurant fumes', text: '楼下餐馆的油烟直接排到我家窗户，熏得不敢开窗', chongqing: 'urban-management', shanghai: 'ecology-environment' },
  { row: 'open-air barbecue', text: '小区门口每天晚上有人摆露天烧烤，烟熏火燎', chongqing: 'urban-management', shanghai: 'urban-management' },
  { row: 'burning garbage or leaves', text: '有人在路边焚烧垃圾和树叶，烟很大', chongqing: 'urban-management', shanghai: 'urban-management' },
  { row: 'black-smoke vehicles', text: '有辆货车冒黑烟，尾气特别严重，车牌号渝A12345', chongqing: 'public-security', shanghai: 'public-security' },
  { row: 'straw burning', text: '村里有人在田里焚烧秸秆，烟雾很大', chongqing: 'territorial', shanghai: 'agriculture-rural' },
  { row: 'industrial noise', text: '隔壁工厂车间机器轰鸣，噪音很大，吵得睡不着', chongqing: 'ecology-environment', shanghai: 'ecology-environment' },
  { row: 'construction noise (daytime)', text: '工地中午也在施工，打桩声音太吵了', chongqing: 'housing-construction', shanghai: 'housing-construction' },
  { row: 'renovation noise', text: '楼上邻居装修，电钻砸墙的声音从早响到晚', chongqing: 'public-security', shanghai: 'public-security' },
  { row: 'square dancing', text: '广场舞音响开得太大声，每天晚上都扰民', chongqing: 'public-security', shanghai: 'public-security' },
  { row: 'shop loudspeakers', text: '商铺门口用大喇叭循环播放促销广告，吵死了', chongqing: 'urban-management', shanghai: 'urban-management' },
  { row: 'traffic noise, 炸街', text: '每天深夜有改装摩托车炸街，轰鸣声吓人', chongqing: 'public-security', shanghai: 'public-security' },
  { row: 'highway noise barriers', text: '小区紧挨高速公路，车辆噪音大，希望加装隔音屏', chongqing: 'transport', shanghai: 'transport' },
  { row: 'industrial waste water', text: '造纸厂偷偷往河里直排工业废水', chongqing: 'ecology-environment', shanghai: 'ecology-environment' },
  { row: 'domestic sewage, broken sewers', text: '小区污水管道破裂，生活污水流到路上', chongqing: 'housing-construction', shanghai: 'water' },
  { row: 'rivers and sand mining', text: '有人在江边非法采砂，挖沙船日夜作业', chongqing: 'water', shanghai: 'water' },
  { row: 'soil erosion', text: '开发商挖山后不做防护，造成严重水土流失', chongqing: 'water', shanghai: 'water' },
  { row: 'livestock manure', text: '养猪场的猪粪直接排进水沟，臭气熏天', chongqing: 'agriculture-rural', shanghai: 'agriculture-rural' },
  { row: 'fishing ban', text: '禁渔期还有人在长江里电鱼', chongqing: 'agriculture-rural', shanghai: 'agriculture-rural' },
  { row: 'hazardous solid waste', text: '有工厂把危险废物废油桶随意丢在空地上', chongqing: 'ecology-environment', shanghai: 'ecology-environment' },
  { row: 'construction waste', text: '有人在荒地上乱倒建筑垃圾', chongqing: 'urban-management', shanghai: 'urban-management' },
  // Shanghai runs its sanitation facilities through 绿化和市容管理局, its city-appearance authority.
  { row: 'garbage transfer station', text: '垃圾中转站臭味很大，夏天苍蝇成群', chongqing: 'urban-management', shanghai: 'greening-cityscape' },
  { row: 'electromagnetic radiation', text: '楼顶新装了通信基站，担心电磁辐射影响健康', chongqing: 'ecology-environment', shanghai: 'ecology-environment' },
  { row: 'felling', text: '有人在山上乱砍滥伐，毁坏林木', chongqing: 'forestry', shanghai: 'greening-cityscape' },
  { row: 'wildlife', text: '有人在湿地张网捕鸟，贩卖野生动物', chongqing: 'forestry', shanghai: 'greening-cityscape' },
  { row: 'illegal mining, quarries', text: '有人无证非法开采石料，私挖乱采', chongqing: 'planning-natural-resources', shanghai: 'planning-natural-resources' },
  { row: 'contaminated land', text: '原化工厂搬走后的地块土壤污染，现在要建小区', chongqing: 'ecology-environment', shanghai: 'ecology-environment' },
];

for (const code of ['chongqing', 'shanghai'] as const) {
  t.test(`${code}: every row of the routing table reaches its lead department`, async (t) => {
    const { catalogue, classifier } = catalogues.get(code)!;
    for (const row of ROWS) {
      const result = classify(classifier, row.text);
      const lead = result.matter ? catalogue.mattersByCode.get(result.matter.code)!.lead : null;
      t.equal(lead, row[code], `${row.row}: ${result.matter?.code ?? 'no matter'} (${result.confidence})`);
    }
  });
}
