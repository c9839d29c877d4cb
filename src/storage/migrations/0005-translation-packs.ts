/**
 * Version 5 (frozen): imported translation packs (issue 14). A new `packs` store keyed by the pack's SHA-256 (hex),
 * one row per pack file a clinic imported; removing a pack only sets `removedAt`, so assessments given in it keep
 * their words. Packs are licensed wording, not patient data: stored in the clear, readable before unlock (patient
 * mode needs them). The app lists every row (a handful), so no other index. No existing row changes, so there is no
 * upgrade function. Never edit a released migration; add the next numbered file instead.
 */
export const migration0005 = {
  version: 5,
  stores: {
    patients: 'id, codeHash, updatedAt',
    assessments: 'id, [patientId+createdAt], status, updatedAt, [status+alertOpen]',
    answers: '[assessmentId+instrumentId+itemId], assessmentId',
    settings: 'key',
    outbox: 'id, &assessmentId, state',
    packs: 'hash',
  },
} as const;

/** The version 5 pack row, frozen here so later migrations can read it without depending on live code. */
export type PackRowV5 = {
  readonly schemaVersion: 5;
  /** SHA-256 (hex) of `text` as UTF-8: the pack's identity, recorded with every assessment given in it. */
  readonly hash: string;
  readonly instrumentId: string;
  readonly language: string;
  readonly version: string;
  /** The file's text exactly as imported, so the hash can be recomputed. */
  readonly text: string;
  readonly importedAt: string;
  readonly removedAt: string | null;
};
