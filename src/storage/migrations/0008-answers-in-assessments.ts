/**
 * Version 8 (frozen): a completed assessment's answers sealed inside the assessment (issue 20). The research export
 * opened two values per completed assessment (its sealed payload and its answer set, migration 0006); WebCrypto's
 * per-call cost made that most of the 10 000-assessment export. From this version a completed assessment's sealed
 * payload holds its `answers` (sealed version 4), so opening it is one decryption. Drafts keep one `answers` row per
 * answer. The stores are unchanged (`answerSets` stays until no build needs to read what is left in it).
 *
 * Dexie's upgrade runs before anyone has typed the passphrase, so it cannot open anything: there is no upgrade
 * function. Every unlock calls `foldAnswersIntoAssessments` (fold-answers-into-assessments.ts, a file of its own so the
 * start page, which declares every version, carries none of it; the first unlocks after the upgrade do the work; later
 * ones find nothing to do). Meanwhile every reader takes every shape. Never edit a released migration; add the
 * next numbered file instead.
 */
export const migration0008 = {
  version: 8,
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
