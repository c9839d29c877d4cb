// The screens before a key is held, one chunk (see boot.ts `loadGateScreens`): patient mode never loads them.
export { SetupScreen } from '../screens/setup/setup-screen.tsx';
export { UnlockScreen } from '../screens/unlock/unlock-screen.tsx';
