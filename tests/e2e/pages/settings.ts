import type { Page } from 'playwright-core';

/** Settings: the clinic's EHR connection and the patient-code system its tablets share. */
export class SettingsScreen {
  constructor(private readonly page: Page) {}

  /** Goes to Settings from anywhere in clinician mode. */
  async goTo(): Promise<void> {
    await this.page.getByRole('link', { name: 'Settings', exact: true }).click();
    await this.page.getByRole('heading', { name: 'EHR connection (FHIR)', exact: true }).waitFor();
  }

  /** Fills in the EHR connection (address, bearer token, no MRN system), saves it, then tests it; returns what the test said. */
  async connectEhr(baseUrl: string, token: string): Promise<string> {
    const panel = this.page.getByRole('region', { name: 'EHR connection (FHIR)' });
    await panel.getByLabel('FHIR server address (base URL)').fill(baseUrl);
    await panel.getByLabel('Access token (Bearer) from IT').check();
    await panel.getByLabel(/^Access token(?! \(Bearer)/).fill(token);
    await panel.getByRole('button', { name: 'Save connection' }).click();
    await panel.getByText('Connection saved.').waitFor();
    await panel.getByRole('button', { name: 'Test connection' }).click();
    const said = panel.getByText(/^Connected:|^No answer|^The server/);
    await said.waitFor();
    return said.innerText();
  }

  private ehrPanel() {
    return this.page.getByRole('region', { name: 'EHR connection (FHIR)' });
  }

  /**
   * Chooses "Sign in through the EHR (SMART)" with the server's address, the client id and the MRN system, then taps
   * "Sign in through the EHR": the browser leaves for the EHR's authorization endpoint (and comes back locked).
   */
  async signInThroughEhr(baseUrl: string, clientId: string, mrnSystem: string): Promise<void> {
    const panel = this.ehrPanel();
    await panel.getByLabel('FHIR server address (base URL)').fill(baseUrl);
    await panel.getByLabel('Sign in through the EHR (SMART)').check();
    await panel.getByLabel('Client id registered with the EHR').fill(clientId);
    await panel.getByLabel(/^Identifier system of the hospital/).fill(mrnSystem);
    await panel.getByRole('button', { name: 'Sign in through the EHR', exact: true }).click();
  }

  /** What the EHR connection says of the sign-in through the EHR (signed in as whom, not signed in, ended). */
  async smartSignInState(): Promise<string> {
    const said = this.ehrPanel().getByText(/^(Signed in through the EHR|Not signed in|The EHR sign-in was ended)/);
    await said.waitFor();
    return said.innerText();
  }

  private codeSystemField() {
    return this.page.getByRole('form', { name: 'Patient codes on the FHIR server' }).getByLabel('This clinic’s patient-code system');
  }

  /** The clinic's patient-code system as this tablet shows it (made here if the tablet has none yet). */
  async patientCodeSystem(): Promise<string> {
    const field = this.codeSystemField();
    // Disabled and empty until the stored (or newly made) system is read.
    await field.and(this.page.locator(':enabled')).waitFor();
    return field.inputValue();
  }

  /** Copies `system` (read off the clinic's first tablet) into this tablet's patient-code system and saves it. */
  async setPatientCodeSystem(system: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Patient codes on the FHIR server' });
    await this.patientCodeSystem();
    await this.codeSystemField().fill(system);
    await form.getByRole('button', { name: 'Save patient-code system' }).click();
    await form.getByText('Patient-code system saved.').waitFor();
  }
}
