import type { AdministeredText } from '../../domain/assessment.ts';
import type { Instrument } from '../../domain/instrument-catalogue.ts';
import { shortHash } from '../../domain/imported-packs.ts';
import { packByHash } from '../../domain/instrument-lookup.ts';
import type { Translate } from '../../i18n/translate.ts';


/**
 * One line saying which text an administration was given in, in the words of `t`: "Answered in 中文（简体） · pack
 * 3f2a0c9b1d47 (imported)", "Answered in English (built-in)", "Read aloud by the clinician from the English text,
 * interpreted into …", or that the pack was not recorded (older assessments) or is no longer on this tablet.
 * `spoken` is the patient's language (the assessment's); `name` names a language (its own name on screen, the
 * words of `t` in a plain-text note).
 */
export function describeGivenText(t: Translate, instrument: Instrument, given: AdministeredText, spoken: string, name: (code: string) => string): string {
  const text = given.reading === 'clinician-read' ? t('lang.readAloud', { language: name(given.language), spoken: name(spoken) }) : t('lang.answeredIn', { language: name(given.language) });
  if (given.packHash === null) return `${text} · ${t('lang.packNotRecorded')}`;
  const pack = packByHash(instrument, given.packHash);
  if (!pack) return `${text} · ${t('lang.packGone', { hash: shortHash(given.packHash) })}`;
  return pack.origin === 'built-in' ? t('lang.builtIn', { text }) : `${text} · ${t('lang.importedPack', { hash: shortHash(given.packHash) })}`;
}
