import type { Principal } from '../../auth/keys.js';
import type { Services } from '../../services.js';
import { type AttachmentSummary, checkCaseQuota, insertAttachment, type Upload } from '../attachments.js';
import { actorsAssignment, type ActionRequest, runCaseAction } from './case-action.js';

/**
 * 上传附件: a file becomes part of an open case's record, with an event naming it and its SHA-256,
 * so the audit trail says who added which bytes when. Who may: whoever may add a note (operators of
 * the case's channel, the offices holding it, supervisors). A case holds at most MAX_FILES_PER_CASE
 * files and CASE_BYTES_PER_FILE_LIMIT times the largest file's bytes.
 */
export function attachFile(services: Services, actor: Principal, request: ActionRequest, upload: Upload, maxFileBytes: number) {
  return runCaseAction(services, actor, 'attach', request, (c): AttachmentSummary => {
    checkCaseQuota(c.tx, c.row.id, upload.content.length, maxFileBytes);
    const held = actorsAssignment(c);
    const office = held ? { department: held.department, district: held.districtCode } : null;
    const stored = insertAttachment(c.tx, c.row.id, upload, { keyId: c.actor.keyId, office }, c.now);
    c.transition('attach', {
      attachmentId: String(stored.id), kind: stored.kind, filename: stored.filename, contentType: stored.contentType, size: stored.size, sha256: stored.sha256,
    });
    return stored;
  });
}
