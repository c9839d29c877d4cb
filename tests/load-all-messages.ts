import { loadMessages } from '../src/i18n/translate.ts';

/*
 * Unit and component tests render screens outside the app's lazy loads, with `createTranslator('en')`: every part of
 * the UI's words is loaded first, as clinician mode has them (the app loads each part with its screens).
 */
await loadMessages('gate', 'patient', 'effort', 'reward', 'clinician');
