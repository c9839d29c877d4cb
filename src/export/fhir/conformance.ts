import type { Questionnaire, QuestionnaireItem, QuestionnaireResponse } from 'fhir/r4';

/**
 * Checks a response against its Questionnaire, which no offline FHIR tool does: the canonical matches, every
 * linkId exists, a choice answer is one of the item's options (system and code), a read-only score is a decimal,
 * and every required item is answered when the response is `completed`. Returns the problems, empty when none.
 */
export function checkResponseConforms(response: QuestionnaireResponse, questionnaire: Questionnaire): string[] {
  const problems: string[] = [];
  if (response.questionnaire !== `${questionnaire.url ?? ''}|${questionnaire.version ?? ''}`) problems.push(`questionnaire ${response.questionnaire ?? '(none)'} is not ${questionnaire.url ?? ''}|${questionnaire.version ?? ''}`);
  const items = new Map<string, QuestionnaireItem>((questionnaire.item ?? []).map((i) => [i.linkId, i]));
  for (const answered of response.item ?? []) {
    const item = items.get(answered.linkId);
    if (!item) {
      problems.push(`unknown linkId ${answered.linkId}`);
      continue;
    }
    for (const answer of answered.answer ?? []) {
      if (item.type === 'choice') {
        const coding = answer.valueCoding;
        const allowed = (item.answerOption ?? []).some((o) => o.valueCoding?.system === coding?.system && o.valueCoding?.code === coding?.code);
        if (!allowed) problems.push(`${answered.linkId}: ${coding?.system ?? ''}|${coding?.code ?? '(no coding)'} is not one of its options`);
      } else if (item.type === 'decimal' && typeof answer.valueDecimal !== 'number') {
        problems.push(`${answered.linkId}: expected a decimal`);
      }
    }
  }
  if (response.status === 'completed') {
    const given = new Set((response.item ?? []).map((i) => i.linkId));
    for (const item of items.values()) if (item.required && !item.readOnly && !given.has(item.linkId)) problems.push(`required ${item.linkId} is not answered`);
  }
  return problems;
}
