import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  byStart,
  calleeProperty,
  enclosingClass,
  isFunction,
  memberPath,
  nodesWithin,
  staticKeyName,
  unwrap,
  walk,
  type CallLike,
  type TraversalStep,
  type Expression,
  type FunctionNode,
  type Node,
} from './ast.js';
import { Scopes, type Variable } from './scope.js';
import type { NormalizedSettings } from './settings.js';
import type { TypeServices } from './types.js';
import { Values } from './values.js';

const T = AST_NODE_TYPES;
const WORK_BUDGET = 200_000;

/** A write into an object after it was created: `h['X-Tableau-Auth'] = t`, `h.set(k, v)`, `Object.assign(h, src)`. */
export interface MemberWrite {
  /** The key (absent for Object.assign sources). */
  key?: Node;
  computed: boolean;
  value: Node;
  node: Node;
  /** `Object.assign(target, value)`: value is a whole object whose keys are merged in. */
  merge?: boolean;
}

/**
 * Everything the recogniser learns in its one walk over a file, plus the value and scope helpers.
 * Objects are keyed so that `headers` (a variable), `this.headers` (a field) and `cache.headers`
 * (a module object's property) each collect the writes made to them anywhere in the file.
 */
export class FileContext {
  readonly scopes: Scopes;
  readonly values: Values;
  readonly calls: CallLike[] = [];
  readonly functions: FunctionNode[] = [];
  readonly catchClauses: TSESTree.CatchClause[] = [];
  readonly loops: Node[] = [];
  readonly assignments: TSESTree.AssignmentExpression[] = [];
  private readonly writesByObject = new Map<string, MemberWrite[]>();
  /** Property writes of any object (`x.siteId = v`, `{ siteId: v }`, class fields), grouped by name on demand. */
  private readonly propertyWrites: Array<TSESTree.AssignmentExpression | TSESTree.Property | TSESTree.PropertyDefinition> = [];
  private valuesByProperty?: Map<string, Node[]>;
  /**
   * Memo of `clientRef` per callee or receiver node (null: not a client). The memos of a file's analysis are
   * plain Maps: they live exactly as long as the analysis (whose AST they point into), and cost less than WeakMaps.
   */
  readonly clientRefs = new Map<Node, import('./clients.js').ClientRef | null>();
  /** Memo of the checker's answer to "is this an axios instance" per node (see isTypedAxios). */
  readonly typedAxios = new Map<Node, boolean>();
  /**
   * A bound on the recogniser's work per file, so no shape of code (minified bundles, generated parsers)
   * can make the rules slow: past it, every question gets the cautious answer ("cannot tell").
   */
  private budget = WORK_BUDGET;
  private readonly variableIds = new Map<Variable, number>();

  constructor(
    readonly program: TSESTree.Program,
    scopeManager: TSESLint.Scope.ScopeManager,
    readonly settings: NormalizedSettings,
    /** Type information, when the parser built a program; the syntax alone answers otherwise. */
    readonly types?: TypeServices,
    /**
     * The nodes to index, when ESLint already met them in the order of a walk (see `walksLikeUs`): the nodes of
     * the indexed types that a rule's listeners collected while ESLint traversed the file, or ESLint's own
     * traversal steps. Either spares walking the tree a second time.
     */
    nodes?: { collected: readonly Node[] } | { steps: readonly TraversalStep[] },
  ) {
    this.scopes = new Scopes(scopeManager);
    this.values = new Values(this.scopes, () => this.spend(), this.assignments);
    if (nodes && 'collected' in nodes) {
      for (const node of nodes.collected) this.index(node);
    } else if (nodes) {
      for (const step of nodes.steps) if (step.kind === 1 && step.phase === 1) this.index(step.target as Node);
    } else {
      // index() looks only at calls, functions, loops, catch clauses, assignments and properties: never at a leaf.
      walk(program, (node) => this.index(node), { leaves: false });
    }
  }

  /** Takes one unit of work; false once the file's budget is spent. */
  spend(): boolean {
    return --this.budget >= 0;
  }

  /** The node types `index` looks at (what a collector must gather for it). */
  static readonly INDEXED_TYPES: readonly string[] = [
    T.CallExpression, T.NewExpression, T.FunctionDeclaration, T.FunctionExpression, T.ArrowFunctionExpression, T.CatchClause,
    T.ForStatement, T.ForInStatement, T.ForOfStatement, T.WhileStatement, T.DoWhileStatement, T.AssignmentExpression, T.Property,
    T.PropertyDefinition,
  ];

  private index(node: Node): void {
    switch (node.type) {
      case T.CallExpression:
      case T.NewExpression:
        this.calls.push(node);
        if (node.type === T.CallExpression) this.indexCallWrite(node);
        break;
      case T.FunctionDeclaration:
      case T.FunctionExpression:
      case T.ArrowFunctionExpression:
        this.functions.push(node);
        break;
      case T.CatchClause:
        this.catchClauses.push(node);
        break;
      case T.ForStatement:
      case T.ForInStatement:
      case T.ForOfStatement:
      case T.WhileStatement:
      case T.DoWhileStatement:
        this.loops.push(node);
        break;
      case T.AssignmentExpression:
        this.assignments.push(node);
        if (node.left.type === T.MemberExpression) {
          const key = this.objectKey(node.left.object);
          if (key) this.addWrite(key, { key: node.left.property, computed: node.left.computed, value: node.right, node });
          this.propertyWrites.push(node);
        }
        break;
      case T.Property:
        if (node.parent?.type === T.ObjectExpression) this.propertyWrites.push(node);
        break;
      case T.PropertyDefinition:
        if (node.value) this.propertyWrites.push(node);
        break;
      default:
    }
  }

  private indexCallWrite(call: TSESTree.CallExpression): void {
    const callee = unwrap(call.callee);
    if (callee.type !== T.MemberExpression) return;
    const method = calleeProperty(call);
    if ((method === 'set' || method === 'append' || method === 'setRequestHeader' || method === 'header') && call.arguments.length >= 2) {
      const key = this.objectKey(callee.object);
      if (key) this.addWrite(key, { key: call.arguments[0], computed: true, value: call.arguments[1], node: call });
    }
    if (method === 'assign' && memberPath(callee.object) === 'Object' && call.arguments.length >= 2) {
      const key = this.objectKey(call.arguments[0]);
      if (key) {
        for (const source of call.arguments.slice(1)) this.addWrite(key, { computed: false, value: source, node: call, merge: true });
      }
    }
  }

  /** Every value written to a property of this name anywhere in the file. */
  propertyValues(name: string): readonly Node[] {
    if (!this.valuesByProperty) {
      this.valuesByProperty = new Map();
      for (const write of this.propertyWrites) {
        // Two branches rather than a destructured array: no throwaway array per property of the file.
        let property: string | undefined;
        let value: Node | null | undefined;
        if (write.type === T.AssignmentExpression) {
          const left = write.left as TSESTree.MemberExpression;
          property = staticKeyName(left.property, left.computed);
          value = write.right;
        } else {
          property = staticKeyName(write.key, write.computed);
          value = write.value;
        }
        if (property === undefined || !value) continue;
        const list = this.valuesByProperty.get(property);
        if (list) list.push(value);
        else this.valuesByProperty.set(property, [value]);
      }
    }
    return this.valuesByProperty.get(name) ?? [];
  }

  private addWrite(key: string, write: MemberWrite): void {
    const list = this.writesByObject.get(key);
    if (list) list.push(write);
    else this.writesByObject.set(key, [write]);
  }

  /**
   * A stable key for an object reference: a variable (`v3`), a field of the enclosing class
   * (`c120.headers` for `this.headers`), or a static path below either (`v3.defaults.headers.common`).
   */
  objectKey(node: Node): string | undefined {
    const n = unwrap(node);
    if (n.type === T.Identifier) {
      const variable = this.scopes.variableOf(n);
      return variable ? `v${this.variableId(variable)}` : `g:${n.name}`;
    }
    if (n.type === T.ThisExpression) {
      const cls = enclosingClass(n);
      return cls ? `c${cls.range[0]}` : undefined;
    }
    if (n.type === T.MemberExpression) {
      const object = this.objectKey(n.object);
      const prop = staticKeyName(n.property, n.computed);
      return object && prop !== undefined ? `${object}.${prop}` : undefined;
    }
    return undefined;
  }

  private variableId(variable: Variable): number {
    let id = this.variableIds.get(variable);
    if (id === undefined) {
      id = this.variableIds.size;
      this.variableIds.set(variable, id);
    }
    return id;
  }

  writesTo(key: string | undefined): readonly MemberWrite[] {
    return (key && this.writesByObject.get(key)) || [];
  }

  private callsByStart?: CallLike[];

  /** The calls inside a node, found by bisection over the calls sorted by where they start. */
  callsWithin(node: Node): CallLike[] {
    return nodesWithin((this.callsByStart ??= byStart(this.calls)), node);
  }

  /** The name a function goes by: its declaration, the variable, property, method or field it is assigned to. */
  functionName(fn: FunctionNode): string | undefined {
    if (fn.type !== T.ArrowFunctionExpression && fn.id) return fn.id.name;
    const parent = fn.parent;
    if (!parent) return undefined;
    if (parent.type === T.VariableDeclarator && parent.id.type === T.Identifier) return parent.id.name;
    if ((parent.type === T.MethodDefinition || parent.type === T.Property || parent.type === T.PropertyDefinition) && parent.value === fn) {
      return staticKeyName(parent.key, parent.computed);
    }
    if (parent.type === T.AssignmentExpression && parent.right === fn) {
      const path = memberPath(parent.left);
      return path?.split('.').pop();
    }
    return undefined;
  }

  isFunctionValue(node: Node | undefined): node is FunctionNode {
    return !!node && isFunction(unwrap(node));
  }

  /** A function passed or written inline, or named by an identifier whose single value is a function. */
  functionOf(node: Node | undefined): FunctionNode | undefined {
    if (!node) return undefined;
    const n = unwrap(node);
    if (isFunction(n)) return n;
    return this.values.calledFunction(n as Expression);
  }
}
