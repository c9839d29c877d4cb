/** A named list of instruments given together, in order. */
export type Battery = {
  readonly id: string;
  readonly name: string;
  readonly instrumentIds: readonly string[];
};

/** The standard battery: anhedonia (SHAPS, TEPS), apathy (AES-S, AMI), depression (PHQ-9). */
export const STANDARD_BATTERY: Battery = {
  id: 'standard',
  name: 'Standard',
  instrumentIds: ['shaps', 'teps', 'aes-s', 'ami', 'phq-9'],
};

/**
 * The psychosocial context for the waiting room (issue 21): social support (MOS-SSS), loneliness (UCLA-3), stress
 * symptoms (DASS-21), financial well-being (CFPB, 10 items) and neuroticism/extraversion (IPIP). Only instruments whose text and key are confirmed are in
 * it; childhood adversity and burnout are never in a waiting-room battery (the clinician chooses them).
 */
export const CONTEXT_BRIEF_BATTERY: Battery = {
  id: 'context-brief',
  name: 'Context, brief',
  instrumentIds: ['ucla-3', 'mos-sss', 'dass-21', 'cfpb-fwb-10', 'ipip-ne'],
};

/** The batteries every clinic has, before the ones it saved. */
export const BUILT_IN_BATTERIES: readonly Battery[] = [STANDARD_BATTERY, CONTEXT_BRIEF_BATTERY];
