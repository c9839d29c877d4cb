import { describe, expect, it } from 'vitest';
import { generateRewardSchedule, NO_CARRY, rewardOutcome, STANDARD_PRT_SCHEDULE } from './reward-schedule.ts';

describe('generateRewardSchedule', () => {
  const schedule = generateRewardSchedule(7);
  if (!schedule.ok) throw new Error(schedule.error);
  const trials = schedule.value;

  it('gives 3 blocks of 100 trials, 50 rich and 50 lean, with 30 rich and 10 lean reward trials per block', () => {
    expect(trials).toHaveLength(300);
    for (const block of [1, 2, 3]) {
      const own = trials.filter((t) => t.block === block);
      expect(own).toHaveLength(100);
      expect(own.filter((t) => t.stimulus === 'rich')).toHaveLength(50);
      expect(own.filter((t) => t.stimulus === 'rich' && t.scheduledReward)).toHaveLength(30);
      expect(own.filter((t) => t.stimulus === 'lean' && t.scheduledReward)).toHaveLength(10);
    }
  });

  it('never shows one stimulus more than three times in a row', () => {
    let run = 0;
    trials.forEach((t, i) => {
      run = i > 0 && trials[i - 1]?.stimulus === t.stimulus ? run + 1 : 1;
      expect(run).toBeLessThanOrEqual(3);
    });
  });

  it('gives the same schedule for the same seed and another for another seed', () => {
    expect(generateRewardSchedule(7)).toEqual(schedule);
    expect(generateRewardSchedule(8)).not.toEqual(schedule);
  });

  it('honours a stricter run limit and other sizes', () => {
    const short = generateRewardSchedule(1, { blocks: 2, trialsPerBlock: 20, richRewards: 6, leanRewards: 2, maxSameInRow: 2 });
    if (!short.ok) throw new Error(short.error);
    expect(short.value).toHaveLength(40);
    expect(short.value.map((t) => t.stimulus).join(',')).not.toMatch(/(rich,rich,rich|lean,lean,lean)/);
  });

  it.each([
    [{ ...STANDARD_PRT_SCHEDULE, trialsPerBlock: 99 }, /even/],
    [{ ...STANDARD_PRT_SCHEDULE, blocks: 0 }, /blocks/],
    [{ ...STANDARD_PRT_SCHEDULE, richRewards: 51 }, /richRewards/],
    [{ ...STANDARD_PRT_SCHEDULE, maxSameInRow: 0 }, /maxSameInRow/],
  ])('refuses an impossible config (%o)', (config, message) => {
    const result = generateRewardSchedule(1, config);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('rewardOutcome', () => {
  it('rewards a correct answer on a reward trial', () => {
    expect(rewardOutcome(NO_CARRY, { stimulus: 'rich', scheduledReward: true }, true)).toEqual({ rewarded: true, carry: NO_CARRY });
  });

  it('carries a missed reward to the next correct answer to the same stimulus, and only that one', () => {
    const missed = rewardOutcome(NO_CARRY, { stimulus: 'lean', scheduledReward: true }, false);
    expect(missed).toEqual({ rewarded: false, carry: { rich: 0, lean: 1 } });
    expect(rewardOutcome(missed.carry, { stimulus: 'rich', scheduledReward: false }, true)).toEqual({ rewarded: false, carry: { rich: 0, lean: 1 } });
    expect(rewardOutcome(missed.carry, { stimulus: 'lean', scheduledReward: false }, false)).toEqual({ rewarded: false, carry: { rich: 0, lean: 1 } });
    expect(rewardOutcome(missed.carry, { stimulus: 'lean', scheduledReward: false }, true)).toEqual({ rewarded: true, carry: NO_CARRY });
  });

  it('pays one reward per trial: a correct reward trial keeps an older debt', () => {
    expect(rewardOutcome({ rich: 2, lean: 0 }, { stimulus: 'rich', scheduledReward: true }, true)).toEqual({ rewarded: true, carry: { rich: 2, lean: 0 } });
    expect(rewardOutcome({ rich: 2, lean: 0 }, { stimulus: 'rich', scheduledReward: true }, false)).toEqual({ rewarded: false, carry: { rich: 3, lean: 0 } });
  });
});
