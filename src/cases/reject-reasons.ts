/** 不予受理 reasons: the codes the API takes and the words the reporter reads. */
export const REJECT_REASONS = ['out_of_scope', 'insufficient_information', 'other_procedure', 'duplicate'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** The reasons as the reporter reads them (citizen lookup, the 不予受理告知 mail). */
export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  out_of_scope: '不属于本热线受理范围',
  insufficient_information: '反映的信息不足，无法核实办理',
  other_procedure: '应当通过其他法定途径解决',
  duplicate: '与正在办理的诉求重复',
};
