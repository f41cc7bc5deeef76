import type { TSESLint } from '@typescript-eslint/utils';
import * as tsParser from '@typescript-eslint/parser';
import type { RuleName } from './rules.js';

type Severity = 'error' | 'warn';
type RuleEntry = Severity | [Severity, Record<string, unknown>];

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
  'no-foreign-site': ['error', { allowSiteFromCalls: false }],
  'no-hardcoded-credentials': ['error', { ignorePlaceholders: false }],
  'reauth-only-on-401': ['error', { allowOtherStatuses: false }],
};

function prefixed(entries: Record<RuleName, RuleEntry>): TSESLint.FlatConfig.Rules {
  return Object.fromEntries(Object.entries(entries).map(([name, entry]) => [`tableau-rest/${name}`, entry]));
}

/**
 * Flat configs: one block for JavaScript and one for TypeScript (ESLint 10 skips files that no block
 * matches, so the TypeScript block brings its own parser). The type-checked variant adds the project
 * service so the rules can follow tokens and clients across modules; the rules never require it.
 */
export function createConfigs(plugin: TSESLint.FlatConfig.Plugin) {
  const make = (name: string, rules: TSESLint.FlatConfig.Rules, typed: boolean): TSESLint.FlatConfig.ConfigArray => [
    { name: `tableau-rest/${name}`, files: JS_FILES, plugins: { 'tableau-rest': plugin }, rules },
    {
      name: `tableau-rest/${name}/typescript`,
      files: TS_FILES,
      plugins: { 'tableau-rest': plugin },
      languageOptions: {
        parser: tsParser,
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
