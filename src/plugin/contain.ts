const warned = new Set<string>();

/**
 * Runs a rule's check so that a bug in it can never crash ESLint (one odd file would otherwise fail a
 * whole CI run): the failure is reported once per rule on stderr and the file simply gets no findings
 * from that rule. With TABLEAU_REST_DEBUG set, the error is thrown as is (the test suites set it).
 */
export function contained(ruleName: string, filename: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (process.env.TABLEAU_REST_DEBUG) throw error;
    if (warned.has(ruleName)) return;
    warned.add(ruleName);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `eslint-plugin-tableau-rest: internal error in ${ruleName} on ${filename}: ${message} ` +
        '(the file was skipped by this rule; set TABLEAU_REST_DEBUG=1 for the stack and please report it)\n',
    );
  }
}
