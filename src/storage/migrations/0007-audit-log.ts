/**
 * Version 7 (frozen): the tablet's audit log (issue 19). A new `audit` store, one row per clinic action, append-only:
 * a random id, the time (clear, for order) and the entry sealed with the record key (who, what, on which
 * assessment). No existing row changes, so there is no upgrade function. Never edit a released migration; add the
 * next numbered file instead.
 */
export const migration0007 = {
  version: 7,
  stores: {
    patients: 'id, codeHash, updatedAt',
    assessments: 'id, [patientId+createdAt], status, updatedAt, [status+alertOpen]',
    answers: '[assessmentId+instrumentId+itemId], assessmentId',
    settings: 'key',
    outbox: 'id, &assessmentId, state',
    packs: 'hash',
    answerSets: 'assessmentId, patientId',
    audit: 'id, at',
  },
} as const;

/** The version 7 audit row, frozen here so later migrations can read it without depending on live code. */
export type AuditRowV7 = {
  readonly schemaVersion: 7;
  readonly id: string;
  /** When the action was taken (ISO 8601): the log's order. */
  readonly at: string;
  readonly keyId: 'data';
  /** The entry (`AuditEntry`) sealed with the record key under `audit/<id>`. */
  readonly sealed: Uint8Array;
};
