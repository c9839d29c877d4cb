import type { Messages } from './messages-en.ts';
import { bootZhCn } from './messages-boot-zh-cn.ts';
import { clinicianZhCn } from './messages-clinician-zh-cn.ts';
import { effortZhCn } from './messages-effort-zh-cn.ts';
import { gateZhCn } from './messages-gate-zh-cn.ts';
import { patientZhCn } from './messages-patient-zh-cn.ts';
import { rewardZhCn } from './messages-reward-zh-cn.ts';

/** Simplified Chinese UI chrome, every part (see messages-en.ts). The type makes a missing or extra key a compile error. */
export const messagesZhCn: Messages = { ...bootZhCn, ...gateZhCn, ...patientZhCn, ...effortZhCn, ...rewardZhCn, ...clinicianZhCn };
