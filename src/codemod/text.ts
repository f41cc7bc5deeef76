/**
 * Text edits for the codemod. The codemod splices its edits into the original text by the recogniser's node ranges
 * instead of reprinting an AST: every character outside an edit stays as it was (formatting, comments, line endings,
 * quotes), and an edit is only as large as the change it makes.
 */

/** Replace `[start, end)` with `text` (an insertion when start === end). */
export interface Edit {
  start: number;
  end: number;
  text: string;
  /** Among insertions at one offset, lower goes first. */
  order?: number;
}

/** Applies non-overlapping edits; throws on overlap (a bug in the planner, never silently merged). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = edits
    .map((edit, index) => ({ ...edit, index }))
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.order ?? 0) - (b.order ?? 0) || a.index - b.index);
  let out = '';
  let pos = 0;
  for (const edit of sorted) {
    if (edit.start < pos) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(pos, edit.start) + edit.text;
    pos = edit.end;
  }
  return out + text.slice(pos);
}

/** How the file writes code, so inserted lines look like their neighbours. */
export interface Style {
  eol: string;
  quote: "'" | '"';
  semicolons: boolean;
  /** One level of indentation (two spaces, four, or a tab). */
  indentUnit: string;
}

export function detectStyle(text: string): Style {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  const singles = (text.match(/(^|[\s(,=:[{])'[^'\n\\]*'/g) ?? []).length;
  const doubles = (text.match(/(^|[\s(,=:[{])"[^"\n\\]*"/g) ?? []).length;
  // Statements that end a line: with or without a semicolon.
  const withSemi = (text.match(/[)\]}'"`\w];[ \t]*\r?$/gm) ?? []).length;
  const withoutSemi = (text.match(/^\s*(const|let|var|import|return)\b[^\n;{]*[)\]'"`\w][ \t]*\r?$/gm) ?? []).length;
  const indents = (text.match(/^[ \t]+(?=\S)/gm) ?? []).map((i) => i);
  let indentUnit = '  ';
  if (indents.some((i) => i.startsWith('\t'))) indentUnit = '\t';
  else {
    const widths = indents.map((i) => i.length).filter((w) => w > 0);
    const smallest = widths.length > 0 ? Math.min(...widths) : 2;
    indentUnit = ' '.repeat(smallest >= 4 ? 4 : 2);
  }
  return {
    eol: crlf > lf ? '\r\n' : '\n',
    quote: doubles > singles ? '"' : "'",
    semicolons: withSemi >= withoutSemi,
    indentUnit,
  };
}

/** A string literal in the file's quote style. */
export function quoteString(value: string, style: Style): string {
  const q = style.quote;
  const escaped = value.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  return `${q}${escaped}${q}`;
}

/** Text inside a template literal (backslashes, backticks and `${` escaped). */
export function templateText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

/** The whitespace at the start of the line that contains `offset`. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/**
 * Where to insert a new line after a statement ending at `end`: the end of that line when the rest of it is blank or
 * a comment, so a trailing `// note` stays with its statement.
 */
export function endOfLineAfter(text: string, end: number): number {
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
  const rest = text.slice(end, lineEnd);
  if (/^\s*(\/\/.*|\/\*.*?\*\/\s*)?$/.test(rest)) return lineEnd;
  return end;
}

/** True when the line after the one containing `offset` is blank (or there is none). */
export function nextLineBlank(text: string, offset: number): boolean {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return true;
  const following = text.indexOf('\n', newline + 1);
  return text.slice(newline + 1, following < 0 ? text.length : following).trim() === '';
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}
