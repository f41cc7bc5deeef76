import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

export type Node = TSESTree.Node;
export type Expression = TSESTree.Expression;
export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
export type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

const T = AST_NODE_TYPES;

/**
 * Visits every node once, depth first, setting `parent` where the parser left it unset (the codemod parses itself).
 * With `leaves: false`, nodes that have no children (identifiers without a type annotation or decorators,
 * literals, template text, `this`, `super`, private names) get their `parent` but are not visited: about half
 * of a file's nodes, which a caller looking for calls, functions or assignments never needs.
 */
export function walk(root: Node, enter: (node: Node) => void, { leaves = true }: { leaves?: boolean } = {}): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    enter(node);
    const keys = visitorKeys[node.type] ?? [];
    for (let k = keys.length - 1; k >= 0; k--) {
      const child = (node as unknown as Record<string, unknown>)[keys[k]];
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) {
          const c = child[i] as Node | null;
          if (c && typeof c.type === 'string') {
            if (!c.parent) (c as { parent?: Node }).parent = node;
            if (leaves || !isLeaf(c)) stack.push(c);
          }
        }
      } else if (child && typeof (child as Node).type === 'string') {
        if (!(child as Node).parent) (child as { parent?: Node }).parent = node;
        if (leaves || !isLeaf(child as Node)) stack.push(child as Node);
      }
    }
  }
}

/** Nodes sorted by where they start (a copy; an index in traversal order mostly is already). */
export function byStart<N extends Node>(nodes: readonly N[]): N[] {
  for (let i = 1; i < nodes.length; i++) {
    if (nodes[i - 1].range[0] > nodes[i].range[0]) return [...nodes].sort((a, b) => a.range[0] - b.range[0]);
  }
  return [...nodes];
}

/** The nodes of `sorted` (by start, see byStart) that lie inside `node`: a bisection, not a scan of them all. */
export function nodesWithin<N extends Node>(sorted: readonly N[], node: Node): N[] {
  const [start, end] = node.range;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.range[0] < start) lo = mid + 1;
    else hi = mid;
  }
  const found: N[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.range[0] < end; i++) {
    if (sorted[i]!.range[1] <= end) found.push(sorted[i]!);
  }
  return found;
}

/** One step of ESLint's own traversal (`SourceCode#traverse()`): `kind` 1 visits `target`, `phase` 1 on the way in. */
export interface TraversalStep {
  readonly kind: number;
  readonly phase?: number;
  readonly target: unknown;
}

/**
 * Keys a traversal may leave out: type subtrees hold no call, function, loop, assignment or property that a walk
 * looks for, and no parser whose keys lack `decorators` produces decorators.
 */
const SKIPPABLE_KEYS = new Set(['typeAnnotation', 'typeParameters', 'returnType', 'typeArguments', 'superTypeArguments', 'implements', 'decorators']);
const sameOrderCache = new WeakMap<object, boolean>();

/**
 * Whether a traversal with these visitor keys meets the nodes in the order `walk` does: every type's keys are
 * ours in the same order, less only keys of types and decorators (ESLint's keys for espree leave out the
 * TypeScript ones, which espree never fills in). A parser with keys of its own (a template body) does not pass.
 */
export function walksLikeUs(keys: Readonly<Record<string, readonly string[] | undefined>> | undefined): boolean {
  if (!keys || typeof keys !== 'object') return false;
  const cached = sameOrderCache.get(keys);
  if (cached !== undefined) return cached;
  let same = true;
  for (const type of Object.keys(keys)) {
    const theirs = keys[type] ?? [];
    const ours = visitorKeys[type as keyof typeof visitorKeys] ?? [];
    const kept = ours.filter((k) => theirs.includes(k));
    if (kept.length !== theirs.length || kept.some((k, i) => k !== theirs[i]) || ours.some((k) => !theirs.includes(k) && !SKIPPABLE_KEYS.has(k))) {
      same = false;
      break;
    }
  }
  sameOrderCache.set(keys, same);
  return same;
}

/** A node with no child nodes. */
function isLeaf(node: Node): boolean {
  switch (node.type) {
    case T.Identifier:
      return !node.typeAnnotation && !node.decorators?.length;
    case T.Literal:
    case T.TemplateElement:
    case T.ThisExpression:
    case T.Super:
    case T.PrivateIdentifier:
      return true;
    default:
      return false;
  }
}

/** Strips TypeScript-only wrappers (`x as T`, `x!`, `<T>x`, `x satisfies T`) and `ChainExpression`. */
export function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    switch (n.type) {
      case T.TSAsExpression:
      case T.TSNonNullExpression:
      case T.TSTypeAssertion:
      case T.TSSatisfiesExpression:
      case T.TSInstantiationExpression:
        n = n.expression;
        continue;
      case T.ChainExpression:
        n = n.expression;
        continue;
      default:
        return n;
    }
  }
}

/** The parent, skipping the TypeScript wrappers and chain nodes that `unwrap` removes. */
export function outerParent(node: Node): { parent: Node | undefined; child: Node } {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === T.TSAsExpression ||
      parent.type === T.TSNonNullExpression ||
      parent.type === T.TSTypeAssertion ||
      parent.type === T.TSSatisfiesExpression ||
      parent.type === T.ChainExpression)
  ) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

export function isFunction(node: Node | undefined): node is FunctionNode {
  return (
    !!node &&
    (node.type === T.FunctionDeclaration || node.type === T.FunctionExpression || node.type === T.ArrowFunctionExpression)
  );
}

export function enclosingFunction(node: Node): FunctionNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunction(n)) return n;
  return undefined;
}

export function enclosingClass(node: Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === T.ClassDeclaration || n.type === T.ClassExpression) return n;
  }
  return undefined;
}

/** True when `inner` is `outer` or lies inside it. */
export function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** Plain string value of a literal or an expression-free template literal. */
export function stringLiteralValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === T.Literal && typeof n.value === 'string') return n.value;
  if (n.type === T.TemplateLiteral && n.expressions.length === 0) return n.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** The name of a non-computed property key (identifier, string or number literal, private name). */
export function staticKeyName(key: Node, computed: boolean): string | undefined {
  if (!computed) {
    if (key.type === T.Identifier) return key.name;
    if (key.type === T.PrivateIdentifier) return `#${key.name}`;
  }
  if (key.type === T.Literal && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (computed) return stringLiteralValue(key);
  return undefined;
}

/** `a.b.c` for a member chain of identifiers and static keys (rooted at `this`, `import.meta` included); undefined otherwise. */
export function memberPath(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === T.Identifier) return n.name;
  if (n.type === T.ThisExpression) return 'this';
  if (n.type === T.Super) return 'super';
  if (n.type === T.MetaProperty) return `${n.meta.name}.${n.property.name}`;
  if (n.type === T.MemberExpression) {
    const object = memberPath(n.object);
    const prop = staticKeyName(n.property, n.computed);
    return object !== undefined && prop !== undefined ? `${object}.${prop}` : undefined;
  }
  return undefined;
}

/**
 * The last name of `memberPath(node)` (`get` for `this.api.get`), without building the path; undefined when the
 * node has no such name (memberPath may still be undefined when this is not).
 */
export function lastPathName(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === T.Identifier) return n.name;
  if (n.type === T.MemberExpression) return staticKeyName(n.property, n.computed);
  if (n.type === T.ThisExpression) return 'this';
  if (n.type === T.Super) return 'super';
  if (n.type === T.MetaProperty) return n.property.name;
  return undefined;
}

const ENV_OBJECTS = new Set(['process.env', 'import.meta.env']);

/** `process.env` or `import.meta.env` itself. */
export function isEnvObject(node: Node): boolean {
  return ENV_OBJECTS.has(memberPath(node) ?? '');
}

/** A read of the environment: `process.env.X` (or `process.env` itself, or deeper), `process.env[name]`; the same with `import.meta.env`. */
export function isEnvironmentRead(member: TSESTree.MemberExpression): boolean {
  return /^(process\.env|import\.meta\.env)(\.|$)/.test(memberPath(member) ?? '') || (member.computed && isEnvObject(member.object));
}

/** The object a member chain starts from (`req` in `req.body.name`); calls end it (see chainRoot). */
export function memberRoot(node: Node): Node {
  let n = unwrap(node);
  while (n.type === T.MemberExpression) n = unwrap(n.object);
  return n;
}

/** The leftmost object of a member chain (`a` in `a.b[c].d()`), through calls. */
export function chainRoot(node: Node): Node {
  let n = unwrap(node);
  for (;;) {
    if (n.type === T.MemberExpression) n = unwrap(n.object);
    else if (n.type === T.CallExpression) n = unwrap(n.callee);
    else return n;
  }
}

export function calleeProperty(call: CallLike): string | undefined {
  const callee = unwrap(call.callee);
  return callee.type === T.MemberExpression ? staticKeyName(callee.property, callee.computed) : undefined;
}

export function isMemberCall(node: Node, property: string | RegExp): node is TSESTree.CallExpression {
  if (node.type !== T.CallExpression) return false;
  const name = calleeProperty(node);
  return name !== undefined && (typeof property === 'string' ? name === property : property.test(name));
}

export function objectProperty(object: TSESTree.ObjectExpression, name: string | RegExp): TSESTree.Property | undefined {
  for (const p of object.properties) {
    if (p.type !== T.Property) continue;
    const key = staticKeyName(p.key, p.computed);
    if (key !== undefined && (typeof name === 'string' ? key === name : name.test(key))) return p;
  }
  return undefined;
}

export function isLoop(node: Node): node is TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement {
  return (
    node.type === T.ForStatement ||
    node.type === T.ForInStatement ||
    node.type === T.ForOfStatement ||
    node.type === T.WhileStatement ||
    node.type === T.DoWhileStatement
  );
}

/** `true`, `1`, `!0` or a missing `for(;;)` test. */
export function isConstantTrue(test: Node | null | undefined): boolean {
  if (!test) return true;
  const n = unwrap(test);
  if (n.type === T.Literal) return !!n.value;
  if (n.type === T.UnaryExpression && n.operator === '!' && n.argument.type === T.Literal) return !n.argument.value;
  return false;
}

const NO_KEYS: readonly string[] = [];

/**
 * Visits `root` and its descendants without entering nested functions (unless `intoFunctions`);
 * stops early when `visit` returns true.
 */
function scan(root: Node, visit: (n: Node) => boolean | void, intoFunctions: boolean): boolean {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== root && !intoFunctions && isFunction(node)) continue;
    if (visit(node) === true) return true;
    // Indexed loops, not for-of: the rules scan bodies for every call and handler, and V8 did not optimise
    // away the iterator objects of for-of here (a third of the rules' allocations on a large file).
    const keys = visitorKeys[node.type] ?? NO_KEYS;
    for (let k = 0; k < keys.length; k++) {
      const child = (node as unknown as Record<string, unknown>)[keys[k]];
      if (Array.isArray(child)) {
        for (let i = 0; i < child.length; i++) {
          const c = child[i] as Node | null;
          if (c && typeof c.type === 'string') stack.push(c);
        }
      } else if (child && typeof (child as Node).type === 'string') stack.push(child as Node);
    }
  }
  return false;
}

export function findInside(root: Node, match: (n: Node) => boolean, intoFunctions = false): Node[] {
  const found: Node[] = [];
  scan(root, (n) => void (match(n) && found.push(n)), intoFunctions);
  return found;
}

export function someInside(root: Node, match: (n: Node) => boolean, intoFunctions = false): boolean {
  return scan(root, match, intoFunctions);
}

/** The method calls chained onto an expression, innermost first: `x.then(a).catch(b)` gives then, catch. */
export function chainedCalls(expression: Node): Array<{ method: string | undefined; call: TSESTree.CallExpression }> {
  const chain: Array<{ method: string | undefined; call: TSESTree.CallExpression }> = [];
  let current = expression;
  for (let i = 0; i < 16; i++) {
    const { parent: member, child } = outerParent(current);
    if (member?.type !== T.MemberExpression || member.object !== child) break;
    const { parent: call, child: callee } = outerParent(member);
    if (call?.type !== T.CallExpression || call.callee !== callee) break;
    chain.push({ method: staticKeyName(member.property, member.computed), call });
    current = call;
  }
  return chain;
}
