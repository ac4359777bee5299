// ESLint: typescript-eslint everywhere; HubSpot's UI-extension rules on the card, the settings page and their shared packages.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { config as hubspotUiExtensions } from '@hubspot/eslint-config-ui-extensions';
import { noParentValueImports } from './scripts/eslint/no-parent-value-imports.mjs';

const uiFiles = ['src/app/cards/**/*.{ts,tsx}', 'src/app/settings/**/*.{ts,tsx}', 'src/app/packages/**/*.{ts,tsx}'];

export default tseslint.config(
  { ignores: ['node_modules/', '**/dist/', 'coverage/', 'test-artifacts/', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...hubspotUiExtensions.map((entry) => ({ ...entry, files: uiFiles })),
  {
    files: uiFiles,
    plugins: { local: { rules: { 'no-parent-value-imports': noParentValueImports } } },
    rules: { '@hubspot/ui-extensions/no-parent-imports': 'off', 'local/no-parent-value-imports': 'error' },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['test/**', 'bench/**'], rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' } },
);
