// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, without type
// information so that linting the whole tree takes seconds. `npm run lint`; CI runs it (.ci/run).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', 'results/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  { files: ['**/*.js'], languageOptions: { globals: globals.node } },
  {
    rules: {
      // `_` marks a value left unused on purpose (a field destructured away, a callback's position).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
