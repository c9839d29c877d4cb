import { describe, expect, it } from 'vitest';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { withTestPack } from '../../tests/support/test-packs.ts';
import { checkStart, type StartRequest } from './check-start.ts';

const shipped = ['shaps', 'teps', 'aes-s', 'aes-i', 'aes-c', 'ami', 'phq-9'].map(loadInstrument);
const catalogue = { instruments: shipped, broken: [] };
// PHQ-9 with an imported test pack in zh-CN; every other instrument has English only.
const withChinese = { instruments: shipped.map((i) => (i.definition.id === 'phq-9' ? withTestPack(i, 'zh-CN') : i)), broken: [] };
const hashOf = (id: string, language: string) => withChinese.instruments.find((i) => i.definition.id === id)?.packs[language]?.hash;
const saved = [{ id: 'b1', name: 'Follow-up', instrumentIds: ['shaps', 'phq-9'] }];
const request = (over: Partial<StartRequest>): StartRequest => ({ battery: { kind: 'battery', id: 'standard' }, mode: 'patient', relation: '', effort: 'none', language: 'en', ...over });
const chosen = (...instrumentIds: string[]): StartRequest['battery'] => ({ kind: 'chosen', instrumentIds, saveAs: '' });

describe('checkStart', () => {
  it('starts the standard battery under its name, on a handed-over tablet', () => {
    const plan = checkStart(request({}), catalogue, saved);
    expect(plan.ok && [plan.value.batteryName, plan.value.definitions.map((d) => d.id), plan.value.saveBattery]).toEqual(['Standard', ['shaps', 'teps', 'aes-s', 'ami', 'phq-9'], null]);
  });

  it('starts the built-in context battery, and refuses it in Chinese until the clinician chooses English text for it', () => {
    const context = { instruments: [...shipped, ...['ucla-3', 'mos-sss', 'dass-21', 'cfpb-fwb-10', 'ipip-ne'].map(loadInstrument)], broken: [] };
    const plan = checkStart(request({ battery: { kind: 'battery', id: 'context-brief' } }), context, saved);
    expect(plan.ok && [plan.value.batteryName, plan.value.definitions.map((d) => d.id)]).toEqual(['Context, brief', ['ucla-3', 'mos-sss', 'dass-21', 'cfpb-fwb-10', 'ipip-ne']]);
    // No validated Chinese text is shipped for them: never machine-translated, so the start names them.
    const inChinese = checkStart(request({ battery: { kind: 'battery', id: 'context-brief' }, language: 'zh-CN' }), context, saved);
    expect(!inChinese.ok && inChinese.error).toEqual({
      code: 'no-text',
      language: 'zh-CN',
      instruments: [
        { id: 'ucla-3', name: 'UCLA-3', languages: ['en'] },
        { id: 'mos-sss', name: 'MOS-SSS', languages: ['en'] },
        { id: 'dass-21', name: 'DASS-21', languages: ['en'] },
        { id: 'cfpb-fwb-10', name: 'CFPB FWB', languages: ['en'] },
        { id: 'ipip-ne', name: 'IPIP N/E', languages: ['en'] },
      ],
    });
  });

  it('starts a saved battery by id, and names picked instruments by their short titles unless saved under a name', () => {
    const savedPlan = checkStart(request({ battery: { kind: 'battery', id: 'b1' } }), catalogue, saved);
    expect(savedPlan.ok && savedPlan.value.batteryName).toBe('Follow-up');
    const picked = checkStart(request({ battery: { kind: 'chosen', instrumentIds: ['ami', 'shaps'], saveAs: '  ' } }), catalogue, saved);
    expect(picked.ok && [picked.value.batteryName, picked.value.saveBattery]).toEqual(['AMI + SHAPS', null]);
    const named = checkStart(request({ battery: { kind: 'chosen', instrumentIds: ['ami'], saveAs: ' Mine ' } }), catalogue, saved);
    expect(named.ok && named.value.saveBattery).toEqual({ name: 'Mine', instrumentIds: ['ami'] });
  });

  it.each([
    ['no instrument', request({ battery: chosen() }), { code: 'pick-one' }],
    ['an unknown battery', request({ battery: { kind: 'battery', id: 'gone' } }), { code: 'pick-one' }],
    ['a clinician scale handed to the patient', request({ battery: chosen('aes-c', 'aes-i', 'shaps') }), { code: 'self-report-only', names: ['AES-C', 'AES-I'] }],
    ['an informant scale without the relation', request({ mode: 'clinician', battery: chosen('aes-i'), relation: '  ' }), { code: 'need-relation' }],
    ['the effort task keyed in by a clinician', request({ mode: 'clinician', effort: 'short' }), { code: 'effort-patient-only' }],
  ])('refuses %s', (_what, start, problem) => {
    const plan = checkStart(start, catalogue, saved);
    expect(!plan.ok && plan.error).toEqual(problem);
  });
});

describe('checkStart: the language each questionnaire is given in', () => {
  it('gives every questionnaire in the patient’s language, recording each pack’s language, version and hash, read by the respondent', () => {
    const plan = checkStart(request({}), catalogue, saved);
    if (!plan.ok) throw new Error(plan.error.code);
    expect(plan.value.language).toBe('en');
    expect(plan.value.texts).toEqual(
      Object.fromEntries(shipped.filter((i) => ['shaps', 'teps', 'aes-s', 'ami', 'phq-9'].includes(i.definition.id)).map((i) => [i.definition.id, { language: 'en', version: i.definition.version, packHash: i.packs.en?.hash, reading: 'respondent' }])),
    );
    expect(Object.values(plan.value.texts).every((t) => /^[0-9a-f]{64}$/.test(t.packHash ?? ''))).toBe(true);
  });

  it('gives a questionnaire in the patient’s language when this tablet has its complete text (an imported pack)', () => {
    const plan = checkStart(request({ battery: chosen('phq-9'), language: 'zh-CN' }), withChinese, saved);
    expect(plan.ok && plan.value.texts).toEqual({ 'phq-9': { language: 'zh-CN', version: '1.0.0', packHash: hashOf('phq-9', 'zh-CN'), reading: 'respondent' } });
  });

  it('refuses to start while a questionnaire has no text in the patient’s language, naming each with the languages it has', () => {
    const plan = checkStart(request({ battery: chosen('shaps', 'phq-9', 'ami'), language: 'zh-CN' }), withChinese, saved);
    expect(!plan.ok && plan.error).toEqual({
      code: 'no-text',
      language: 'zh-CN',
      instruments: [
        { id: 'shaps', name: 'SHAPS', languages: ['en'] },
        { id: 'ami', name: 'AMI', languages: ['en'] },
      ],
    });
  });

  it('gives a questionnaire without that text in another language the patient reads, keeping the patient’s language on the assessment', () => {
    const plan = checkStart(request({ battery: chosen('shaps', 'phq-9'), language: 'zh-CN', textChoices: { shaps: { kind: 'language', language: 'en' } } }), withChinese, saved);
    if (!plan.ok) throw new Error(plan.error.code);
    expect(plan.value.language).toBe('zh-CN');
    expect(plan.value.texts.shaps).toEqual({ language: 'en', version: '1.0.0', packHash: hashOf('shaps', 'en'), reading: 'respondent' });
    expect(plan.value.texts['phq-9']?.language).toBe('zh-CN');
  });

  it('leaves a questionnaire out when asked, and names the battery by what is given', () => {
    const plan = checkStart(request({ battery: chosen('shaps', 'phq-9'), language: 'zh-CN', textChoices: { shaps: { kind: 'leave-out' } } }), withChinese, saved);
    expect(plan.ok && [plan.value.definitions.map((d) => d.id), Object.keys(plan.value.texts), plan.value.batteryName]).toEqual([['phq-9'], ['phq-9'], 'PHQ-9']);
  });

  it('keeps a saved battery’s name when one of its questionnaires is left out', () => {
    const plan = checkStart(request({ battery: { kind: 'battery', id: 'b1' }, language: 'zh-CN', textChoices: { shaps: { kind: 'leave-out' } } }), withChinese, saved);
    expect(plan.ok && [plan.value.batteryName, plan.value.definitions.map((d) => d.id)]).toEqual(['Follow-up', ['phq-9']]);
  });

  it('has nothing to start when every questionnaire is left out', () => {
    const plan = checkStart(request({ battery: chosen('shaps'), language: 'zh-CN', textChoices: { shaps: { kind: 'leave-out' } } }), withChinese, saved);
    expect(!plan.ok && plan.error).toEqual({ code: 'pick-one' });
  });

  it('does not refuse a clinician scale on a handed-over tablet once it is left out', () => {
    const plan = checkStart(request({ battery: chosen('aes-c', 'phq-9'), language: 'zh-CN', textChoices: { 'aes-c': { kind: 'leave-out' } } }), withChinese, saved);
    expect(plan.ok && plan.value.definitions.map((d) => d.id)).toEqual(['phq-9']);
  });

  it('records a clinician-read administration (the clinician interprets the text aloud) when the clinician keys the answers in', () => {
    const plan = checkStart(request({ mode: 'clinician', battery: chosen('shaps'), language: 'zh-CN', textChoices: { shaps: { kind: 'clinician-read', language: 'en' } } }), withChinese, saved);
    expect(plan.ok && plan.value.texts).toEqual({ shaps: { language: 'en', version: '1.0.0', packHash: hashOf('shaps', 'en'), reading: 'clinician-read' } });
  });

  it('refuses a clinician-read administration on a handed-over tablet: the clinician must key the answers in', () => {
    const plan = checkStart(request({ battery: chosen('shaps', 'ami'), language: 'zh-CN', textChoices: { shaps: { kind: 'clinician-read', language: 'en' }, ami: { kind: 'language', language: 'en' } } }), withChinese, saved);
    expect(!plan.ok && plan.error).toEqual({ code: 'clinician-read-patient-mode', names: ['SHAPS'] });
  });

  it('does not accept another language the questionnaire has no text in', () => {
    const plan = checkStart(request({ battery: chosen('shaps'), language: 'zh-CN', textChoices: { shaps: { kind: 'language', language: 'fr' } } }), withChinese, saved);
    expect(!plan.ok && plan.error).toMatchObject({ code: 'no-text', instruments: [{ id: 'shaps' }] });
  });

  it('honours a choice for a questionnaire that has the patient’s language too (the clinic gives it in English on purpose)', () => {
    const plan = checkStart(request({ battery: chosen('phq-9'), language: 'zh-CN', textChoices: { 'phq-9': { kind: 'language', language: 'en' } } }), withChinese, saved);
    expect(plan.ok && plan.value.texts['phq-9']?.language).toBe('en');
  });
});

describe('checkStart: parts of an instrument left out as not applicable (CBI)', () => {
  const withCbi = { instruments: [...shipped, loadInstrument('cbi')], broken: [] };

  it('keeps the known parts left out of an instrument given, and drops a part the instrument does not have', () => {
    const plan = checkStart(request({ battery: chosen('phq-9', 'cbi'), notAsked: { cbi: ['client', 'nope'] } }), withCbi, saved);
    if (!plan.ok) throw new Error(plan.error.code);
    expect(plan.value.definitions.map((d) => d.id)).toEqual(['phq-9', 'cbi']);
    expect(plan.value.notAsked).toEqual({ cbi: ['client'] });
  });

  it('keeps both parts when both are left out, in the order asked', () => {
    const plan = checkStart(request({ battery: chosen('cbi'), notAsked: { cbi: ['client', 'work'] } }), withCbi, saved);
    expect(plan.ok && plan.value.notAsked).toEqual({ cbi: ['client', 'work'] });
  });

  it('records nothing for an instrument not given, one left out of the visit, or one without parts', () => {
    const notGiven = checkStart(request({ battery: chosen('phq-9'), notAsked: { cbi: ['client'] } }), withCbi, saved);
    expect(notGiven.ok && notGiven.value.notAsked).toEqual({});
    const leftOut = checkStart(request({ battery: chosen('phq-9', 'cbi'), notAsked: { cbi: ['client'] }, textChoices: { cbi: { kind: 'leave-out' } } }), withCbi, saved);
    expect(leftOut.ok && [leftOut.value.definitions.map((d) => d.id), leftOut.value.notAsked]).toEqual([['phq-9'], {}]);
    const noParts = checkStart(request({ battery: chosen('phq-9'), notAsked: { 'phq-9': ['client'] } }), withCbi, saved);
    expect(noParts.ok && noParts.value.notAsked).toEqual({});
  });

  it('records nothing when only unknown parts are named, or no parts at all', () => {
    const unknown = checkStart(request({ battery: chosen('cbi'), notAsked: { cbi: ['nope'] } }), withCbi, saved);
    expect(unknown.ok && unknown.value.notAsked).toEqual({});
    const none = checkStart(request({ battery: chosen('cbi') }), withCbi, saved);
    expect(none.ok && none.value.notAsked).toEqual({});
  });
});
