import type { TSESLint } from '@typescript-eslint/utils';
import { analysisFor, collectingListeners, type TableauAnalysis } from '../recognizer/index.js';

const warned = new Set<string>();

/**
 * The one listener every rule uses: once the file is read, check it with the shared analysis (skipped
 * for files that cannot call Tableau). The first rule created for a file also gets the listeners that collect
 * the nodes the analysis indexes, as ESLint traverses the file. A bug in a check can never crash ESLint (one odd file would
 * otherwise fail a whole CI run): the failure is reported once per rule on stderr and the file gets no
 * findings from that rule. With TABLEAU_REST_DEBUG set the error is thrown as is (the tests set it).
 */
export function onAnalysis(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  check: (analysis: TableauAnalysis) => void,
): TSESLint.RuleListener {
  let collecting: TSESLint.RuleListener = {};
  try {
    collecting = collectingListeners(context);
  } catch (error) {
    if (process.env.TABLEAU_REST_DEBUG) throw error; // without them the analysis walks the tree itself
  }
  return {
    ...collecting,
    'Program:exit'() {
      try {
        const analysis = analysisFor(context);
        if (analysis) check(analysis);
      } catch (error) {
        if (process.env.TABLEAU_REST_DEBUG) throw error;
        if (warned.has(context.id)) return;
        warned.add(context.id);
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(
          `eslint-plugin-tableau-rest: internal error in ${context.id} on ${context.filename}: ${message} ` +
            '(the file was skipped by this rule; set TABLEAU_REST_DEBUG=1 for the stack and please report it)\n',
        );
      }
    },
  };
}
