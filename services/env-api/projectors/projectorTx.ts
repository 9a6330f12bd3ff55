/**
 * The transaction a projector writes through: the receiver opens it, inserts the
 * `processed_events` row, runs the projector, and commits both together (DESIGN §7).
 */
import type { DatabaseTransactionConnection } from 'slonik';

export type ProjectorTx = DatabaseTransactionConnection;
