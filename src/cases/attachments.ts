import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { attachments } from '../../db/schema.js';
import { ApiError, invalidField } from '../errors.js';

export const ATTACHMENT_KINDS = ['reply-document', 'evidence', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = { 'reply-document': '答复意见书', evidence: '证据材料', other: '其他材料' };

/**
 * The file types taken, each with the bytes every such file starts with: the declared type is
 * checked against the content, so a script sent as image/png is refused, not stored and served.
 * Scans and phone photos are PDF, JPEG or PNG.
 */
const SIGNATURES: Record<string, readonly number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};
export const ATTACHMENT_TYPES = Object.keys(SIGNATURES);

export type AttachmentRow = typeof attachments.$inferSelect;
export type AttachmentSummary = Omit<AttachmentRow, 'content'>;

export interface Upload {
  kind: AttachmentKind;
  filename: string;
  contentType: string;
  content: Buffer;
}

/** 415 naming the content-type header, listing what is taken. */
export const unsupportedType = (given: string | undefined) => new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE',
  `content-type ${given ? `"${given}"` : 'missing'}: send the file as ${ATTACHMENT_TYPES.join(', ')}`, 'content-type');

/**
 * The file name as stored and sent back in Content-Disposition: what people name scans (答复意见书（盖章）.pdf),
 * not a path. Control characters and path separators are refused rather than stripped, so the name
 * on record is the name the uploader typed.
 */
export function checkFilename(raw: string | undefined): string {
  if (raw === undefined) throw invalidField('filename', 'is required: the file\'s name, e.g. 答复意见书.pdf');
  const name = raw.normalize('NFC').trim();
  if (name.length === 0 || name.length > 200) throw invalidField('filename', 'must be 1–200 characters');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f/\\]/.test(name) || name === '.' || name === '..') throw invalidField('filename', 'must be a file name, without path separators or control characters');
  return name;
}

/** The content against its declared type; the type's parameters (charset=…) are ignored. */
export function checkContent(contentType: string | undefined, content: Buffer): string {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const signature = SIGNATURES[type];
  if (!signature) throw unsupportedType(contentType);
  if (content.length === 0) throw invalidField('body', 'is empty: send the file\'s bytes as the body');
  if (!signature.every((byte, i) => content[i] === byte)) throw invalidField('body', `is not a ${type} file (its first bytes say otherwise)`);
  return type;
}

/** Files a case may hold: a reply document, its revisions and the evidence of a few rounds. */
export const MAX_FILES_PER_CASE = 50;
/** Bytes a case may hold, as a multiple of the largest file (HOTLINE_ATTACHMENT_LIMIT). */
export const CASE_BYTES_PER_FILE_LIMIT = 20;

/**
 * Refuses a file that would take the case past its share (409 ATTACHMENT_QUOTA): a key that may
 * upload, stolen or scripted, cannot fill the database through one case. Read in the action's
 * transaction, so two uploads at once cannot both slip under the limit.
 */
export function checkCaseQuota(db: Db, caseId: number, size: number, maxFileBytes: number): void {
  const held = db.$client.prepare('SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes FROM attachments WHERE case_id = ?').get(caseId) as { files: number; bytes: number };
  const maxBytes = maxFileBytes * CASE_BYTES_PER_FILE_LIMIT;
  if (held.files >= MAX_FILES_PER_CASE) throw new ApiError(409, 'ATTACHMENT_QUOTA', `case ${caseId} already holds ${held.files} files, the most a case may hold`);
  if (held.bytes + size > maxBytes) {
    throw new ApiError(409, 'ATTACHMENT_QUOTA', `case ${caseId} holds ${held.bytes} bytes of files; this one (${size}) would take it past ${maxBytes} (${CASE_BYTES_PER_FILE_LIMIT} × HOTLINE_ATTACHMENT_LIMIT)`);
  }
}

export function insertAttachment(db: Db, caseId: number, upload: Upload, by: { keyId: string; office: { department: string; district: string | null } | null }, at: Date): AttachmentSummary {
  const sha256 = createHash('sha256').update(upload.content).digest('hex');
  const row = db.insert(attachments).values({
    caseId, kind: upload.kind, filename: upload.filename, contentType: upload.contentType, size: upload.content.length, sha256,
    content: upload.content, uploadedBy: by.keyId, office: by.office, uploadedAt: at,
  }).returning({ id: attachments.id }).get();
  return { id: row.id, caseId, kind: upload.kind, filename: upload.filename, contentType: upload.contentType, size: upload.content.length, sha256, uploadedBy: by.keyId, office: by.office, uploadedAt: at };
}

const SUMMARY_COLUMNS = {
  id: attachments.id, caseId: attachments.caseId, kind: attachments.kind, filename: attachments.filename, contentType: attachments.contentType,
  size: attachments.size, sha256: attachments.sha256, uploadedBy: attachments.uploadedBy, office: attachments.office, uploadedAt: attachments.uploadedAt,
};

/** A case's attachments without their bytes, in upload order. */
export function listAttachments(db: Db, caseId: number): AttachmentSummary[] {
  return db.select(SUMMARY_COLUMNS).from(attachments).where(eq(attachments.caseId, caseId)).orderBy(asc(attachments.id)).all();
}

export function findAttachment(db: Db, caseId: number, id: number): AttachmentSummary | undefined {
  return db.select(SUMMARY_COLUMNS).from(attachments).where(and(eq(attachments.caseId, caseId), eq(attachments.id, id))).get();
}

export function attachmentContent(db: Db, id: number): Buffer {
  return db.select({ content: attachments.content }).from(attachments).where(eq(attachments.id, id)).get()!.content;
}

export function attachmentView(a: AttachmentSummary, formatTime: (d: Date) => string) {
  return {
    id: String(a.id), kind: a.kind, label: ATTACHMENT_KIND_LABELS[a.kind], filename: a.filename, contentType: a.contentType,
    size: a.size, sha256: a.sha256, office: a.office, uploadedAt: formatTime(a.uploadedAt),
  };
}
