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
