/**
 * What the fan-out does with a target's HTTP status (DESIGN §6, batch-level answers). Only a 200
 * carries per-event results; nothing else ever dead-letters an event.
 */

/** Why an answer raises an alert: someone has to act (a secret, a URL, a contract mismatch). */
export type FanoutAlertReason = '401' | '403' | 'other_4xx' | 'invalid_answer';

/** The sender's next step for a status. */
export type StatusClass =
  /** 200: read the per-event results. */
  | { kind: 'answered' }
  /** 413: the body is over the target's limit; split the batch. */
  | { kind: 'too_large' }
  /** Retry the whole batch later; `alert` when a person must look. */
  | { kind: 'retry'; alert: FanoutAlertReason | null };

/**
 * Classifies a status: 200 answered; 413 split; 5xx and 429 retried quietly; 401/403 retried with
 * an alert (a secret mismatch must never dead-letter good events); other 4xx retried with an
 * alert; anything else (1xx, other 2xx, 3xx, which are never followed) is not the contract's
 * answer and is retried with an alert.
 */
export function classifyHttpStatus(status: number): StatusClass {
  if (status === 200) return { kind: 'answered' };
  if (status === 413) return { kind: 'too_large' };
  if (status === 429 || (status >= 500 && status <= 599)) return { kind: 'retry', alert: null };
  if (status === 401) return { kind: 'retry', alert: '401' };
  if (status === 403) return { kind: 'retry', alert: '403' };
  if (status >= 400 && status <= 499) return { kind: 'retry', alert: 'other_4xx' };
  return { kind: 'retry', alert: 'invalid_answer' };
}
