/**
 * What one Sumsub webhook says about an applicant or an applicant action, as the KYC upserts take
 * it. Pure: reads the envelope, decides which field groups the event carries (a group is null when
 * the event does not carry it, so an older event may still fill it: field-wise latest time).
 */
import type { CloudEventEnvelope } from '../../../../generated/asyncapi/types.ts';
import type { SumsubApplicantWebhook } from '../../../../generated/asyncapi/types.ts';
import { kycVersionOf, type KycVersion } from './kycVersion.ts';

/** A Sumsub envelope as the projectors receive it (`data` validated for its type). */
export interface SumsubEnvelope extends Pick<CloudEventEnvelope, 'time' | 'vfreceivedat' | 'id'> {
  readonly data: SumsubApplicantWebhook;
  readonly [attribute: string]: unknown;
}

/** The verdict group: `reviewResult` of the event. All null: the verdict was cleared. */
export interface KycVerdict {
  readonly answer: string | null;
  readonly rejectLabels: readonly string[] | null;
  readonly rejectType: string | null;
  readonly moderationComment: string | null;
}

/** One event's change to `kyc_applicants`. */
export interface KycApplicantChange {
  readonly applicantId: string;
  /** Sumsub `type`, e.g. `applicantReviewed`. */
  readonly webhookType: string;
  readonly version: KycVersion;
  readonly externalUserId: string | null;
  readonly inspectionId: string | null;
  readonly sandbox: boolean | null;
  /** Null: the event does not carry a level. */
  readonly levelName: string | null;
  /** Null: the event does not carry a review status. */
  readonly reviewStatus: string | null;
  /** Null: the event does not carry a verdict. */
  readonly verdict: KycVerdict | null;
  /** Set by applicantDeleted: the envelope time of the deletion. */
  readonly deletedAt: string | null;
}

/** One event's change to `kyc_applicant_actions`. */
export interface KycActionChange {
  readonly applicantActionId: string;
  readonly applicantId: string;
  readonly webhookType: string;
  readonly version: KycVersion;
  readonly externalActionId: string | null;
  readonly reviewStatus: string | null;
  readonly verdict: KycVerdict | null;
}

/** How a webhook type treats the applicant beyond the fields it carries. */
export interface KycApplicantRule {
  /** `fromPayload`: the verdict is `reviewResult` when it has an answer; `clear`: the event clears it (applicantReset). */
  readonly verdict: 'fromPayload' | 'clear';
  /** applicantDeleted: set the tombstone. */
  readonly tombstone: boolean;
}

/** The rule of most applicant webhooks. */
export const carriedFieldsOnly: KycApplicantRule = { verdict: 'fromPayload', tombstone: false };

const clearedVerdict: KycVerdict = { answer: null, rejectLabels: null, rejectType: null, moderationComment: null };

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Sumsub sends the sandbox flag as a boolean, older payloads as the string "true"/"false". */
function flag(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return null;
}

/** The verdict in `reviewResult`, or null when the event carries none (no `reviewAnswer`). */
function verdictOf(data: SumsubApplicantWebhook): KycVerdict | null {
  const result = data.reviewResult;
  const answer = text(result?.reviewAnswer);
  if (result === undefined || answer === null) return null;
  const labels = Array.isArray(result.rejectLabels) ? result.rejectLabels.filter((l): l is string => typeof l === 'string') : null;
  return { answer, rejectLabels: labels, rejectType: text(result.reviewRejectType), moderationComment: text(result.moderationComment) };
}

/** The change an applicant webhook makes under `rule`. */
export function kycApplicantChange(event: SumsubEnvelope, rule: KycApplicantRule = carriedFieldsOnly): KycApplicantChange {
  const { data } = event;
  const version = kycVersionOf(event);
  return {
    applicantId: data.applicantId,
    webhookType: data.type,
    version,
    externalUserId: text(data.externalUserId),
    inspectionId: text(data.inspectionId),
    sandbox: flag(data.sandboxMode),
    levelName: text(data.levelName),
    reviewStatus: text(data.reviewStatus),
    verdict: rule.verdict === 'clear' ? clearedVerdict : verdictOf(data),
    deletedAt: rule.tombstone ? version.time : null,
  };
}

/** The change an applicant action webhook makes. */
export function kycActionChange(event: SumsubEnvelope & { readonly data: { readonly applicantActionId: string } }): KycActionChange {
  const { data } = event;
  return {
    applicantActionId: data.applicantActionId,
    applicantId: data.applicantId,
    webhookType: data.type,
    version: kycVersionOf(event),
    externalActionId: text(data.externalApplicantActionId),
    reviewStatus: text(data.reviewStatus),
    verdict: verdictOf(data),
  };
}
