import type { ParserServices, TSESTree } from '@typescript-eslint/utils';
import { createRequire } from 'node:module';
import type * as ts from 'typescript';
import { unwrap, type Node } from './ast.js';

// TypeScript is an optional peer: it is loaded only when the parser already built a program with it.
let typescript: typeof ts | undefined;
const loadTypeScript = () => (typescript ??= createRequire(import.meta.url)('typescript') as typeof ts);

/** What another module declares for an imported binding, read through the type checker. */
export interface ImportedDeclaration {
  /** `let`/`var` (a variable the other module can reassign) or `const`. */
  kind: 'let' | 'const';
  /** The initializer's source text, when there is one. */
  initializer?: string;
  fileName: string;
  /** The declaring module's full text (to look for a refresh path there). */
  moduleText: string;
  name: string;
}

/**
 * Type information when the parser has a program (the `*-type-checked` configs). The recogniser asks
 * it only where the syntax alone cannot see: values that come from another module or a parameter. It
 * never replaces an answer the syntax gives, so typed and untyped linting agree on same-file code.
 */
export class TypeServices {
  private readonly checker: ts.TypeChecker;
  private readonly map: ParserServices['esTreeNodeToTSNodeMap'];

  private readonly ts: typeof ts;

  private constructor(services: ParserServices & { program: ts.Program }) {
    this.ts = loadTypeScript();
    this.checker = services.program.getTypeChecker();
    this.map = services.esTreeNodeToTSNodeMap;
  }

  static from(services: Partial<ParserServices> | undefined): TypeServices | undefined {
    return services?.program && services.esTreeNodeToTSNodeMap ? new TypeServices(services as ParserServices & { program: ts.Program }) : undefined;
  }

  private typeOf(node: Node): ts.Type | undefined {
    const tsNode = this.map.get(unwrap(node) as TSESTree.Node);
    return tsNode ? this.checker.getTypeAtLocation(tsNode) : undefined;
  }

  /** An axios instance or the axios default export, seen through its type (`AxiosInstance`, `AxiosStatic`). */
  isAxiosClient(node: Node): boolean {
    const type = this.typeOf(node);
    if (!type) return false;
    const name = (type.aliasSymbol ?? type.getSymbol())?.getName();
    if (name === 'AxiosInstance' || name === 'AxiosStatic') return true;
    // A structural match survives re-exports and wrappers: callable, with defaults and interceptors.
    return !!type.getProperty('interceptors') && !!type.getProperty('defaults') && type.getCallSignatures().length > 0;
  }

  /** A call whose result is a fetch `Response` (or a promise of one): its status must be checked like fetch's. */
  returnsResponse(call: Node): boolean {
    let type = this.typeOf(call);
    if (!type) return false;
    const awaited = this.checker.getAwaitedType(type);
    if (awaited) type = awaited;
    const name = type.getSymbol()?.getName();
    return name === 'Response' && !!type.getProperty('ok') && !!type.getProperty('status');
  }

  /** The declaration behind an imported binding, when it is a variable declared in another module. */
  importedDeclaration(identifier: Node): ImportedDeclaration | undefined {
    const tsNode = this.map.get(unwrap(identifier) as TSESTree.Node);
    if (!tsNode) return undefined;
    const t = this.ts;
    let symbol = this.checker.getSymbolAtLocation(tsNode);
    if (!symbol) return undefined;
    if (symbol.flags & t.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol.declarations?.[0];
    if (!declaration || !t.isVariableDeclaration(declaration) || !t.isVariableDeclarationList(declaration.parent)) return undefined;
    const source = declaration.getSourceFile();
    if (source === tsNode.getSourceFile()) return undefined; // same module: the syntax already sees it
    const kind = declaration.parent.flags & t.NodeFlags.Const ? 'const' : 'let';
    const initializer = declaration.initializer;
    return {
      kind,
      initializer: initializer?.getText(source),
      fileName: source.fileName,
      moduleText: source.text,
      name: symbol.getName(),
    };
  }
}
