import { analysisTrials } from '../../domain/prt/reward-result.ts';
import { excludeTrials, PRT_LOG_RT_OUTLIER_SD } from '../../domain/prt/signal-detection.ts';
import type { RewardTaskRecord } from '../../domain/prt/task-record.ts';
import { unparse, type ResearchRecord } from './research-csv.ts';

const REWARD_TRIAL_HEADER = [
  'participant',
  'block',
  'trial',
  'stimulus',
  'response',
  'rewarded',
  'rt_ms',
  'mouth',
  'response_mouth',
  'correct',
  'scheduled_reward',
  'excluded',
  'frames',
  'shown_ms',
  'frame_ms',
  'rich_mouth',
  'short_side',
  'task_status',
  'task_version',
  'patient_code',
  'assessment_id',
];

/**
 * Why each main trial of a record is left out of the analysis (or not), by the rule `summariseRewardTask` applies:
 * the record's RT window, then log-RT outliers at `PRT_LOG_RT_OUTLIER_SD`. Applied to the trials given, so an
 * unfinished task's trials are marked as the analysis would mark them had it ended there.
 */
function rewardExclusions(record: RewardTaskRecord): ReadonlyMap<number, string> {
  const { rtWindowMs } = record.config;
  const excluded = excludeTrials(analysisTrials(record), { minRtMs: rtWindowMs.min, maxRtMs: rtWindowMs.max, outlierSd: PRT_LOG_RT_OUTLIER_SD });
  return new Map(excluded.map((e) => [e.index, e.reason]));
}

/**
 * Every main trial of every completed assessment's reward task (PRT), one row per trial, in the columns the
 * `prt-fit` CLI reads (`participant,block,trial,stimulus,response,rewarded,rt_ms`: stimulus and response as `rich`
 * or `lean` by the record's counterbalancing, rewarded 1/0), then extra columns it ignores: the mouths as shown and
 * answered, correct, whether the schedule rewarded the trial (`rewarded` also counts a carried-over reward), the
 * exclusion reason (empty: analysed), the achieved display, the counterbalancing and the task's status. The
 * participant is the assessment id, so each visit is fitted on its own; `trial` is 1-based over the whole task.
 */
export function toRewardTrialsCsv(records: readonly ResearchRecord[]): string {
  const bit = (b: boolean) => (b ? '1' : '0');
  const rows = records
    .filter((r) => r.assessment.status === 'completed' && r.assessment.rewardTask)
    .flatMap(({ patientCode, assessment }) => {
      const record = assessment.rewardTask;
      if (!record) return [];
      const excluded = rewardExclusions(record);
      const { richMouth, shortSide } = record.assignment;
      const rich = (mouth: string) => (mouth === richMouth ? 'rich' : 'lean');
      return record.trials.map((t) => [
        assessment.id,
        String(t.block),
        String(t.index + 1),
        rich(t.mouth),
        rich(t.response),
        bit(t.rewarded),
        String(t.rtMs),
        t.mouth,
        t.response,
        bit(t.correct),
        bit(record.schedule[t.index]?.scheduledReward ?? false),
        excluded.get(t.index) ?? '',
        String(t.display.frames),
        String(t.display.shownMs),
        t.display.frameMs === null ? '' : String(t.display.frameMs),
        richMouth,
        shortSide,
        record.outcome.status,
        record.taskVersion,
        patientCode,
        assessment.id,
      ]);
    });
  return unparse([REWARD_TRIAL_HEADER, ...rows]);
}
