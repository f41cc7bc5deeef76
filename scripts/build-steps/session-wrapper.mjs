// Build step: the session wrapper's three variants, generated from its one TypeScript source.
//
// src/session/wrapper/tableau-session.ts is the single source of truth. ts-morph reads it; the TypeScript variant is
// the source text itself (checked to parse), and the JavaScript variants (ESM and CommonJS) are the same text with
// every piece of type syntax turned into JSDoc: interfaces and type aliases become @typedef blocks, annotations become
// @param/@returns/@type/@template tags, `x as T` becomes a JSDoc cast. Comments and formatting are kept, so the JS
// reads like the TS. Output: dist/templates/session/*.txt plus a manifest; the generator (src/session/index.ts) reads
// them at run time, so ts-morph is never needed at run time.
//
// Only the syntax the wrapper uses is supported; anything else (enums, namespaces, overloads, parameter properties,
// decorators, destructured or rest parameters, interface `extends`) fails the build with the line, rather than
// producing JavaScript that silently lost a type.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Node, Project, SyntaxKind, ts } from 'ts-morph';

export const SOURCE = 'src/session/wrapper/tableau-session.ts';
export const OUT_DIR = 'dist/templates/session';
export const FILES = { ts: 'tableau-session.ts.txt', esm: 'tableau-session.esm.js.txt', cjs: 'tableau-session.cjs.js.txt' };

/** Build step entry point (scripts/build.mjs calls it with the repo root). Synchronous on purpose. */
export default function buildSessionWrapper(root) {
  const source = readFileSync(join(root, SOURCE), 'utf8');
  const variants = renderVariants(source);
  const out = join(root, OUT_DIR);
  mkdirSync(out, { recursive: true });
  const manifest = { source: SOURCE, variants: {} };
  for (const [name, text] of Object.entries(variants)) {
    writeFileSync(join(out, FILES[name]), text);
    manifest.variants[name] = { file: FILES[name], sha256: createHash('sha256').update(text).digest('hex') };
  }
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The three bodies (without the generator header, which the generator adds). */
export function renderVariants(source) {
  const text = source.replace(/\r\n/g, '\n').replace(/^\uFEFF/, '');
  const file = parse(text);
  const syntax = file.getProject().getProgram().compilerObject.getSyntacticDiagnostics(file.compilerNode);
  if (syntax.length > 0) {
    const first = syntax[0];
    throw new Error(`${SOURCE}: syntax error: ${ts.flattenDiagnosticMessageText(first.messageText, '\n')}`);
  }
  return {
    ts: ensureTrailingNewline(text),
    esm: ensureTrailingNewline(toJavaScript(text, 'esm')),
    cjs: ensureTrailingNewline(toJavaScript(text, 'cjs')),
  };
}

function parse(text) {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, strict: true, noEmit: true },
  });
  return project.createSourceFile('/tableau-session.ts', text);
}

function ensureTrailingNewline(text) {
  return text.endsWith('\n') ? text : `${text}\n`;
}

// ---------------------------------------------------------------------------------------------------------------------

const DROPPED_MODIFIERS = new Map([
  [SyntaxKind.PublicKeyword, undefined],
  [SyntaxKind.PrivateKeyword, '@private'],
  [SyntaxKind.ProtectedKeyword, '@protected'],
  [SyntaxKind.ReadonlyKeyword, '@readonly'],
  [SyntaxKind.OverrideKeyword, undefined],
]);

const UNSUPPORTED = new Map([
  [SyntaxKind.EnumDeclaration, 'enums'],
  [SyntaxKind.ModuleDeclaration, 'namespaces'],
  [SyntaxKind.Decorator, 'decorators'],
  [SyntaxKind.ImportEqualsDeclaration, 'import = require'],
  [SyntaxKind.ExportAssignment, 'export ='],
]);

/** Turns the TypeScript source into JavaScript with JSDoc types, as ESM or CommonJS. */
export function toJavaScript(source, moduleKind) {
  const text = source.replace(/\r\n/g, '\n');
  const file = parse(text);
  const edits = [];
  const exported = [];
  let seq = 0;
  const replace = (start, end, replacement) => edits.push({ start, end, text: replacement, seq: seq++ });
  const insert = (at, replacement) => replace(at, at, replacement);
  const fail = (node, what) => {
    const { line } = file.getLineAndColumnAtPos(node.getStart());
    throw new Error(`${SOURCE}:${line}: ${what} cannot be turned into JSDoc by scripts/build-steps/session-wrapper.mjs`);
  };
  const docFor = new Map(); // node -> { anchor, tags: string[] }
  const handledFunctions = new WeakSet(); // arrow functions documented on their variable statement
  const addTags = (anchor, tags) => {
    if (tags.length === 0) return;
    const entry = docFor.get(anchor) ?? { anchor, tags: [] };
    entry.tags.push(...tags);
    docFor.set(anchor, entry);
  };

  /** Removes `?: T`, `!: T` or `: T` after a name (parameter, property, variable). */
  const removeAnnotation = (nameEnd, typeNode) => {
    if (typeNode) replace(nameEnd, typeNode.getEnd(), '');
  };
  /** Removes `: T` of a return type. */
  const removeReturnType = (typeNode) => {
    const colon = text.lastIndexOf(':', typeNode.getStart() - 1);
    replace(colon, typeNode.getEnd(), '');
  };
  const removeTypeParameters = (compilerNode) => {
    const list = compilerNode.typeParameters;
    if (list && list.length > 0) replace(list.pos - 1, list.end + 1, '');
  };
  const removeTypeArguments = (compilerNode) => {
    const list = compilerNode.typeArguments;
    if (list && list.length > 0) replace(list.pos - 1, list.end + 1, '');
  };
  const removeModifiers = (node, tags) => {
    for (const modifier of node.getModifiers?.() ?? []) {
      const kind = modifier.getKind();
      if (kind === SyntaxKind.ExportKeyword) {
        if (moduleKind === 'cjs') replace(modifier.getStart(), modifier.getEnd() + 1, '');
        continue;
      }
      if (kind === SyntaxKind.AbstractKeyword || kind === SyntaxKind.DeclareKeyword) fail(node, `"${modifier.getText()}"`);
      if (DROPPED_MODIFIERS.has(kind)) {
        replace(modifier.getStart(), modifier.getEnd() + 1, '');
        const tag = DROPPED_MODIFIERS.get(kind);
        if (tag) tags.push(tag);
      }
    }
  };
  const templateTags = templateLines;
  /** @param/@returns/@template for a function-like node, and removal of its type syntax. */
  const functionTags = (node, { inline = false } = {}) => {
    const tags = templateTags(node.compilerNode);
    removeTypeParameters(node.compilerNode);
    const parameters = node.getParameters();
    // A parameter list that was wrapped only because of its types goes back on one line.
    let collapse = false;
    if (!inline && parameters.length > 0) {
      const open = text.lastIndexOf('(', parameters[0].getStart());
      const close = text.indexOf(')', parameters[parameters.length - 1].getEnd());
      const inside = text.slice(open + 1, close);
      if (inside.includes('\n') && !/\/\/|\/\*/.test(inside)) {
        const plain = parameters.map((p) => p.getName() + (p.hasInitializer() ? ` = ${p.getInitializer().getText()}` : ''));
        if (plain.join(', ').length < 80) {
          replace(open + 1, close, plain.join(', '));
          collapse = true;
        }
      }
    }
    for (const parameter of parameters) {
      const nameNode = parameter.getNameNode();
      if (!Node.isIdentifier(nameNode)) fail(parameter, 'a destructured parameter');
      if (parameter.isRestParameter()) fail(parameter, 'a rest parameter');
      if (parameter.getScope?.() || parameter.isReadonly?.()) fail(parameter, 'a parameter property');
      const name = nameNode.getText();
      if (name === 'this') fail(parameter, 'a `this` parameter');
      const typeNode = parameter.getTypeNode();
      if (!typeNode) continue;
      const type = typeText(typeNode.getText());
      const optional = parameter.hasQuestionToken() || parameter.hasInitializer();
      if (!collapse) removeAnnotation(nameNode.getEnd(), typeNode);
      if (inline) insert(parameter.getStart(), `/** @type {${type}${optional ? ' | undefined' : ''}} */ `);
      else tags.push(`@param {${type}} ${optional ? `[${name}]` : name}`);
    }
    const returnType = node.getReturnTypeNode?.();
    if (returnType) {
      if (!inline) tags.push(Node.isGetAccessorDeclaration(node) ? `@type {${typeText(returnType.getText())}}` : `@returns {${typeText(returnType.getText())}}`);
      removeReturnType(returnType);
    }
    return tags;
  };

  file.forEachDescendant((node, traversal) => {
    const kind = node.getKind();
    if (UNSUPPORTED.has(kind)) fail(node, UNSUPPORTED.get(kind));

    if (Node.isInterfaceDeclaration(node)) {
      replaceWithDoc(node, interfaceTypedef(node, fail));
      traversal.skip();
      return;
    }
    if (Node.isTypeAliasDeclaration(node)) {
      replaceWithDoc(node, typeAliasTypedef(node));
      traversal.skip();
      return;
    }
    if (Node.isImportDeclaration(node) || Node.isExportDeclaration(node)) fail(node, 'an import or export declaration');

    if (Node.isClassDeclaration(node)) {
      const tags = templateTags(node.compilerNode);
      removeTypeParameters(node.compilerNode);
      for (const clause of node.getHeritageClauses()) {
        if (clause.getToken() === SyntaxKind.ImplementsKeyword) {
          for (const type of clause.getTypeNodes()) tags.push(`@implements {${typeText(type.getText())}}`);
          replace(clause.getPos(), clause.getEnd(), '');
        }
      }
      removeModifiers(node, tags);
      if (node.isExported() && node.getName()) exported.push(node.getName());
      addTags(node, tags);
      return;
    }
    if (Node.isFunctionDeclaration(node)) {
      if (!node.hasBody()) fail(node, 'a function overload');
      const tags = [];
      removeModifiers(node, tags);
      tags.unshift(...functionTags(node));
      if (node.isExported() && node.getName()) exported.push(node.getName());
      addTags(node, tags);
      return;
    }
    if (Node.isMethodDeclaration(node) || Node.isConstructorDeclaration(node) || Node.isGetAccessorDeclaration(node) || Node.isSetAccessorDeclaration(node)) {
      if (!node.hasBody?.() && !node.getBody?.()) fail(node, 'a method without a body (overload or abstract)');
      if (Node.isObjectLiteralExpression(node.getParent())) {
        // Object literal members are typed by the literal's contextual type; inline types are kept as casts.
        functionTags(node, { inline: true });
        return;
      }
      const tags = [];
      removeModifiers(node, tags);
      tags.unshift(...functionTags(node));
      addTags(node, tags);
      return;
    }
    if (Node.isPropertyDeclaration(node)) {
      const tags = [];
      removeModifiers(node, tags);
      const typeNode = node.getTypeNode();
      if (typeNode) {
        const optional = node.hasQuestionToken();
        tags.unshift(`@type {${typeText(typeNode.getText())}${optional ? ' | undefined' : ''}}`);
        removeAnnotation(node.getNameNode().getEnd(), typeNode);
      } else if (node.hasQuestionToken() || node.hasExclamationToken()) {
        const token = node.getFirstChildByKind(SyntaxKind.QuestionToken) ?? node.getFirstChildByKind(SyntaxKind.ExclamationToken);
        replace(token.getStart(), token.getEnd(), '');
      }
      addTags(node, tags);
      return;
    }
    if (Node.isVariableStatement(node)) {
      const declarations = node.getDeclarations();
      const tags = [];
      removeModifiers(node, tags);
      if (node.isExported()) exported.push(...declarations.map((declaration) => declaration.getName()));
      for (const declaration of declarations) {
        const typeNode = declaration.getTypeNode();
        const initializer = declaration.getInitializer();
        const fn = initializer && (Node.isArrowFunction(initializer) || Node.isFunctionExpression(initializer)) ? initializer : undefined;
        if (declarations.length > 1 && (typeNode || fn)) fail(declaration, 'a typed declaration in a multi-variable statement');
        if (typeNode) {
          tags.push(`@type {${typeText(typeNode.getText())}}`);
          removeAnnotation(declaration.getNameNode().getEnd(), typeNode);
        } else if (fn) {
          tags.push(...functionTags(fn));
          handledFunctions.add(fn.compilerNode);
        }
      }
      addTags(node, tags);
      return;
    }
    if (Node.isArrowFunction(node) || Node.isFunctionExpression(node)) {
      if (!handledFunctions.has(node.compilerNode)) functionTags(node, { inline: true });
      return;
    }
    if (Node.isCatchClause(node)) {
      const declaration = node.getVariableDeclaration();
      const typeNode = declaration?.getTypeNode();
      if (typeNode) removeAnnotation(declaration.getNameNode().getEnd(), typeNode);
      return;
    }
    if (Node.isAsExpression(node) || Node.isTypeAssertion(node)) {
      const expression = node.getExpression();
      // `x as T` and `<T>x` become the JSDoc cast `/** @type {T} */ (x)` (`as const` too: `@type {const}`).
      const cast = `/** @type {${typeText(node.getTypeNode().getText())}} */ `;
      const parent = node.getParent();
      if (Node.isAsExpression(node) && Node.isParenthesizedExpression(parent)) {
        // `(x as T)` already has the parentheses a JSDoc cast needs.
        insert(parent.getStart(), cast);
        replace(expression.getEnd(), node.getEnd(), '');
        return;
      }
      insert(node.getStart(), `${cast}(`);
      if (Node.isAsExpression(node)) {
        replace(expression.getEnd(), node.getEnd(), ')');
      } else {
        replace(node.getStart(), expression.getStart(), '');
        insert(node.getEnd(), ')');
      }
      return;
    }
    if (Node.isSatisfiesExpression(node)) {
      replace(node.getExpression().getEnd(), node.getEnd(), '');
      return;
    }
    if (Node.isNonNullExpression(node)) {
      replace(node.getEnd() - 1, node.getEnd(), '');
      return;
    }
    if (Node.isCallExpression(node) || Node.isNewExpression(node) || Node.isExpressionWithTypeArguments(node)) {
      if (!Node.isExpressionWithTypeArguments(node)) removeTypeArguments(node.compilerNode);
    }
  });

  // JSDoc blocks: merge the new tags into the node's existing JSDoc (or add one).
  for (const { anchor, tags } of docFor.values()) {
    const doc = lastDoc(anchor);
    const indent = indentationAt(text, anchor.getStart());
    if (doc) {
      replace(doc.getStart(), doc.getEnd(), renderDoc([...docLines(doc.getText()), ...tags], indent));
    } else {
      insert(anchor.getStart(), `${renderDoc(tags, indent)}\n${indent}`);
    }
  }

  let output = applyEdits(text, edits);
  if (moduleKind === 'cjs') {
    output = `'use strict';\n\n${output.replace(/\n*$/, '\n')}\nmodule.exports = { ${exported.join(', ')} };\n`;
  }
  return output;

  // Hoisted helpers that need this file's edit list.
  function replaceWithDoc(node, lines) {
    const doc = lastDoc(node);
    const start = doc ? doc.getStart() : node.getStart();
    replace(start, node.getEnd(), renderDoc(lines, indentationAt(text, start)));
  }
}

function interfaceTypedef(node, fail) {
  if (node.getExtends().length > 0) fail(node, 'an interface that extends another');
  const lines = docTextLines(node);
  lines.push(...templateLines(node.compilerNode));
  lines.push(`@typedef {object} ${node.getName()}`);
  for (const member of node.getMembers()) {
    if (Node.isPropertySignature(member)) {
      const optional = member.hasQuestionToken();
      const type = member.getTypeNode() ? typeText(member.getTypeNode().getText()) : 'unknown';
      lines.push(...propertyLines(type, member.getName(), optional, member));
    } else if (Node.isMethodSignature(member)) {
      const params = member
        .getParameters()
        .map((p) => `${p.getName()}${p.hasQuestionToken() ? '?' : ''}: ${p.getTypeNode() ? typeText(p.getTypeNode().getText()) : 'unknown'}`)
        .join(', ');
      const returns = member.getReturnTypeNode() ? typeText(member.getReturnTypeNode().getText()) : 'void';
      lines.push(...propertyLines(`(${params}) => ${returns}`, member.getName(), member.hasQuestionToken(), member));
    } else {
      fail(member, 'an interface member other than a property or method');
    }
  }
  return lines;
}

function propertyLines(type, name, optional, member) {
  const description = docTextLines(member);
  const [first = '', ...rest] = description;
  const head = `@property {${type}} ${optional ? `[${name}]` : name}${first ? ` ${first}` : ''}`;
  return [head, ...rest.map((line) => (line ? `  ${line}` : ''))];
}

function typeAliasTypedef(node) {
  const lines = docTextLines(node);
  lines.push(...templateLines(node.compilerNode));
  lines.push(`@typedef {${typeText(node.getTypeNode().getText())}} ${node.getName()}`);
  return lines;
}

function templateLines(compilerNode) {
  return (compilerNode.typeParameters ?? []).map((parameter) => {
    const name = parameter.name.getText();
    const constraint = parameter.constraint ? `{${typeText(parameter.constraint.getText())}} ` : '';
    const target = parameter.default ? `[${name}=${typeText(parameter.default.getText())}]` : name;
    return `@template ${constraint}${target}`;
  });
}

/** A type's text on one line, without comments (JSDoc type expressions are single-line here). */
function typeText(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^\| /, '')
    .replace(/([{(<[]) /g, '$1')
    .replace(/ ([})\]>])/g, '$1')
    .replace(/;\s*}/g, ' }')
    .replace(/\{([^ ])/g, '{ $1')
    .replace(/([^ ])\}/g, '$1 }')
    .replace(/\{ \}/g, '{}')
    .trim();
}

/**
 * The JSDoc comment of a node: the last one before it (TypeScript also hands earlier ones, such as a file's header
 * comment, to the first statement).
 */
function lastDoc(node) {
  const docs = node.getJsDocs?.() ?? [];
  return docs.length > 0 ? docs[docs.length - 1] : undefined;
}

function docTextLines(node) {
  const doc = lastDoc(node);
  return doc ? docLines(doc.getText()) : [];
}

/** The text lines of a JSDoc comment, without the comment markers. */
function docLines(comment) {
  const body = comment.replace(/^\/\*\*/, '').replace(/\*\/$/, '');
  if (!body.includes('\n')) return [body.trim()].filter(Boolean);
  const lines = body.split('\n').map((line, index) => (index === 0 ? line.trim() : line.replace(/^\s*\* ?/, '').trimEnd()));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function renderDoc(lines, indent) {
  const oneLine = lines.join(' ');
  const short = oneLine.length + indent.length < 110;
  if (short && (lines.length === 1 || lines.every((line) => /^@(type|readonly|private|protected) /.test(`${line} `)))) {
    return `/** ${oneLine} */`;
  }
  return ['/**', ...lines.map((line) => (line ? ` * ${line}` : ' *')), ' */'].join(`\n${indent}`);
}

function indentationAt(text, position) {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))[0];
}

/** Applies non-overlapping edits; edits at the same position apply in the order they were made (inserts first). */
function applyEdits(text, edits) {
  const sorted = [...edits].sort((a, b) => a.start - b.start || (a.end - a.start) - (b.end - b.start) || a.seq - b.seq);
  let output = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) {
      throw new Error(`overlapping edits at ${edit.start} (${JSON.stringify(text.slice(edit.start, edit.end))})`);
    }
    output += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return output + text.slice(cursor);
}
