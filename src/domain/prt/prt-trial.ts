/**
 * The Probabilistic Reward Task (PRT; Pizzagalli, Jahn & O'Shea 2005, Biol Psychiatry 57:319,
 * doi:10.1016/j.biopsych.2004.11.026) as the analysis sees it. The task shows one of two stimuli (short or long
 * mouth); one of them, counterbalanced, is the "rich" stimulus whose correct answers are rewarded more often, the
 * other the "lean" one. The analysis only needs the class, never which mouth it was.
 */
export type PrtStimulus = 'rich' | 'lean';

/** One trial as analysed: which stimulus class was shown, which class the answer named, whether it was rewarded, RT. */
export type PrtAnalysisTrial = { readonly block: number; readonly stimulus: PrtStimulus; readonly response: PrtStimulus; readonly rewarded: boolean; readonly rtMs: number };
