/**
 * Version 1 (frozen): patients, assessments, answers (one row per answer) and settings.
 * Never edit a released migration; add the next numbered file instead.
 */
export const migration0001 = {
  version: 1,
  stores: {
    patients: 'id, codeKey, updatedAt',
    assessments: 'id, [patientId+createdAt], status, updatedAt',
    answers: '[assessmentId+instrumentId+itemId], assessmentId',
    settings: 'key',
  },
} as const;
