import { AST_NODE_TYPES } from '@typescript-eslint/types';
import { memberPath, someInside, staticKeyName, type Node } from './ast.js';

const T = AST_NODE_TYPES;

// What a condition looks at, read from its source shape. Shared by the refresh-path search, the
// 401-only check and the response-handling check, so "checks the status" means the same everywhere.

const UNAUTHORIZED_NAME = /unauthori[sz]ed/i;
const TABLEAU_401_CODES = new Set(['401', '401000', '401002']);

/** Mentions HTTP 401 or Tableau's 401000/401002: `status === 401`, `code === '401002'`, `StatusCodes.UNAUTHORIZED`. */
export function mentions401(test: Node): boolean {
  return someInside(test, (n) => {
    if (n.type === T.Literal) return (typeof n.value === 'number' && n.value === 401) || (typeof n.value === 'string' && TABLEAU_401_CODES.has(n.value));
    if (n.type === T.Identifier) return UNAUTHORIZED_NAME.test(n.name);
    return false;
  });
}

/** HTTP statuses other than 401 written in the test (for the strict "401 only" check). */
export function otherStatuses(test: Node): number[] {
  const found: number[] = [];
  someInside(test, (n) => {
    if (n.type === T.Literal && typeof n.value === 'number' && n.value >= 400 && n.value < 600 && n.value !== 401) found.push(n.value);
    if (n.type === T.Literal && typeof n.value === 'string' && /^[45]\d\d(\d{3})?$/.test(n.value) && !TABLEAU_401_CODES.has(n.value)) {
      found.push(Number(n.value.slice(0, 3)));
    }
    return false;
  });
  return found;
}

const STATUS_PROPS = new Set(['ok', 'status', 'statusCode', 'statusText']);

/** Looks at a response's `ok`/`status`/`statusCode`, or a Tableau error code. */
export function isStatusTest(test: Node): boolean {
  return someInside(test, (n) => {
    if (n.type === T.MemberExpression) {
      const key = staticKeyName(n.property, n.computed);
      return key !== undefined && (STATUS_PROPS.has(key) || key === 'code');
    }
    if (n.type === T.Identifier) return n.name === 'status' || n.name === 'statusCode';
    return false;
  }) || mentions401(test);
}

const EXPIRY_NAME = /expir|ttl|stale|lifetime|validuntil|issuedat|signedinat|lastused|refreshat|deadline|maxage|tokenage|age_?ms/i;

/** Compares the clock or an expiry value: `Date.now() > expiresAt`, `isExpired()`, `tokenAge > TTL`. */
export function isExpiryTest(test: Node): boolean {
  return someInside(test, (n) => {
    if (n.type === T.Identifier) return EXPIRY_NAME.test(n.name);
    if (n.type === T.MemberExpression) {
      const path = memberPath(n);
      if (path === 'Date.now' || path === 'performance.now' || path === 'process.hrtime') return true;
      const key = staticKeyName(n.property, n.computed);
      return key !== undefined && (EXPIRY_NAME.test(key) || key === 'getTime');
    }
    if (n.type === T.NewExpression) return memberPath(n.callee) === 'Date';
    return false;
  });
}
