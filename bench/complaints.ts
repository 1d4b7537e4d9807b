/**
 * Synthetic complaints for benchmarks: sentences written for this project (not the corpus). Each
 * text reports one problem, as a real complaint does, filled to about 200 characters with details
 * of that same problem, so every request carries a distinct text and nearly every one is routed to
 * a lead department. (Texts padded with other problems went to triage 85 % of the time: the
 * benchmark then measured triage intakes, which write no assignments, mails or sign-for terms.)
 */
const OPENINGS = ['市民来电反映：', '群众通过12345热线反映，', '网友留言称，', '12369转来举报：', '居民投诉，'];
const PLACES = ['渝中区解放碑附近', '九龙坡区杨家坪某小区旁', '南岸区南坪万达后面', '江北区观音桥步行街', '沙坪坝区三峡广场周边', '两江新区某工业园', '北碚区某镇'];

/** One problem and details that only repeat it in other words. */
const PROBLEMS: Array<{ problem: string; details: string[] }> = [
  {
    problem: '一家化工厂长期排放刺鼻废气，晚上味道特别大',
    details: ['家里窗户一年到头都不敢打开', '老人小孩闻了以后咳嗽不止', '厂里的烟囱半夜还在冒黄烟', '那股气味像烂鸡蛋一样刺鼻', '附近好几栋居民楼都能闻到', '下雨天气压低的时候更加严重'],
  },
  {
    problem: '建筑工地没有围挡也不洒水，扬尘很大',
    details: ['阳台上每天都落一层厚厚的灰', '晾在外面的衣服收回来都脏了', '挖出来的土方裸露着也没有覆盖', '风一吹整条街都是灰蒙蒙的', '进出工地的车辆不冲洗轮胎', '路过的行人都要捂着口鼻走'],
  },
  {
    problem: '楼下新开的火锅店油烟直排，烟道就对着住户窗户',
    details: ['熏得屋里全是一股油味', '店里没有安装油烟净化设施', '每天中午和晚上都在往外排', '外墙都被油烟熏黑了一大片', '夏天开不了窗只能一直开空调', '排风机的声音也很吵'],
  },
  {
    problem: '工地晚上十一点以后还在打桩浇筑混凝土，噪音震耳欲聋',
    details: ['全家人整夜都睡不着觉', '孩子第二天还要早起上学', '已经连续一个多星期夜间施工', '没有看到任何夜间施工许可公示', '凌晨两点还有机械在轰鸣', '打电话给工地也没有人理'],
  },
  {
    problem: '小区外的河沟发黑发臭，水面漂着垃圾',
    details: ['夏天蚊虫滋生非常厉害', '走过河边都要捂着鼻子', '河水的颜色像墨汁一样', '岸边时常能看到死鱼', '以前清澈的小河变成了臭水沟', '上游好像有管子往河里排水'],
  },
  {
    problem: '有渣土车沿途撒漏泥土，路面全是泥',
    details: ['车一过就尘土滚滚', '路上的行人苦不堪言', '车厢没有密闭也没有盖篷布', '晚上成群结队地超速行驶', '下雨天路面又滑又脏', '电动车在泥上摔倒过好几次'],
  },
  {
    problem: '广场舞音响开得很大声，每天早晚两次',
    details: ['严重影响附近居民休息', '家里关着窗户也听得清清楚楚', '上门劝说过几次都不听', '音响正对着居民楼放', '晚上九点半以后还在跳', '家里有高三学生没法复习'],
  },
  {
    problem: '养猪场把猪粪直接排进水沟，臭气熏天',
    details: ['沟里的水都变成了黑色', '猪粪堆在路边没有人管', '周边田里的庄稼都受了影响', '苍蝇蚊子特别多', '下游村民家的井水都有异味', '养殖场也没有建化粪池'],
  },
];
/** Said of any problem: they add length, not another topic. */
const CIRCUMSTANCES = ['这种情况已经持续了半年多', '白天晚上都是这样', '周末的时候更加严重', '附近还有一所小学和一家医院', '之前也有邻居反映过', '物业说他们管不了'];
const CLOSINGS = ['，希望有关部门尽快调查处理。', '，已经反映多次，至今没有解决，请求督办。', '，请相关部门到现场核实并依法查处，谢谢！'];

export function syntheticComplaint(i: number): string {
  const pick = <T>(list: T[], k: number) => list[k % list.length]!;
  const { problem, details } = pick(PROBLEMS, i >> 2);
  const parts = [pick(OPENINGS, i) + pick(PLACES, i >> 1) + problem];
  // Each detail and circumstance once, starting where i says, so texts of the same problem differ.
  for (let k = 0; k < details.length; k++) parts.push(pick(details, (i >> 5) + k));
  for (let k = 0; k < CIRCUMSTANCES.length && parts.join('，').length < 180; k++) parts.push(pick(CIRCUMSTANCES, (i >> 3) + k));
  const text = parts.join('，') + pick(CLOSINGS, i >> 3);
  return `${text.slice(0, 196)}（${i % 10_000}）`;
}
