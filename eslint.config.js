// ESLint 9 flat config for the whole workspace. `pnpm lint` = turbo's `lint` task (each package's
// `eslint .`, src/ and test/) and the root task `lint:root` (scripts/, bench/, root config files);
// `pnpm lint:fix` runs `eslint --fix .` over all of it.
// - TypeScript: typescript-eslint's type-aware `recommendedTypeChecked`, types from each
//   package's tsconfig.json through the project service.
// - Formatting: @stylistic rules chosen to match the code as it is written (2-space indent,
//   single quotes, semicolons, trailing commas on multi-line literals, lines up to 160 columns).
//   A full reformatter (prettier) would rewrite about half the files at any print width, so
//   the check states the house layout instead of imposing a new one.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['**/dist/**', '**/dist-base/**', '**/dist-nohash/**', '**/node_modules/**', '**/.readme-examples-*/**', '**/.turbo/**', '**/.jest/**', '**/coverage/**', 'docs/**', 'bench/.data/**'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // Build scripts, jest configs and the root's scripts are plain Node ESM outside every
    // tsconfig: no type information, Node globals.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      // A variable that must be declared but is not read (a loop that only counts) is named `_…`,
      // as unused parameters already are.
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
    },
  },
  {
    plugins: { '@stylistic': stylistic },
    rules: {
      // offsetTernaryExpressions: a multi-line branch of `a ? b : c` is indented one more step.
      '@stylistic/indent': ['error', 2, { SwitchCase: 1, offsetTernaryExpressions: true, ignoredNodes: ['TemplateLiteral *'] }],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/comma-spacing': 'error',
      '@stylistic/key-spacing': 'error',
      '@stylistic/keyword-spacing': 'error',
      '@stylistic/space-before-blocks': 'error',
      '@stylistic/space-infix-ops': 'error',
      '@stylistic/arrow-parens': ['error', 'always'],
      '@stylistic/arrow-spacing': 'error',
      '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
      '@stylistic/eol-last': 'error',
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', { max: 1, maxEOF: 0 }],
      '@stylistic/no-tabs': 'error',
      // ignorePattern: a Markdown table row in a doc comment (` * | … |`) cannot be wrapped.
      '@stylistic/max-len': ['error', {
        code: 160, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignorePattern: '^\\s*\\* \\|',
      }],
    },
  },
);
