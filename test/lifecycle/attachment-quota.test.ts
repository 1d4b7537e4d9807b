import t from 'tap';
import { CASE_BYTES_PER_FILE_LIMIT, MAX_FILES_PER_CASE } from '../../src/cases/attachments.js';
import { FILES, must, startLifecycleApp, TEXTS } from './fixtures/harness.js';

const FILE_LIMIT = 1000;
const ctx = await startLifecycleApp({ env: { HOTLINE_ATTACHMENT_LIMIT: String(FILE_LIMIT) } });
t.teardown(ctx.close);
const count = (id: string) => ctx.snapshot(id).attachments.length;

t.test(`a case holds at most ${MAX_FILES_PER_CASE} files; the next is refused and nothing changes`, async (t) => {
  const c = await ctx.intake(TEXTS.construction);
  for (let i = 0; i < MAX_FILES_PER_CASE; i++) await must(ctx.upload(c.id, 'housingYuzhong', FILES.jpeg, { kind: 'evidence', filename: `现场${i}.jpg` }, 'image/jpeg'));
  const before = ctx.snapshot(c.id);
  const res = await ctx.upload(c.id, 'housingYuzhong', FILES.jpeg, { kind: 'evidence', filename: '现场51.jpg' }, 'image/jpeg');
  t.equal(res.statusCode, 409);
  t.match(res.json(), { code: 'ATTACHMENT_QUOTA', message: new RegExp(`already holds ${MAX_FILES_PER_CASE} files`) });
  t.same(ctx.snapshot(c.id), before, 'no file, no event, no new version');
  const other = await ctx.intake(TEXTS.fumes);
  t.equal((await ctx.upload(other.id, 'urbanJiangbei', FILES.jpeg, { kind: 'evidence', filename: 'a.jpg' }, 'image/jpeg')).statusCode, 201, 'the quota is per case');
});

t.test(`and at most ${CASE_BYTES_PER_FILE_LIMIT} × HOTLINE_ATTACHMENT_LIMIT bytes`, async (t) => {
  const c = await ctx.intake(TEXTS.construction);
  const pdf = Buffer.concat([FILES.pdf, Buffer.alloc(900 - FILES.pdf.length, 0x20)]);
  const fits = Math.floor((CASE_BYTES_PER_FILE_LIMIT * FILE_LIMIT) / pdf.length);
  for (let i = 0; i < fits; i++) await must(ctx.upload(c.id, 'housingYuzhong', pdf, { filename: `答复意见书${i}.pdf` }));
  const res = await ctx.upload(c.id, 'housingYuzhong', pdf, { filename: '再一份.pdf' });
  t.equal(res.statusCode, 409);
  t.match(res.json().message, new RegExp(`holds ${fits * pdf.length} bytes of files; this one \\(900\\) would take it past ${CASE_BYTES_PER_FILE_LIMIT * FILE_LIMIT}`));
  t.equal(count(c.id), fits);
});
