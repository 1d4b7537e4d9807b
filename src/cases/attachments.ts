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
