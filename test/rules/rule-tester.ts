import { RuleTester } from '@typescript-eslint/rule-tester';

// vitest runs with `globals: true`, so RuleTester finds describe/it/afterAll on its own.

/** One tester for every rule: the TypeScript parser reads JS, TS and (by file name) TSX alike. */
export const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
  },
});

/** File names that pick the dialect of a case. */
export const JS = 'legacy.js';
export const CJS = 'legacy.cjs';
export const TS = 'client.ts';
export const TSX = 'Dashboard.tsx';
