import * as z from 'zod/mini';

/**
 * An effort task's result as another tablet of the clinic reported it to the FHIR server (read back by
 * `fromEffortObservations`), kept on an imported assessment's `origin.effort`. Only what the server holds: the three
 * parameters of the parabolic fit (each with its standard error when the note gave one; a null value: the fit gave
 * no number), the acceptance rate in % (one decimal), the number of offers, the task version, or, for a stopped task,
 * its phase and reason. The trials never reach the server, so there is no acceptance grid, no model comparison and
 * no refit: this is a copy of a result, never an `EffortTaskRecord` (whose trials would have to be made up).
 */
const estimateSchema = z.object({ value: z.nullable(z.number()), standardError: z.nullable(z.number()) });
export type ImportedEstimate = z.infer<typeof estimateSchema>;

export const importedEffortSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('completed'),
    taskVersion: z.nullable(z.string()),
    n: z.nullable(z.number()),
    acceptancePercent: z.nullable(z.number()),
    parameters: z.object({ rewardSensitivity: estimateSchema, effortSensitivity: estimateSchema, acceptanceBias: estimateSchema }),
    /** The server's Observations it was read from (`id/versionId`). */
    resources: z.readonly(z.array(z.string())),
  }),
  z.object({
    status: z.literal('skipped'),
    phase: z.enum(['calibration', 'practice', 'comprehension', 'main']),
    reason: z.enum(['cannot-tap', 'declined', 'other']),
    resources: z.readonly(z.array(z.string())),
  }),
]);
export type ImportedEffort = z.infer<typeof importedEffortSchema>;
