import type { Page } from 'playwright-core';

export type NewPatient = {
  readonly code: string;
  readonly displayName?: string;
  readonly birthYear?: string;
  readonly mrn?: string;
};

/** The clinician's patient list: adding a patient and opening one. */
export class PatientsScreen {
  constructor(private readonly page: Page) {}

  /** Goes to the list from anywhere in clinician mode. */
  async goTo(): Promise<void> {
    await this.page.getByRole('link', { name: 'Patients', exact: true }).click();
  }

  /** Fills in the add-patient form on the list (only the fields given) and adds the patient. */
  async add(patient: NewPatient): Promise<void> {
    await this.page.getByLabel('Patient code (pseudonym)').fill(patient.code);
    if (patient.displayName !== undefined) await this.page.getByLabel('Display name (optional)').fill(patient.displayName);
    if (patient.birthYear !== undefined) await this.page.getByLabel('Birth year (optional)').fill(patient.birthYear);
    if (patient.mrn !== undefined) await this.page.getByLabel('Medical record number (optional)').fill(patient.mrn);
    await this.page.getByRole('button', { name: 'Add patient' }).click();
    // Stored once the form says so: a test that navigates away sooner (a launch URL, a reload) may find no patient.
    await this.page.getByText(`Patient ${patient.code} added.`, { exact: true }).waitFor();
  }

  /** Opens the patient from the list by its code. */
  async open(code: string): Promise<PatientScreen> {
    await this.page.getByRole('link', { name: new RegExp(code) }).click();
    return new PatientScreen(this.page);
  }
}

/** One patient's page: choosing instruments and starting them. */
export class PatientScreen {
  constructor(private readonly page: Page) {}

  /** Waits for the page of patient `code`. */
  async shows(code: string): Promise<this> {
    await this.page.getByRole('heading', { name: `Patient ${code}`, exact: true }).waitFor();
    return this;
  }

  /** Opens the start form when it waits behind "New assessment" (a returning patient). */
  async newAssessment(): Promise<void> {
    const button = this.page.getByRole('button', { name: 'New assessment', exact: true });
    await button.or(this.page.getByLabel('Choose instruments')).first().waitFor();
    if (await button.isVisible()) await button.click();
  }

  /** Opens the instrument choice and ticks the instruments whose labels match. */
  async choose(...instruments: RegExp[]): Promise<void> {
    await this.newAssessment();
    await this.page.getByLabel('Choose instruments').check();
    for (const name of instruments) await this.page.getByRole('checkbox', { name }).check();
  }

  /** "Start": hands the tablet over (or starts entering answers), or shows why it cannot. */
  async start(): Promise<void> {
    await this.page.getByRole('button', { name: 'Start', exact: true }).click();
  }
}
