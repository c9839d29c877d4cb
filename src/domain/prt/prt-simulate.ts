import { uniform, type Random } from '../ebdm/random.ts';
import { correctProbability, type PrtParameters } from './learning-model.ts';
import type { PrtAnalysisTrial } from './prt-trial.ts';
import { NO_CARRY, rewardOutcome, type RewardCarry, type ScheduledTrial } from './reward-schedule.ts';

/**
 * A simulated person doing the PRT on `schedule` under the stimulus–action model (learning-model.ts): each answer
 * is right with P = σ(γ + ρ·m_s), the reward follows the schedule and the carry-over rule (`rewardOutcome`, debts
 * lapse at each block's start), and a right answer updates m_s. RTs are uniform on 350–900 ms, inside the
 * exclusion window, so a simulation's trials are all analysed.
 */
export function simulatePrt(parameters: PrtParameters, schedule: readonly ScheduledTrial[], random: Random): PrtAnalysisTrial[] {
  const learnt = { rich: 0, lean: 0 };
  let carry: RewardCarry = NO_CARRY;
  let block = schedule[0]?.block;
  return schedule.map((trial) => {
    if (trial.block !== block) {
      block = trial.block;
      carry = NO_CARRY;
    }
    const correct = random() < correctProbability(parameters, learnt[trial.stimulus]);
    const outcome = rewardOutcome(carry, trial, correct);
    carry = outcome.carry;
    if (correct) learnt[trial.stimulus] += parameters.learningRate * ((outcome.rewarded ? 1 : 0) - learnt[trial.stimulus]);
    const other = trial.stimulus === 'rich' ? 'lean' : 'rich';
    return { block: trial.block, stimulus: trial.stimulus, response: correct ? trial.stimulus : other, rewarded: outcome.rewarded, rtMs: Math.round(uniform(random, 350, 900)) };
  });
}
