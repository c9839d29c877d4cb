/**
 * The comprehension check between instructions and the main task (Mehrhof & Nord 2025 used a six-statement quiz
 * that had to be passed; ours is two questions about the two outcomes that matter for a choice). A wrong answer
 * re-explains and asks the same question again.
 */

/** Answer codes; the UI translates them. The same three options, in the same order, for every question. */
export const COMPREHENSION_OPTIONS = ['offered-points', 'one-point', 'nothing'] as const;
export type ComprehensionOption = (typeof COMPREHENSION_OPTIONS)[number];

/**
 * The questions in the order asked: `reject-outcome` "If you say no to an offer, what do you get?";
 * `failure-outcome` "If you say yes but do not tap enough, what do you get?".
 */
export const COMPREHENSION_QUESTIONS = ['reject-outcome', 'failure-outcome'] as const;
export type ComprehensionQuestionId = (typeof COMPREHENSION_QUESTIONS)[number];

const CORRECT: Readonly<Record<ComprehensionQuestionId, ComprehensionOption>> = {
  'reject-outcome': 'one-point',
  'failure-outcome': 'nothing',
};

/** True when `answer` is the right answer to `question`. */
export function isCorrectAnswer(question: ComprehensionQuestionId, answer: ComprehensionOption): boolean {
  return CORRECT[question] === answer;
}
