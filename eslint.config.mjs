// ESLint flat config: typescript-eslint's recommended rules for every part.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { importFences } from './tools/lint/importFences.mjs';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', '.sandbox-data/**', 'test-results/**', '**/dist/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        { selector: "CallExpression[callee.object.name='describe'][callee.property.name='only']", message: 'No .only in tests.' },
        { selector: "CallExpression[callee.object.name='it'][callee.property.name='only']", message: 'No .only in tests.' },
        { selector: "CallExpression[callee.object.name='describe'][callee.property.name='skip']", message: 'No skipped suites.' },
        { selector: "CallExpression[callee.object.name='it'][callee.property.name='skip']", message: 'No skipped tests.' },
      ],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Each part imports only itself plus shared/ (docs/architecture.md).
    files: ['src/**/*.ts', 'webview/**/*.{ts,tsx}', 'sandbox/**/*.ts', 'shared/**/*.ts'],
    plugins: { fences: { rules: { imports: importFences } } },
    rules: { 'fences/imports': 'error' },
  },
  {
    files: ['webview/**/*.{ts,tsx}', 'test/webview/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Tool config files must default-export their configuration.
    files: ['*.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
);
