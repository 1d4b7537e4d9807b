import { Type } from '@sinclair/typebox';
import { ATTACHMENT_KINDS } from '../../src/cases/attachments.js';
import { NullableObject, NullableString, StringEnum } from './common.js';
import { ActionResult } from './lifecycle.js';

export const AttachmentQuery = Type.Object({
  kind: StringEnum(ATTACHMENT_KINDS, { description: 'reply-document: the signed reply document (答复意见书) a reply names; evidence: what the reporter sent (photos, recordings as PDF); other' }),
  filename: Type.String({ minLength: 1, maxLength: 200, description: 'the file\'s name as people will see it, e.g. 答复意见书（盖章）.pdf; no path separators' }),
}, { additionalProperties: false });

export const AttachmentParams = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'case id' }),
  attachmentId: Type.String({ pattern: '^[0-9]{1,15}$', description: 'attachment id' }),
});

export const AttachmentView = Type.Object({
  id: Type.String(),
  kind: StringEnum(ATTACHMENT_KINDS),
  label: Type.String({ description: '答复意见书, 证据材料, 其他材料' }),
  filename: Type.String(),
  contentType: Type.String(),
  size: Type.Integer({ description: 'bytes' }),
  sha256: Type.String({ description: 'of the content, hex: what the audit trail recorded at upload' }),
  office: NullableObject(Type.Object({ department: Type.String(), district: NullableString() }), { description: 'the uploading handler\'s office; null for operators and supervisors' }),
  uploadedAt: Type.String(),
});

export const AttachmentList = Type.Object({ items: Type.Array(AttachmentView) });

export const AttachmentResult = Type.Composite([ActionResult, Type.Object({ attachment: AttachmentView })]);
