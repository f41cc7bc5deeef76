import * as tsParser from '@typescript-eslint/parser';
import type { ESLint, Linter } from 'eslint';
import type { RuleName } from './rules.js';

type RuleEntry = Linter.RuleEntry;

const JS_FILES = ['**/*.{js,mjs,cjs,jsx}'];
const TS_FILES = ['**/*.{ts,tsx,mts,cts}'];

const recommendedRules: Record<RuleName, RuleEntry> = {
  'no-stale-token': 'error',
  'handle-auth-errors': 'error',
  'no-foreign-site': 'warn',
  'no-hardcoded-credentials': 'error',
  'reauth-only-on-401': 'error',
};

// Each rule documents what its strict setting adds (rules/<name>.md, "Options").
const strictRules: Record<RuleName, RuleEntry> = {
  'no-stale-token': ['error', { requireReauthOn401: true }],
  'handle-auth-errors': ['error', { passingErrorHandles: false }],
  'no-foreign-site': 'error',
  'no-hardcoded-credentials': ['error', { ignorePlaceholders: false }],
  'reauth-only-on-401': ['error', { allowOtherStatuses: false }],
};

function prefixed(entries: Record<RuleName, RuleEntry>): Linter.RulesRecord {
  return Object.fromEntries(Object.entries(entries).map(([name, entry]) => [`tableau-rest/${name}`, entry]));
}

export type TableauRestConfigs = {
  /** All five rules; `no-foreign-site` warns, the rest are errors. */
  recommended: Linter.Config[];
  /** All five as errors, with each rule's stricter options. */
  strict: Linter.Config[];
  /** `recommended`, with TypeScript's project service so the rules can follow values across modules. */
  'recommended-type-checked': Linter.Config[];
};

/**
 * Flat configs: one block for JavaScript (plus JSX parsing for .jsx) and one for TypeScript (ESLint 10 skips files that no block
 * matches, so the TypeScript block brings its own parser). The type-checked variant adds the project
 * service so the rules can follow tokens and clients across modules; the rules never require it.
 */
export function createConfigs(plugin: ESLint.Plugin): TableauRestConfigs {
  const make = (name: string, rules: Linter.RulesRecord, typed: boolean): Linter.Config[] => [
    { name: `tableau-rest/${name}`, files: JS_FILES, plugins: { 'tableau-rest': plugin }, rules },
    // espree parses JSX only when asked; without this every .jsx file is a parse error, not a lint.
    { name: `tableau-rest/${name}/jsx`, files: ['**/*.jsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    {
      name: `tableau-rest/${name}/typescript`,
      files: TS_FILES,
      plugins: { 'tableau-rest': plugin },
      languageOptions: {
        parser: tsParser as Linter.Parser,
        parserOptions: typed ? { projectService: true } : {},
      },
      rules,
    },
  ];
  return {
    recommended: make('recommended', prefixed(recommendedRules), false),
    strict: make('strict', prefixed(strictRules), false),
    'recommended-type-checked': make('recommended-type-checked', prefixed(recommendedRules), true),
  };
}
