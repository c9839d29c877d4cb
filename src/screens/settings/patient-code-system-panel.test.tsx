import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { testEnvironment } from '../../../tests/support/environment.ts';
import { renderWithServices } from '../../../tests/support/render.tsx';
import { freshVault } from '../../../tests/support/vault.ts';
import { readPatientCodeSystem } from '../../storage/settings-repository.ts';
import { PatientCodeSystemPanel } from './patient-code-system-panel.tsx';

afterEach(cleanup);

const FIRST_TABLET = 'https://motivation-profile.app/fhir/patient-code/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';

describe("Settings: the clinic's patient-code system", () => {
  it("shows this tablet's system, refuses one that is not a URI, and takes the first tablet's", async () => {
    const vault = await freshVault();
    renderWithServices(<PatientCodeSystemPanel />, { vault, env: testEnvironment({ newId: () => '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d' }) });
    const input = await screen.findByRole<HTMLInputElement>('textbox', { name: /^This clinic’s patient-code system/ });
    await waitFor(() => expect(input.value).toBe('https://motivation-profile.app/fhir/patient-code/6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d'));

    fireEvent.change(input, { target: { value: 'clinic one' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save patient-code system' }));
    expect(await screen.findByText(/Enter a URI: urn:oid/)).toBeTruthy();
    const unchanged = await readPatientCodeSystem(vault.db);
    expect(unchanged.ok && unchanged.value).toBe('https://motivation-profile.app/fhir/patient-code/6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d');

    fireEvent.change(input, { target: { value: FIRST_TABLET } });
    fireEvent.click(screen.getByRole('button', { name: 'Save patient-code system' }));
    expect(await screen.findByText('Patient-code system saved.')).toBeTruthy();
    const stored = await readPatientCodeSystem(vault.db);
    expect(stored.ok && stored.value).toBe(FIRST_TABLET);
    expect(screen.queryByText(/Enter a URI: urn:oid/)).toBeNull();
  });
});
