/**
 * A unified diff of two texts, line by line (Myers' O(ND) algorithm), for `tableau-rest fix --dry-run`. The codemod's
 * edits are small, so D stays small and so does the work.
 */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return '';
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const ops = diffLines(a, b);
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.kind === 'same') {
      i++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change within reach.
    let start = i;
    while (start > 0 && ops[start - 1]!.kind === 'same' && i - start < context) start--;
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== 'same') end++;
      let same = 0;
      while (end + same < ops.length && ops[end + same]!.kind === 'same') same++;
      if (end + same < ops.length && same <= context * 2) {
        end += same;
        continue;
      }
      end += Math.min(same, context);
      break;
    }
    const slice = ops.slice(start, end);
    const first = slice[0]!;
    const oldStart = first.oldIndex;
    const newStart = first.newIndex;
    const oldCount = slice.filter((o) => o.kind !== 'add').length;
    const newCount = slice.filter((o) => o.kind !== 'del').length;
    const lines = slice.map((o) => `${o.kind === 'same' ? ' ' : o.kind === 'add' ? '+' : '-'}${o.line}`);
    hunks.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n${lines.join('\n')}`);
    i = end;
  }
  const noEol = (text: string) => (text.length > 0 && !text.endsWith('\n') ? '\n\\ No newline at end of file' : '');
  return `--- ${oldName}\n+++ ${newName}\n${hunks.join('\n')}${noEol(newText)}\n`;
}

function range(start: number, count: number): string {
  // Unified diff line numbers are 1-based; an empty range names the line before it.
  const line = count === 0 ? start : start + 1;
  return count === 1 ? `${line}` : `${line},${count}`;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.replace(/\r$/, ''));
}

interface Op {
  kind: 'same' | 'add' | 'del';
  line: string;
  oldIndex: number;
  newIndex: number;
}

/** Myers' shortest edit script between two line arrays. */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back to the start.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: 'same', line: a[x]!, oldIndex: x, newIndex: y });
    }
    if (d === 0) break;
    if (x === prevX) {
      y--;
      ops.push({ kind: 'add', line: b[y]!, oldIndex: x, newIndex: y });
    } else {
      x--;
      ops.push({ kind: 'del', line: a[x]!, oldIndex: x, newIndex: y });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    ops.push({ kind: 'same', line: a[x]!, oldIndex: x, newIndex: y });
  }
  return ops.reverse();
}
