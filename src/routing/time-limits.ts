import type { Channel, Kind, Limits, TimeLimitsFile, Urgency } from '../catalogue/schema.js';

export interface LimitContext {
  channel: Channel;
  kind: Kind;
  urgency: Urgency;
  timeLimitClass: string;
}

/** The limits in force for a case: the defaults, then every matching override in file order. */
export function resolveLimits(policy: TimeLimitsFile, context: LimitContext): Limits {
  const limits: Limits = { ...policy.defaults };
  for (const { match, limits: override } of policy.overrides ?? []) {
    if (match.channel && !match.channel.includes(context.channel)) continue;
    if (match.kind && !match.kind.includes(context.kind)) continue;
    if (match.urgency && !match.urgency.includes(context.urgency)) continue;
    if (match.timeLimitClass && !match.timeLimitClass.includes(context.timeLimitClass)) continue;
    Object.assign(limits, override);
  }
  return limits;
}
