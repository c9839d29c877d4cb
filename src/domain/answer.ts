/** One answer as given: the semantic code, when, and how long the item was on screen before it (ms). */
export type AnswerRecord = { readonly code: string; readonly answeredAt: string; readonly durationMs: number };

/** Answers of one assessment: instrument id → item id → answer. */
export type AssessmentAnswers = Readonly<Record<string, Readonly<Record<string, AnswerRecord>>>>;
