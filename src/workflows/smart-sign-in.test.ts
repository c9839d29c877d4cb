import { describe, expect, it } from 'vitest';
import type { FhirServerSettings } from '../storage/settings-repository.ts';
import { signedInFhirUser } from './smart-sign-in.ts';

const server = (auth: FhirServerSettings['auth']): FhirServerSettings => ({ baseUrl: 'https://ehr.example.org/fhir', mrnSystem: '', auth });
const smart = (sign: Extract<FhirServerSettings['auth'], { kind: 'smart' }>['sign']) => server({ kind: 'smart', clientId: 'c', tokenEndpoint: null, sign });
const session = { accessToken: 'a', refreshToken: null, scope: 'openid fhirUser' };

describe('signedInFhirUser: who signed in through the EHR, for attribution', () => {
  it.each([
    ['a SMART sign-in naming its user', smart({ state: 'signed-in', session: { ...session, fhirUser: 'Practitioner/123' } }), 'Practitioner/123'],
    ['a SMART sign-in naming nobody', smart({ state: 'signed-in', session }), null],
    ['an ended SMART sign-in', smart({ state: 'ended' }), null],
    ['a bearer token', server({ kind: 'bearer', token: 't' }), null],
    ['no connection', null, null],
  ])('%s', (_, settings, user) => {
    expect(signedInFhirUser(settings)).toBe(user);
  });
});
