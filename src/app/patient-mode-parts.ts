// Patient mode's code in one dynamic import (boot.ts `loadPatientMode`): its screen and its catalogue loader.
export { PatientModeScreen } from '../screens/administration/patient-mode-screen.tsx';
export { loadPatientCatalogue } from './patient-catalogue.ts';
export { openPatientSession, type OpenedPatientSession } from '../workflows/patient-answers.ts';
