import { ESLintUtils } from '@typescript-eslint/utils';

export const REPOSITORY_URL = 'https://github.com/tableau-rest/eslint-plugin-tableau-rest';

/** Extra `meta.docs` every rule declares (read by the configs test and the doc generator). */
export interface TableauRuleDocs {
  description: string;
  /** The lowest config that enables the rule. */
  recommended: 'recommended' | 'strict';
  /** Rules see further with type information but never require it. */
  requiresTypeChecking?: false;
}

export const createRule = ESLintUtils.RuleCreator<TableauRuleDocs>((name) => `${REPOSITORY_URL}/blob/main/rules/${name}.md`);

/** The pointer every message ends with: the codemod that fixes what the rules find. */
export const FIX_HINT = 'Run `npx tableau-rest fix` to route this code through a session wrapper that re-signs in.';
