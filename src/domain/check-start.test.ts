import { describe, expect, it } from 'vitest';
import { loadInstrument } from '../../tests/support/instruments.ts';
import { checkStart, type StartRequest } from './check-start.ts';

const catalogue = { instruments: ['shaps', 'teps', 'aes-s', 'aes-i', 'aes-c', 'ami', 'phq-9'].map(loadInstrument), broken: [] };
const saved = [{ id: 'b1', name: 'Follow-up', instrumentIds: ['shaps', 'phq-9'] }];
const request = (over: Partial<StartRequest>): StartRequest => ({ battery: { kind: 'battery', id: 'standard' }, mode: 'patient', relation: '', effort: 'none', ...over });

describe('checkStart', () => {
  it('starts the standard battery under its name, on a handed-over tablet', () => {
    const plan = checkStart(request({}), catalogue, saved);
    expect(plan.ok && [plan.value.batteryName, plan.value.definitions.map((d) => d.id), plan.value.saveBattery]).toEqual(['Standard', ['shaps', 'teps', 'aes-s', 'ami', 'phq-9'], null]);
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
    ['no instrument', request({ battery: { kind: 'chosen', instrumentIds: [], saveAs: '' } }), { code: 'pick-one' }],
    ['an unknown battery', request({ battery: { kind: 'battery', id: 'gone' } }), { code: 'pick-one' }],
    ['a clinician scale handed to the patient', request({ battery: { kind: 'chosen', instrumentIds: ['aes-c', 'aes-i', 'shaps'], saveAs: '' } }), { code: 'self-report-only', names: ['AES-C', 'AES-I'] }],
    ['an informant scale without the relation', request({ mode: 'clinician', battery: { kind: 'chosen', instrumentIds: ['aes-i'], saveAs: '' }, relation: '  ' }), { code: 'need-relation' }],
    ['the effort task keyed in by a clinician', request({ mode: 'clinician', effort: 'short' }), { code: 'effort-patient-only' }],
  ])('refuses %s', (_what, start, problem) => {
    const plan = checkStart(start, catalogue, saved);
    expect(!plan.ok && plan.error).toEqual(problem);
  });
});
