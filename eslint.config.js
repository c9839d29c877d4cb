// @ts-check
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';

/** One-way imports (ARCHITECTURE.md): each zone names a layer and what it must never import. */
const layerZones = [
  { target: './src/domain', from: ['./src/storage', './src/export', './src/workflows', './src/ui', './src/screens', './src/app', './src/cli', './src/i18n'] },
  { target: './src/export', from: ['./src/storage', './src/workflows', './src/ui', './src/screens', './src/app', './src/cli'] },
  { target: './src/storage', from: ['./src/export', './src/workflows', './src/ui', './src/screens', './src/app', './src/cli'] },
  { target: './src/workflows', from: ['./src/ui', './src/screens', './src/app', './src/cli', './src/i18n'] },
  { target: './src/i18n', from: ['./src/storage', './src/export', './src/workflows', './src/ui', './src/screens', './src/app', './src/cli'] },
  { target: './src/ui', from: ['./src/storage', './src/workflows', './src/screens', './src/app', './src/cli'] },
  { target: './src/screens', from: ['./src/app', './src/cli'] },
  { target: './src/cli', from: ['./src/storage', './src/workflows', './src/ui', './src/screens', './src/app', './src/i18n'] },
];

/** Screens never import each other: one zone per screen folder, forbidding every other screen folder. */
const screenFolders = readdirSync(join(import.meta.dirname, 'src', 'screens'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const screenZones = screenFolders.map((name) => ({
  target: `./src/screens/${name}`,
  from: screenFolders.filter((other) => other !== name).map((other) => `./src/screens/${other}`),
  message: 'Screens never import each other: move what both need to src/ui, src/workflows or the shared files in src/screens.',
}));
const zones = [...layerZones, ...screenZones];

export default tseslint.config(
  { ignores: ['dist/', 'dev-dist/', 'node_modules/', 'coverage/', 'build/webcrypto-global/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX, 'jsx-a11y': jsxA11y, 'react-hooks': reactHooks },
    settings: { 'import-x/resolver': { typescript: true, node: true } },
    rules: {
      ...jsxA11y.flatConfigs.strict.rules,
      ...reactHooks.configs.recommended.rules,
      // The React-Compiler rules misread react-hook-form's register()/handleSubmit() and async loads in effects.
      'react-hooks/refs': 'off',
      'react-hooks/purity': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/incompatible-library': 'off',
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': 'error',
      'import-x/no-default-export': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-alert': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'JSXText[value=/[A-Za-z]{3,}/]', message: 'UI text goes through src/i18n (useTranslate), not JSX literals.' },
      ],
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/storage/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'dexie', message: 'Only src/storage imports Dexie.' }] }] },
  },
  {
    files: ['src/domain/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['react', 'react-dom', 'dexie', 'node:*', 'recharts'], message: 'src/domain is pure TypeScript.' }] }],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'Time comes in as an argument.' },
        { name: 'window', message: 'No DOM in the domain.' },
        { name: 'document', message: 'No DOM in the domain.' },
        { name: 'crypto', message: 'Ids and randomness come in as arguments (Environment).' },
        { name: 'performance', message: 'Time comes in as an argument.' },
        { name: 'navigator', message: 'No browser in the domain: device facts come in as arguments.' },
        { name: 'localStorage', message: 'No storage in the domain.' },
        { name: 'sessionStorage', message: 'No storage in the domain.' },
        { name: 'fetch', message: 'No network in the domain.' },
      ],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Randomness comes in as an argument.' }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'tests/**'],
    rules: {
      'import-x/no-restricted-paths': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['eslint.config.js', 'vite.config.ts'],
    rules: { 'import-x/no-default-export': 'off' },
  },
);
