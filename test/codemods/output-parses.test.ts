// The codemod never hands back text that does not parse: it re-parses its output with the parser that read the
// input (espree for JavaScript, the TypeScript parser for TypeScript and for JavaScript espree rejects), with the
// same options. Every fixture's output is accepted that way; an output that does not parse is refused (the file is
// left unchanged and the reason listed), for JavaScript and for TypeScript.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { planUseSessionWrapper } from '../../src/codemod/use-session-wrapper.js';
import { assertParsesWith } from '../../src/recognizer/index.js';
import { parseSource } from '../../src/recognizer/source.js';
import { parse as parseWithTypeScriptParser } from '@typescript-eslint/parser';

// A switch to spoil the rewritten text, as a planner bug would: applyEdits then appends an unclosed call.
const spoil = vi.hoisted(() => ({ on: false }));
vi.mock('../../src/codemod/text.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/codemod/text.js')>();
  return { ...original, applyEdits: (text: string, edits: Parameters<typeof original.applyEdits>[1]) => original.applyEdits(text, edits) + (spoil.on ? '\nfoo(\n' : '') };
});

const fixtures = join(import.meta.dirname, '__testfixtures__', 'use-session-wrapper');
const cases = readdirSync(fixtures)
  .filter((f) => f.includes('.input.'))
  .map((f) => {
    const [name, , extension] = f.split('.') as [string, string, string];
    return { name, extension, input: readFileSync(join(fixtures, f), 'utf8'), output: readFileSync(join(fixtures, `${name}.output.${extension}`), 'utf8'), path: join(fixtures, f) };
  });
const changed = cases.filter((c) => c.output !== c.input);
const plan = (c: (typeof cases)[number]) =>
  planUseSessionWrapper(c.input, c.path, { wrapper: join(fixtures, /^[cm]?tsx?$/.test(c.extension) ? 'tableau-session.ts' : 'tableau-session.js') });

describe('the output check uses the parser that read the input', () => {
  afterEach(() => {
    spoil.on = false;
  });

  it('has changed fixtures in JavaScript and in TypeScript', () => {
    expect(changed.some((c) => /^[cm]?jsx?$/.test(c.extension))).toBe(true);
    expect(changed.some((c) => /^[cm]?tsx?$/.test(c.extension))).toBe(true);
  });

  it.each(cases.map((c) => [`${c.name}.${c.extension}`, c] as const))('%s: the expected output is accepted by the parser that read the input', (_, c) => {
    const { parser } = parseSource(c.input.replace(/^\uFEFF/, ''), c.path);
    expect(parser).toBe(/^[cm]?tsx?$/.test(c.extension) ? 'typescript' : 'espree');
    expect(() => assertParsesWith(parser, c.output.replace(/^\uFEFF/, ''), c.path)).not.toThrow();
    expect(plan(c).output).toBe(c.output);
  });

  it.each(changed.map((c) => [`${c.name}.${c.extension}`, c] as const))('%s: a rewritten text that does not parse is refused, the file left as it was', (_, c) => {
    spoil.on = true;
    const result = plan(c);
    expect(result.output).toBe(c.input);
    expect(result.rewritten).toBe(0);
    expect(result.wrapper).toBeUndefined();
    expect(result.review.at(-1)).toMatchObject({ line: 1, column: 1 });
    expect(result.review.at(-1)!.reason).toMatch(/^left unchanged: the rewritten text would not parse \(.+\); please report this$/);
  });

  it('refuses JavaScript that does not parse, and TypeScript syntax in a JavaScript file that espree read', () => {
    expect(() => assertParsesWith('espree', 'const a = ;\n', 'a.mjs')).toThrow();
    expect(() => assertParsesWith('espree', 'fetch(url, { headers: { "X-Tableau-Auth": token }\n', 'a.js')).toThrow();
    // The TypeScript parser reads annotations in a .js file without an error; the recogniser, which read the input
    // with espree, could not read this output again.
    expect(() => assertParsesWith('espree', 'const a: number = 1;\n', 'a.mjs')).toThrow();
    expect(() => assertParsesWith('typescript', 'const a: number = 1;\n', 'a.mjs')).not.toThrow();
  });

  it('reads the output with the options the input was read with: CommonJS, modules, JSX', () => {
    expect(() => assertParsesWith('espree', 'return;\n', 'a.cjs')).not.toThrow();
    expect(() => assertParsesWith('espree', 'return;\n', 'a.mjs')).toThrow();
    expect(() => assertParsesWith('espree', 'export const a = <div />;\n', 'a.jsx')).not.toThrow();
    expect(() => assertParsesWith('typescript', 'const a = <T,>(x: T) => x;\n', 'a.ts')).not.toThrow();
  });

  it('refuses TypeScript that does not parse', () => {
    expect(() => assertParsesWith('typescript', 'const a: = 1;\n', 'a.ts')).toThrow();
    expect(() => assertParsesWith('typescript', 'function f(x: string {\n}\n', 'a.tsx')).toThrow();
    expect(() => assertParsesWith('typescript', 'const a = <div />;\n', 'a.ts')).toThrow();
  });

  it('JavaScript that espree rejects (TypeScript syntax in a .js file) is read, and its output checked, with the TypeScript parser', () => {
    const input = 'const server: string = "https://tableau.example.com";\nfetch(`${server}/api/3.22/sites`, { headers: { "X-Tableau-Auth": token } });\n';
    expect(parseSource(input, 'legacy.js').parser).toBe('typescript');
    expect(() => assertParsesWith('typescript', input, 'legacy.js')).not.toThrow();
  });

  it('reads TypeScript, JSDoc (well-formed or not) and all, to the tree @typescript-eslint/parser gives, less locations and tokens', () => {
    const text = [
      '/**',
      ' * Signs in to Tableau.',
      " * @param {import('./types').Credentials} credentials the PAT name and secret",
      ' * @returns {Promise<string>} the token',
      ' * @see https://help.tableau.com/',
      ' */',
      'export async function signIn(credentials: { name: string; secret: string }): Promise<string> {',
      '  /** @type {*/ const broken = 1; /** @template T @typedef {{ a: T }} */',
      '  const res = await fetch(`${SERVER}/api/3.22/auth/signin`, /** @satisfies {RequestInit} */ ({ method: "POST", body: JSON.stringify({ credentials }) }));',
      '  /** @deprecated */ return (await res.json()).credentials.token; // the token',
      '}',
      '',
    ].join('\n');
    const strip = (ast: unknown) => JSON.stringify(ast, (key, value) => (key === 'loc' || key === 'parent' || key === 'tokens' ? undefined : value));
    const ours = parseSource(text, 'sign-in.ts');
    expect(ours.parser).toBe('typescript');
    const theirs = parseWithTypeScriptParser(text, { range: true, comment: true, loc: true, tokens: true, sourceType: 'module', filePath: 'sign-in.ts' });
    expect(ours.ast.comments).toHaveLength(6);
    expect(strip(ours.ast)).toBe(strip(theirs));
    expect(() => assertParsesWith('typescript', text, 'sign-in.ts')).not.toThrow();
  });
});
