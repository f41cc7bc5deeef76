import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  byStart,
  enclosingClass,
  findInside,
  isFunction,
  memberPath,
  nodesWithin,
  staticKeyName,
  unwrap,
  type Expression,
  type FunctionNode,
  type Node,
} from './ast.js';
import type { Scopes, Variable } from './scope.js';

const T = AST_NODE_TYPES;
const MAX_DEPTH = 6;

/** A piece of a string built at run time: known text, or a hole with the expression that fills it. */
export type StringPart = string | { hole: Expression };

/**
 * Arguments bound to a helper's parameters while we look inside it, so `tableauHeaders(token)`
 * resolves its `'X-Tableau-Auth': t` back to the caller's `token`.
 */
export type Bindings = ReadonlyMap<Variable, { node: Expression; bindings: Bindings }>;
export const NO_BINDINGS: Bindings = new Map();

/** A resolved value: the expression that produces it, and the bindings under which to read it. */
export interface Resolved {
  node: Node;
  bindings: Bindings;
}

/**
 * Static reasoning about values: what string an expression builds, what object it names, what a helper
 * function returns. Everything is bounded (depth) and conservative: what it cannot see becomes a hole.
 */
export class Values {
  private readonly stringCache = new Map<Node, StringPart[]>();

  constructor(
    private readonly scopes: Scopes,
    /** The file's work budget (see FileContext.spend). */
    private readonly spend: () => boolean,
    /** Every assignment expression of the file (FileContext's index), in any order. */
    private readonly assignments: readonly TSESTree.AssignmentExpression[],
  ) {}

  /** Follows identifiers to their single value and parameters to bound arguments; unwraps TS wrappers. */
  resolve(node: Node, bindings: Bindings = NO_BINDINGS, depth = 0): Resolved {
    const n = unwrap(node);
    if (depth > MAX_DEPTH || !this.spend()) return { node: n, bindings };
    if (n.type === T.Identifier) {
      const variable = this.scopes.variableOf(n);
      if (!variable) return { node: n, bindings };
      const bound = bindings.get(variable);
      if (bound) return this.resolve(bound.node, bound.bindings, depth + 1);
      const value = this.scopes.singleValue(variable);
      if (value) return this.resolve(value, bindings, depth + 1);
      return { node: n, bindings };
    }
    if (n.type === T.MemberExpression && n.object.type === T.ThisExpression) {
      const value = this.thisFieldValue(n);
      if (value) return this.resolve(value, NO_BINDINGS, depth + 1);
    }
    if (n.type === T.MemberExpression) {
      const key = staticKeyName(n.property, n.computed);
      const object = this.resolve(n.object, bindings, depth + 1);
      if (key !== undefined && object.node.type === T.ObjectExpression) {
        const prop = object.node.properties.find(
          (p): p is TSESTree.Property => p.type === T.Property && staticKeyName(p.key, p.computed) === key,
        );
        if (prop) return this.resolve(prop.value, object.bindings, depth + 1);
      }
    }
    return { node: n, bindings };
  }

  /**
   * `this.x` when the class gives it one value: a field initializer, or a single `this.x = ...` in the
   * constructor and nowhere else.
   */
  thisFieldValue(member: TSESTree.MemberExpression): Expression | undefined {
    const cls = enclosingClass(member);
    const name = staticKeyName(member.property, member.computed);
    if (!cls || name === undefined) return undefined;
    const field = this.classFields(cls).get(name);
    return field?.writes === 1 ? field.value : undefined;
  }

  private readonly fieldsByClass = new Map<Node, Map<string, { value?: Expression; writes: number }>>();

  /** Every instance field of a class with its writes (initializers and `this.x = ...`), read once per class. */
  private classFields(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): Map<string, { value?: Expression; writes: number }> {
    let fields = this.fieldsByClass.get(cls);
    if (fields) return fields;
    fields = new Map();
    const write = (name: string | undefined, value: Expression | undefined) => {
      if (name === undefined) return;
      const field = fields!.get(name) ?? { writes: 0 };
      field.value = value;
      field.writes++;
      fields!.set(name, field);
    };
    for (const element of cls.body.body) {
      if (element.type === T.PropertyDefinition && !element.static && element.value) write(staticKeyName(element.key, element.computed), element.value);
    }
    // Every assignment inside the class body, nested functions and classes included: taken from the file's
    // index by position (sorted once) instead of walking each class body again.
    for (const a of this.assignmentsWithin(cls.body)) {
      if (a.left.type === T.MemberExpression && a.left.object.type === T.ThisExpression) {
        write(staticKeyName(a.left.property, a.left.computed), a.operator === '=' ? a.right : undefined);
      }
    }
    this.fieldsByClass.set(cls, fields);
    return fields;
  }

  private assignmentsByStart?: readonly TSESTree.AssignmentExpression[];

  /** The assignment expressions inside a node. */
  private assignmentsWithin(node: Node): TSESTree.AssignmentExpression[] {
    return nodesWithin((this.assignmentsByStart ??= byStart(this.assignments)), node);
  }

  private readonly calledFunctions = new Map<Node, FunctionNode | null>();

  /** The function a callee names, when it is declared in this file (function, arrow, method or getter). */
  calledFunction(callee: Node): FunctionNode | undefined {
    // Asked of every call by the sign-in search and again by the rules: the answer depends on the file only.
    const cached = this.calledFunctions.get(callee);
    if (cached !== undefined) return cached ?? undefined;
    const fn = this.findCalledFunction(callee);
    this.calledFunctions.set(callee, fn ?? null);
    return fn;
  }

  private findCalledFunction(callee: Node): FunctionNode | undefined {
    const c = unwrap(callee);
    if (isFunction(c)) return c;
    if (c.type === T.Identifier) {
      const variable = this.scopes.variableOf(c);
      const def = variable?.defs[0];
      if (!def) return undefined;
      if (def.type === 'FunctionName' && isFunction(def.node as Node)) return def.node as FunctionNode;
      const value = variable && this.scopes.singleValue(variable);
      const target = value && unwrap(value);
      return target && isFunction(target) ? target : undefined;
    }
    if (c.type === T.MemberExpression && c.object.type === T.ThisExpression) {
      const name = staticKeyName(c.property, c.computed);
      return name === undefined ? undefined : this.classMember(c, name, 'method');
    }
    return undefined;
  }

  /** A method (or getter) of the class enclosing `from`, by name. */
  classMember(from: Node, name: string, kind: 'method' | 'get'): FunctionNode | undefined {
    const cls = enclosingClass(from);
    if (!cls) return undefined;
    for (const element of cls.body.body) {
      if (element.type === T.MethodDefinition && element.kind === kind && staticKeyName(element.key, element.computed) === name) {
        return element.value as FunctionNode;
      }
      if (kind === 'method' && element.type === T.PropertyDefinition && staticKeyName(element.key, element.computed) === name) {
        const value = element.value && unwrap(element.value);
        if (value && isFunction(value)) return value;
      }
    }
    return undefined;
  }

  /** Bindings of a function's parameters to a call's arguments (simple identifier parameters only). */
  bindArguments(fn: FunctionNode, args: readonly Node[], bindings: Bindings): Bindings {
    const next = new Map(bindings);
    fn.params.forEach((param, i) => {
      const id = param.type === T.AssignmentPattern ? param.left : param;
      const arg = args[i];
      if (id.type !== T.Identifier || !arg || arg.type === T.SpreadElement) return;
      const variable = this.scopes.variableOf(id);
      if (variable) next.set(variable, { node: arg as Expression, bindings });
    });
    return next;
  }

  /** Expressions a function can return (expression body, or every `return x` not inside a nested function). */
  returnedExpressions(fn: FunctionNode): Expression[] {
    if (fn.body.type !== T.BlockStatement) return [fn.body];
    return findInside(fn.body, (n) => n.type === T.ReturnStatement && !!n.argument).map(
      (n) => (n as TSESTree.ReturnStatement).argument!,
    );
  }

  /** What a call to a same-file helper returns, with the helper's parameters bound to the call's arguments. */
  callResults(call: TSESTree.CallExpression, bindings: Bindings, depth = 0): Resolved[] {
    if (depth > MAX_DEPTH) return [];
    const fn = this.calledFunction(call.callee);
    if (!fn) {
      // A getter read as `this.authHeader` is handled by callers through `getterResults`.
      return [];
    }
    const inner = this.bindArguments(fn, call.arguments, bindings);
    return this.returnedExpressions(fn).map((e) => this.resolve(e, inner, depth + 1));
  }

  /** What a getter returns, for `this.headers` read as a property. */
  getterResults(member: TSESTree.MemberExpression): Resolved[] {
    const name = staticKeyName(member.property, member.computed);
    if (member.object.type !== T.ThisExpression || name === undefined) return [];
    const getter = this.classMember(member, name, 'get');
    return getter ? this.returnedExpressions(getter).map((e) => this.resolve(e, NO_BINDINGS)) : [];
  }

  /** The string an expression builds, as text and holes. */
  string(node: Node, bindings: Bindings = NO_BINDINGS, depth = 0): StringPart[] {
    const cacheable = bindings.size === 0;
    if (cacheable) {
      const cached = this.stringCache.get(node);
      if (cached) return cached;
    }
    const parts = this.computeString(node, bindings, depth);
    if (cacheable) this.stringCache.set(node, parts);
    return parts;
  }

  private computeString(node: Node, bindings: Bindings, depth: number): StringPart[] {
    const n = unwrap(node);
    // The single-hole answer is built where it is returned, not up front for every expression asked about.
    if (depth > MAX_DEPTH || !this.spend()) return holeOf(n);
    switch (n.type) {
      case T.Literal:
        return typeof n.value === 'string' || typeof n.value === 'number' ? [String(n.value)] : holeOf(n);
      case T.TemplateLiteral: {
        const parts: StringPart[] = [];
        n.quasis.forEach((q, i) => {
          parts.push(q.value.cooked ?? q.value.raw);
          if (i < n.expressions.length) parts.push(...this.string(n.expressions[i], bindings, depth + 1));
        });
        return mergeText(parts);
      }
      case T.BinaryExpression:
        if (n.operator !== '+') return holeOf(n);
        return mergeText([...this.string(n.left, bindings, depth + 1), ...this.string(n.right, bindings, depth + 1)]);
      case T.Identifier:
      case T.MemberExpression: {
        const resolved = this.resolve(n, bindings, depth + 1);
        if (resolved.node === n) return holeOf(n);
        const parts = this.string(resolved.node, resolved.bindings, depth + 1);
        // Keep the reader's own expression in place of a hole that carries no information of its own.
        return parts.length === 1 && typeof parts[0] !== 'string' ? holeOf(n) : parts;
      }
      case T.NewExpression:
        // new URL(path, base): for recognising the REST shape, base followed by path is close enough.
        if (memberPath(n.callee) === 'URL' && n.arguments.length >= 1) {
          const path = this.string(n.arguments[0], bindings, depth + 1);
          const base = n.arguments[1] ? this.string(n.arguments[1], bindings, depth + 1) : [];
          return mergeText([...base, ...path]);
        }
        return holeOf(n);
      case T.CallExpression: {
        const callee = unwrap(n.callee);
        if (callee.type === T.Identifier && callee.name === 'String' && n.arguments[0]) {
          return this.string(n.arguments[0], bindings, depth + 1);
        }
        if (callee.type === T.MemberExpression) {
          const method = staticKeyName(callee.property, callee.computed);
          if (method === 'toString' && n.arguments.length === 0) return this.string(callee.object, bindings, depth + 1);
          if (method === 'join') {
            const array = unwrap(callee.object);
            const sep = n.arguments[0] ? this.string(n.arguments[0], bindings, depth + 1) : [','];
            if (array.type === T.ArrayExpression && sep.every((p) => typeof p === 'string')) {
              const parts: StringPart[] = [];
              array.elements.forEach((el, i) => {
                if (i > 0) parts.push(sep.join(''));
                if (el && el.type !== T.SpreadElement) parts.push(...this.string(el, bindings, depth + 1));
              });
              return mergeText(parts);
            }
          }
        }
        const fn = this.calledFunction(n.callee);
        if (fn) {
          const returns = this.returnedExpressions(fn);
          if (returns.length === 1) {
            return this.string(returns[0], this.bindArguments(fn, n.arguments, bindings), depth + 1);
          }
        }
        return holeOf(n);
      }
      default:
        return holeOf(n);
    }
  }
}

function holeOf(n: Node): StringPart[] {
  return [{ hole: n as Expression }];
}

function mergeText(parts: StringPart[]): StringPart[] {
  const out: StringPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else if (p !== '') out.push(p);
  }
  return out;
}

/** Text with every hole replaced by `\u0000`, for pattern matching. */
export function flatten(parts: readonly StringPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : '\u0000')).join('');
}
