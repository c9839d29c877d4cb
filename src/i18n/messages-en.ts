import { bootEn } from './messages-boot-en.ts';
import { clinicianEn } from './messages-clinician-en.ts';
import { effortEn } from './messages-effort-en.ts';
import { gateEn } from './messages-gate-en.ts';
import { patientEn } from './messages-patient-en.ts';
import { rewardEn } from './messages-reward-en.ts';

/**
 * English UI chrome, every part (the app loads each part with its screens: translate.ts `loadMessages`). Instrument
 * wording lives with each instrument (instruments/<id>/locales), never here. Every other shipped language must
 * provide exactly these keys (checked by a test). For tests and types; the app imports the parts.
 */
export const messagesEn = { ...bootEn, ...gateEn, ...patientEn, ...effortEn, ...rewardEn, ...clinicianEn } as const;

export type MessageKey = keyof typeof messagesEn;
export type Messages = Record<MessageKey, string>;
