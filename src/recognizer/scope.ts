import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { stringLiteralValue, staticKeyName, unwrap, type Expression, type Node } from './ast.js';

const T = AST_NODE_TYPES;

export type Variable = TSESLint.Scope.Variable;

/** Where a binding was imported from: `import x from 'm'`, `const { y } = require('m')`, `await import('m')`. */
export interface ImportOrigin {
  source: string;
  /** 'default', '*' (namespace or whole CommonJS module), or the named export. */
  imported: string;
}

/**
 * Identifier-to-variable lookups over ESLint's scope analysis, built once per file: the scope manager
 * already resolved every reference, so one pass over its scopes answers every later question in O(1).
 */
export class Scopes {
  private readonly byIdentifier = new Map<TSESTree.Identifier, Variable>();
  readonly moduleScope: TSESLint.Scope.Scope | undefined;

  constructor(scopeManager: TSESLint.Scope.ScopeManager) {
    for (const scope of scopeManager.scopes) {
      for (const ref of scope.references) {
        if (ref.resolved) this.byIdentifier.set(ref.identifier as TSESTree.Identifier, ref.resolved);
      }
      for (const variable of scope.variables) {
        for (const id of variable.identifiers) this.byIdentifier.set(id as TSESTree.Identifier, variable);
      }
    }
    this.moduleScope = scopeManager.scopes.find((s) => s.type === 'module') ?? scopeManager.globalScope ?? undefined;
  }

  variableOf(node: Node): Variable | undefined {
    const n = unwrap(node);
    return n.type === T.Identifier ? this.byIdentifier.get(n) : undefined;
  }

  /** A variable that lives as long as the module: declared at the top level (module or script scope). */
  isModuleLevel(variable: Variable): boolean {
    const type = variable.scope.type;
    // CommonJS files get a function scope around the whole program (Node's module wrapper).
    return type === 'module' || type === 'global' || (type === 'function' && variable.scope.block.type === T.Program);
  }

  isParameter(variable: Variable): boolean {
    return variable.defs.some((d) => d.type === 'Parameter');
  }

  /** Expressions written to the variable: its initializer and every assignment's right-hand side. */
  writtenValues(variable: Variable): Expression[] {
    const values: Expression[] = [];
    for (const ref of variable.references) {
      if (ref.isWrite() && ref.writeExpr) values.push(ref.writeExpr as Expression);
    }
    return values;
  }

  /** Every identifier node through which the variable is read. */
  reads(variable: Variable): TSESTree.Identifier[] {
    return variable.references.filter((r) => r.isRead()).map((r) => r.identifier as TSESTree.Identifier);
  }

  /**
   * The single value a variable holds for its whole life: a `const` initializer, or a `let`/`var`
   * written exactly once. Destructured bindings yield the property they take from their initializer
   * when that is an object literal.
   */
  singleValue(variable: Variable): Expression | undefined {
    const def = variable.defs[0];
    if (!def || variable.defs.length !== 1 || def.type !== 'Variable') return undefined;
    const declarator = def.node as TSESTree.VariableDeclarator;
    const writes = variable.references.filter((r) => r.isWrite());
    const kind = (declarator.parent as TSESTree.VariableDeclaration).kind;
    if (kind !== 'const' && writes.length !== 1) return undefined;
    if (!declarator.init) return undefined;
    if (declarator.id.type === T.Identifier) return declarator.init;
    return destructuredValue(declarator.id, def.name as TSESTree.Identifier, declarator.init);
  }

  importOrigin(variable: Variable): ImportOrigin | undefined {
    const def = variable.defs[0];
    if (!def) return undefined;
    if (def.type === 'ImportBinding') {
      const spec = def.node as TSESTree.ImportClause;
      const decl = def.parent as TSESTree.ImportDeclaration;
      const source = decl.source.value;
      if (spec.type === T.ImportDefaultSpecifier) return { source, imported: 'default' };
      if (spec.type === T.ImportNamespaceSpecifier) return { source, imported: '*' };
      if (spec.type === T.ImportSpecifier) {
        const imported = spec.imported.type === T.Identifier ? spec.imported.name : String(spec.imported.value);
        return { source, imported };
      }
      return undefined;
    }
    if (def.type !== 'Variable') return undefined;
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (!declarator.init) return undefined;
    const required = requiredModule(declarator.init);
    if (!required) return undefined;
    if (declarator.id.type === T.Identifier) return required;
    if (declarator.id.type === T.ObjectPattern) {
      const key = patternKeyOf(declarator.id, def.name as TSESTree.Identifier);
      if (key) return { source: required.source, imported: required.imported === '*' ? key : `${required.imported}.${key}` };
    }
    return undefined;
  }
}

/**
 * `require('m')`, `require('m').x`, `require('m').default`, `await import('m')`, `(await import('m')).default`,
 * and the esModuleInterop helpers TypeScript emits (`__importDefault(require('m'))`).
 */
export function requiredModule(expression: Node): ImportOrigin | undefined {
  let n = unwrap(expression);
  let imported = '*';
  if (n.type === T.MemberExpression) {
    const key = staticKeyName(n.property, n.computed);
    if (!key) return undefined;
    imported = key;
    n = unwrap(n.object);
  }
  if (n.type === T.AwaitExpression) n = unwrap(n.argument);
  if (n.type === T.ImportExpression) {
    const source = stringLiteralValue(n.source);
    return source === undefined ? undefined : { source, imported };
  }
  if (n.type === T.CallExpression && n.callee.type === T.Identifier) {
    if (n.callee.name === 'require') {
      const source = stringLiteralValue(n.arguments[0]);
      return source === undefined ? undefined : { source, imported };
    }
    if (/^__import(Default|Star)$/.test(n.callee.name) && n.arguments[0]) {
      const inner = requiredModule(n.arguments[0]);
      return inner && { source: inner.source, imported };
    }
  }
  return undefined;
}

function patternKeyOf(pattern: TSESTree.ObjectPattern, id: TSESTree.Identifier): string | undefined {
  for (const p of pattern.properties) {
    if (p.type !== T.Property) continue;
    const value = p.value.type === T.AssignmentPattern ? p.value.left : p.value;
    if (value === id) return staticKeyName(p.key, p.computed);
  }
  return undefined;
}

function destructuredValue(pattern: TSESTree.Node, id: TSESTree.Identifier, init: Expression): Expression | undefined {
  if (pattern.type !== T.ObjectPattern) return undefined;
  const key = patternKeyOf(pattern, id);
  const source = unwrap(init);
  if (key === undefined || source.type !== T.ObjectExpression) return undefined;
  for (const p of source.properties) {
    if (p.type === T.Property && staticKeyName(p.key, p.computed) === key) return p.value as Expression;
  }
  return undefined;
}
