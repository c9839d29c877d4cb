import type { EffortTaskConfig } from './task-config.ts';

/*
 * The task's size, apart from task-config.ts (whose zod schemas load with the task itself): patient mode's time
 * estimate counts the offers left without loading zod (issue 20's byte budget).
 */

/** Effort levels shown to the patient as "Effort n of 4". */
export const EFFORT_LEVELS = [1, 2, 3, 4] as const;
export type EffortLevel = (typeof EFFORT_LEVELS)[number];

/** Trials in one block: every reward with every effort level once. */
export function trialsPerBlock(config: Pick<EffortTaskConfig, 'rewards'>): number {
  return config.rewards.length * EFFORT_LEVELS.length;
}

/** All main-task trials. */
export function totalTrials(config: Pick<EffortTaskConfig, 'rewards' | 'blocks'>): number {
  return trialsPerBlock(config) * config.blocks;
}
