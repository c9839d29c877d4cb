import type { Questionnaire, QuestionnaireItem, QuestionnaireResponse } from 'fhir/r4';

/**
 * Checks a response against its Questionnaire, which no offline FHIR tool does: the canonical matches, every
 * linkId exists, a choice answer is one of the item's options (system and code), a read-only score is a decimal,
 * a yes/no item a boolean, no item its `enableWhen` disables is answered (the only condition we write: a boolean
 * item `=` a value), and every required enabled item is answered when the response is `completed`. Returns the
 * problems, empty when none.
 */
export function checkResponseConforms(response: QuestionnaireResponse, questionnaire: Questionnaire): string[] {
  const problems: string[] = [];
  if (response.questionnaire !== `${questionnaire.url ?? ''}|${questionnaire.version ?? ''}`) problems.push(`questionnaire ${response.questionnaire ?? '(none)'} is not ${questionnaire.url ?? ''}|${questionnaire.version ?? ''}`);
  const items = new Map<string, QuestionnaireItem>((questionnaire.item ?? []).map((i) => [i.linkId, i]));
  const booleans = new Map((response.item ?? []).map((i) => [i.linkId, i.answer?.[0]?.valueBoolean]));
  const enabled = (item: QuestionnaireItem) => (item.enableWhen ?? []).every((w) => w.operator === '=' && booleans.get(w.question) === w.answerBoolean);
  for (const answered of response.item ?? []) {
    const item = items.get(answered.linkId);
    if (!item) {
      problems.push(`unknown linkId ${answered.linkId}`);
      continue;
    }
    if (!enabled(item) && (answered.answer ?? []).length > 0) problems.push(`${answered.linkId} is answered, but its enableWhen disables it`);
    for (const answer of answered.answer ?? []) {
      if (item.type === 'choice') {
        const coding = answer.valueCoding;
        const allowed = (item.answerOption ?? []).some((o) => o.valueCoding?.system === coding?.system && o.valueCoding?.code === coding?.code);
        if (!allowed) problems.push(`${answered.linkId}: ${coding?.system ?? ''}|${coding?.code ?? '(no coding)'} is not one of its options`);
      } else if (item.type === 'decimal' && typeof answer.valueDecimal !== 'number') {
        problems.push(`${answered.linkId}: expected a decimal`);
      } else if (item.type === 'boolean' && typeof answer.valueBoolean !== 'boolean') {
        problems.push(`${answered.linkId}: expected a boolean`);
      }
    }
  }
  if (response.status === 'completed') {
    const given = new Set((response.item ?? []).map((i) => i.linkId));
    for (const item of items.values()) if (item.required && !item.readOnly && enabled(item) && !given.has(item.linkId)) problems.push(`required ${item.linkId} is not answered`);
  }
  return problems;
}
