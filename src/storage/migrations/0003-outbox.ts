/**
 * Version 3 (frozen): the EHR outbox. A new `outbox` store, one row per assessment (`&assessmentId` is unique),
 * indexed by state for "send everything pending". No existing row changes, so there is no upgrade function.
 * Never edit a released migration; add the next numbered file instead.
 */
export const migration0003 = {
  version: 3,
  stores: {
    patients: 'id, codeHash, updatedAt',
    assessments: 'id, [patientId+createdAt], status, updatedAt',
    answers: '[assessmentId+instrumentId+itemId], assessmentId',
    settings: 'key',
    outbox: 'id, &assessmentId, state',
  },
} as const;

/** The version 3 outbox row, frozen here so later migrations can read it without depending on live code. */
export type OutboxRowV3 = {
  readonly schemaVersion: 3;
  readonly id: string;
  readonly assessmentId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly state: 'pending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly sentAt: string | null;
  /** `data` (the clinic's record key): the outbox is only ever written by a clinician. */
  readonly keyId: string;
  /** AES-GCM under `outbox/<id>` of `{ bundles, lastError, locations }`. */
  readonly sealed: Uint8Array;
};
