import type { Principal } from '../../auth/keys.js';
import type { Services } from '../../services.js';
import { actorsAssignment, type ActionRequest, officeRef, runCaseAction } from './case-action.js';

export interface NoteInput {
  content: string;
}

/** An internal note (内部备注): on the record, never shown to the reporter. */
export function addNote(services: Services, actor: Principal, request: ActionRequest, input: NoteInput) {
  return runCaseAction(services, actor, 'add-note', request, (c) => {
    c.transition('add-note', { content: input.content, office: officeRef(actorsAssignment(c)) });
  });
}
