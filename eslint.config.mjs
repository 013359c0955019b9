// npm run lint: ESLint's and typescript-eslint's recommended rules (not type-checked) on the
// TypeScript sources, this folder's config files and the two browser scripts served as they are.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'appPackage/build/', 'test-results/', 'data/'] },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // JSON shapes (cards, activities, invoke values) and test doubles are typed `any` on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      // `require(...) as typeof import(...)` loads heavy or optional modules lazily, off the start path.
      '@typescript-eslint/no-require-imports': 'off',
      // Text cleaning matches NUL and other control characters on purpose.
      'no-control-regex': 'off',
      // A leading underscore marks a parameter or a left-out property as unused on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['localChat/public/**/*.js', 'dashboard/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, Chart: 'readonly', WebChat: 'readonly' } },
  },
);
