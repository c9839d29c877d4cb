/**
 * Hand-written checks for the few small values read before the first screen (settings, the hand-over's plan):
 * the start page and patient mode carry no zod (issue 20's byte budget). Each reader builds a fresh value from the
 * fields it knows, so unknown fields are dropped as a zod object would drop them.
 */

/** A plain object (not null, not an array), to read fields from. */
export const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isString = (value: unknown): value is string => typeof value === 'string';

/** A safe integer in [min, max]. */
export const isIntIn = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;

export const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

/** Every value of the object `value` passes `check` (a zod `record(string, …)`). */
export const isRecordOf = <T>(value: unknown, check: (v: unknown) => v is T): value is Readonly<Record<string, T>> =>
  isRecord(value) && Object.values(value).every(check);
