// Types of the session-wrapper build step, for the tests that import it.
export declare const SOURCE: string;
export declare const OUT_DIR: string;
export declare const FILES: { ts: string; esm: string; cjs: string };
/** Build step entry point: writes dist/templates/session from the wrapper source. */
export default function buildSessionWrapper(root: string): void;
/** The three generated bodies (without the generator header). */
export declare function renderVariants(source: string): { ts: string; esm: string; cjs: string };
/** The TypeScript source as JavaScript with JSDoc types. */
export declare function toJavaScript(source: string, moduleKind: 'esm' | 'cjs'): string;
