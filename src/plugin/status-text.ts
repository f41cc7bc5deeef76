import { languageOf, type ClientKind } from '../recognizer/index.js';

/**
 * Source text that reads the HTTP status from a caught error of a throwing client, for suggestions.
 * In TypeScript the catch binding is `unknown`, so the text narrows it with a structural cast.
 */
export function errorStatusText(name: string, client: ClientKind, typescript: boolean): string {
  const nested = client === 'got' ? 'statusCode' : client === 'superagent' || client === 'jquery' ? undefined : 'status';
  if (!typescript) return nested ? `${name}?.response?.${nested}` : `${name}?.status`;
  return nested
    ? `(${name} as { response?: { ${nested}?: number } })?.response?.${nested}`
    : `(${name} as { status?: number })?.status`;
}

export function isTypeScriptFile(filename: string): boolean {
  return languageOf(filename).typescript;
}
