/**
 * Synthetic complaints for benchmarks: sentences written for this project (not the corpus),
 * combined into texts of about 200 characters, so every request carries a distinct text.
 */
const OPENINGS = ['市民来电反映：', '群众通过12345热线反映，', '网友留言称，', '12369转来举报：', '居民投诉，'];
const PLACES = ['渝中区解放碑附近', '九龙坡区杨家坪某小区旁', '南岸区南坪万达后面', '江北区观音桥步行街', '沙坪坝区三峡广场周边', '两江新区某工业园', '北碚区某镇'];
const PROBLEMS = [
  '一家化工厂长期排放刺鼻废气，晚上味道特别大，家里窗户都不敢开，老人小孩咳嗽不止',
  '建筑工地没有围挡也不洒水，扬尘很大，阳台上每天都是一层灰，晾的衣服都脏了',
  '楼下新开的火锅店油烟直排，烟道就对着住户窗户，熏得屋里全是油味',
  '工地晚上十一点以后还在打桩浇筑混凝土，噪音震耳欲聋，全家人都睡不着觉',
  '小区外的河沟发黑发臭，水面漂着垃圾，夏天蚊虫滋生，希望尽快清理',
  '有渣土车沿途撒漏泥土，路面全是泥，车一过灰尘滚滚，行人苦不堪言',
  '广场舞音响开得很大声，每天早晚两次，严重影响附近居民休息',
  '养猪场把猪粪直接排进水沟，臭气熏天，沟里的水都变黑了',
];
const CLOSINGS = ['，希望有关部门尽快调查处理。', '，已经反映多次，至今没有解决，请求督办。', '，请相关部门到现场核实并依法查处，谢谢！'];

export function syntheticComplaint(i: number): string {
  const pick = <T>(list: T[], k: number) => list[k % list.length]!;
  let text = pick(OPENINGS, i) + pick(PLACES, i >> 1) + pick(PROBLEMS, i >> 2) + pick(CLOSINGS, i >> 3);
  while (text.length < 200) text += pick(PROBLEMS, i + text.length) + '。';
  return `${text.slice(0, 196)}（${i % 10_000}）`;
}
