import { statedReasonOf, type ScoreDetail } from '../../domain/score-assessment.ts';
import type { Translate } from '../../i18n/translate.ts';

/**
 * "not scored", with the reason where it is one the clinician is told (a published table could not convert it, or
 * its part was left out as not applicable): "not scored (not asked, left out at the start as not applicable)".
 */
export function notScoredText(t: Translate, detail: Pick<ScoreDetail, 'reason'> | undefined, words: 'result.notScored' | 'noteText.notScored' = 'result.notScored'): string {
  const reason = statedReasonOf(detail?.reason);
  return reason ? `${t(words)}${t('text.parenthetical', { text: t(`result.reason.${reason}`) })}` : t(words);
}
