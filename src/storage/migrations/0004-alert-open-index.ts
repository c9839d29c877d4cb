/**
 * Version 4 (frozen): an index on the assessments' status and clear `alertOpen` flag (1: a safety alert no
 * clinician has acknowledged, 0: none), so the patients screen finds the few drafts and completed assessments with
 * an open alert without reading and opening every one (issue 8). A number, not a boolean: IndexedDB cannot index
 * booleans. With the status in the index, discarded assessments never matter to the alerts list.
 *
 * No upgrade function: the flag says something about sealed data, and Dexie's upgrade runs before the passphrase
 * is typed, so it cannot be computed here. Rows written before it (and version 1 rows that migration 0002 seals at
 * the first unlock, after this upgrade) lack it and are left out of the index; the alerts list then reads every row
 * of their status, opens them and gives them the flag (see `listUnacknowledgedAlerts`). Never edit a released
 * migration; add the next numbered file instead.
 */
export const migration0004 = {
  version: 4,
  stores: {
    patients: 'id, codeHash, updatedAt',
    assessments: 'id, [patientId+createdAt], status, updatedAt, [status+alertOpen]',
    answers: '[assessmentId+instrumentId+itemId], assessmentId',
    settings: 'key',
    outbox: 'id, &assessmentId, state',
  },
} as const;
