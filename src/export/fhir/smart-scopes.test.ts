import { describe, expect, it } from 'vitest';
import { EHR_LAUNCH_SCOPES, SMART_RESOURCE_TYPES, STANDALONE_SCOPES } from './smart-scopes.ts';

describe('the scopes asked of an EHR (SMART App Launch 2.x, with v1 for older EHRs)', () => {
  const standalone = STANDALONE_SCOPES.split(' ');

  it.each(SMART_RESOURCE_TYPES)('asks to create, read, update and search %s (v2) and to read and write it (v1)', (type) => {
    expect(standalone).toEqual(expect.arrayContaining([`user/${type}.crus`, `user/${type}.read`, `user/${type}.write`]));
  });

  it('asks who signed in and for a refresh token; an EHR launch adds its launch context and nothing else', () => {
    expect(standalone).toEqual(expect.arrayContaining(['openid', 'fhirUser', 'offline_access']));
    expect(standalone).not.toContain('launch');
    // v2 permissions in the order the specification fixes (c, r, u, d, s), and no delete.
    expect(standalone.filter((s) => /\.[cruds]+$/.test(s)).every((s) => s.endsWith('.crus'))).toBe(true);
    expect(EHR_LAUNCH_SCOPES.split(' ').sort()).toEqual([...standalone, 'launch', 'launch/patient'].sort());
  });
});
