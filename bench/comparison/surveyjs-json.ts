import type { ShownInstrument } from './shaps-items.ts';

/**
 * A SurveyJS survey of the same items, one per page, moving on when an answer is tapped (`autoAdvanceEnabled`, the
 * v2+ name of `goNextPageAutomatic`): what a team would build with SurveyJS instead of the app's item screen.
 * See https://surveyjs.io/form-library/documentation/api-reference/survey-data-model#autoAdvanceEnabled
 */
export function toSurveyJson(shown: ShownInstrument): Record<string, unknown> {
  return {
    description: shown.instructions,
    showQuestionNumbers: 'off',
    showProgressBar: true,
    progressBarLocation: 'top',
    autoAdvanceEnabled: true,
    pages: shown.items.map((item) => ({
      name: `page-${item.number}`,
      elements: [
        {
          type: 'radiogroup',
          name: item.id,
          title: item.text,
          isRequired: true,
          choices: item.options.map((option) => ({ value: option.code, text: option.label })),
        },
      ],
    })),
  };
}
