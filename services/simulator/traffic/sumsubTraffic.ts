/**
 * The Sumsub side of the simulated traffic: several applicants verifying at once, each following
 * its planned flow ({@link planSumsubFlow}), their webhooks interleaved. `createdAtMs` increases
 * strictly per applicant, as receivers that keep only the latest state rely on. Pure: the clock
 * is an argument.
 */
import { sumsubEventType, type EventType } from '../../../generated/asyncapi/catalogue.ts';
import type { SumsubApplicantWebhook } from '../../../generated/asyncapi/types.ts';
import { sumsubTimestamp, uuid } from './ids.ts';
import { createPrng, type Prng } from './prng.ts';
import { planSumsubFlow, type SumsubStep, type SumsubWebhookName } from './sumsubFlows.ts';

/** The versioned types of Sumsub webhooks. */
export type SumsubWebhookType = Extract<EventType, `sumsub.${string}`>;

/** One generated Sumsub webhook, before signing. */
export interface SumsubTrafficEvent {
  readonly type: SumsubWebhookType;
  readonly name: SumsubWebhookName;
  readonly applicantId: string;
  /** The fields every applicant webhook shares; `type` names the message. */
  readonly payload: SumsubApplicantWebhook;
}

/** The generator: call `next` with the current time for each event. */
export interface SumsubTraffic {
  next(nowMs: number): SumsubTrafficEvent;
}

interface Applicant {
  readonly applicantId: string;
  readonly inspectionId: string;
  readonly externalUserId: string;
  levelName: string;
  lastMs: number;
  readonly steps: SumsubStep[];
}

/** Applicants verifying at the same time. */
const CONCURRENT_APPLICANTS = 6;

function startApplicant(prng: Prng): Applicant {
  return { applicantId: prng.hex(24), inspectionId: prng.hex(24), externalUserId: String(prng.int(100_000, 10_000_000)), levelName: 'id-and-liveness', lastMs: 0, steps: planSumsubFlow(prng) };
}

function isSumsubWebhookType(type: EventType | undefined): type is SumsubWebhookType {
  return type !== undefined && type.startsWith('sumsub.');
}

/** Creates the generator. */
export function createSumsubTraffic(options: { readonly seed: number }): SumsubTraffic {
  const prng = createPrng(options.seed);
  const active: Applicant[] = [];
  return {
    next(nowMs) {
      if (active.length === 0 || (active.length < CONCURRENT_APPLICANTS && prng.chance(0.3))) active.push(startApplicant(prng));
      const index = prng.int(0, active.length);
      const applicant = active[index];
      const step = applicant?.steps.shift();
      if (applicant === undefined || step === undefined) throw new Error('a Sumsub flow ran out of steps while active');
      if (applicant.steps.length === 0) active.splice(index, 1);
      const type = sumsubEventType(step.type);
      if (!isSumsubWebhookType(type)) throw new Error(`the event catalogue has no Sumsub webhook ${step.type}`);
      applicant.lastMs = Math.max(nowMs, applicant.lastMs + 1);
      if (step.levelName !== undefined) applicant.levelName = step.levelName;
      const payload: SumsubApplicantWebhook = {
        applicantId: applicant.applicantId,
        inspectionId: applicant.inspectionId,
        applicantType: 'individual',
        correlationId: `req-${uuid(prng)}`,
        levelName: step.action === undefined ? applicant.levelName : 'basic-action-level',
        externalUserId: applicant.externalUserId,
        type: step.type,
        sandboxMode: false,
        ...(step.reviewStatus === undefined ? {} : { reviewStatus: step.reviewStatus }),
        ...(step.reviewResult === undefined ? {} : { reviewResult: { ...step.reviewResult } }),
        ...(step.previousLevelName === undefined ? {} : { previousLevelName: step.previousLevelName }),
        ...(step.action === undefined ? {} : { applicantActionId: step.action.id, externalApplicantActionId: step.action.externalId }),
        createdAtMs: sumsubTimestamp(applicant.lastMs),
        clientId: 'verifluence',
      };
      return { type, name: step.type, applicantId: applicant.applicantId, payload };
    },
  };
}
