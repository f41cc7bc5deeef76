import handleAuthErrors from '../../rules/handle-auth-errors.js';
import noForeignSite from '../../rules/no-foreign-site.js';
import noHardcodedCredentials from '../../rules/no-hardcoded-credentials.js';
import noStaleToken from '../../rules/no-stale-token.js';
import reauthOnlyOn401 from '../../rules/reauth-only-on-401.js';

export const rules = {
  'no-stale-token': noStaleToken,
  'handle-auth-errors': handleAuthErrors,
  'no-foreign-site': noForeignSite,
  'no-hardcoded-credentials': noHardcodedCredentials,
  'reauth-only-on-401': reauthOnlyOn401,
};

export type RuleName = keyof typeof rules;
