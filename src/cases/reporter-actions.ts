import { ApiError } from '../errors.js';
import type { Services } from '../services.js';
import { type CallbackInput, recordCallback } from './commands/callback.js';
import { requestReview, type ReviewRequestInput } from './commands/review.js';
import { reporterOf } from './policies.js';
import type { CaseRow } from './repository.js';

/**
 * What a reporter does on their own case from the public pages, once its codes were checked: the
 * same commands as the hotline's, taken as the reporter (the audit trail says so), answered in
 * words for citizens. The staff API's refusals name states and actions; these say what it means.
 */

/** 满意度评价: the reporter's verdict on the reply, recorded as its callback (回访). Unsatisfied reopens it as the hotline's callback does. */
export function evaluateReply(services: Services, row: CaseRow, input: CallbackInput): void {
  forCitizens(() => recordCallback(services, reporterOf(row), { caseId: row.id }, input), {
    INVALID_TRANSITION: ['EVALUATION_NOT_OPEN', '该工单目前没有待评价的答复：尚未答复，或已并入其他工单办理。'],
    CALLBACK_ALREADY_RECORDED: ['EVALUATION_NOT_OPEN', '这次答复已经评价过了（热线回访或您的网上评价）。'],
  });
}

/** 复查申请 (12369): within the window after the reply, once per case. */
export function askForReview(services: Services, row: CaseRow, input: ReviewRequestInput): void {
  forCitizens(() => requestReview(services, reporterOf(row), { caseId: row.id }, input), {
    INVALID_TRANSITION: ['REVIEW_NOT_OPEN', '该工单尚未答复，或已并入其他工单办理，暂不能申请复查。'],
    REVIEW_NOT_AVAILABLE: ['REVIEW_NOT_AVAILABLE', '复查适用于通过12369反映的工单；12345工单如不满意，请在回访时告知或再次来电。'],
    REVIEW_WINDOW_CLOSED: ['REVIEW_WINDOW_CLOSED', '已超过复查申请期限（答复后30日内）。'],
    REVIEW_ALREADY_REQUESTED: ['REVIEW_ALREADY_REQUESTED', '该工单已经申请过复查；对复查意见不服的，可向上一级机关申请复核。'],
  });
}

function forCitizens(run: () => unknown, messages: Record<string, [code: string, message: string]>): void {
  try {
    run();
  } catch (error) {
    const said = error instanceof ApiError ? messages[error.code] : undefined;
    if (said) throw new ApiError(409, said[0], said[1]);
    throw error;
  }
}
