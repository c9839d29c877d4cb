import { z } from 'zod';

/**
 * `instruments/<id>/norms/<name>.json`: one reference group for one score, with its citation. A norm is used only
 * when its numbers could be quoted from the cited table; nothing is estimated.
 */
export const normSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  instrumentId: z.string(),
  score: z.string(),
  population: z.string().min(1),
  language: z.string().min(1),
  /** Group size; null only when the cited text does not state it (then the app says so). */
  n: z.number().int().positive().nullable(),
  mean: z.number(),
  sd: z.number().positive(),
  /** Test–retest reliability for reliable change, with its own source when it comes from another paper. */
  testRetest: z.strictObject({ r: z.number().gt(0).lt(1), interval: z.string(), source: z.string().min(1) }).optional(),
  source: z.strictObject({ citation: z.string().min(1), doi: z.string().optional(), locator: z.string().min(1), quote: z.string().min(1) }),
});

export type Norm = z.infer<typeof normSchema>;

/** How the clinic's settings name a norm (its choice of reference groups that match its patients). */
export const normKey = (norm: Pick<Norm, 'instrumentId' | 'id'>): string => `${norm.instrumentId}/${norm.id}`;
