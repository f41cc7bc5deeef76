/**
 * Reading and writing source files for `tableau-rest fix`: text in its own encoding (UTF-8 with or without a BOM,
 * UTF-16 with a BOM), binary and huge files told apart, and atomic writes that keep the file's mode and owner.
 */
import { closeSync, fchmodSync, fchownSync, fstatSync, fsyncSync, lstatSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Files larger than this are skipped (as lint does): hand-written code is far smaller; bundles and generated files are not ours to rewrite. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type Encoding = 'utf8' | 'utf16le' | 'utf16be';

export interface SourceText {
  /** The decoded text (a UTF-8 BOM stays in it as U+FEFF; UTF-16 BOMs are encoding, not text). */
  text: string;
  encoding: Encoding;
  /** What the file looked like when read, to notice a change made while the codemod ran. */
  stamp: { size: number; mtimeMs: number; mode: number; uid: number; gid: number };
}

export type ReadOutcome = { ok: true; source: SourceText } | { ok: false; kind: 'skipped' | 'failed'; reason: string };

const FILE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'it no longer exists',
  EISDIR: 'it is a directory',
  ELOOP: 'too many symbolic links',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/** The file system refused access (as opposed to a missing or broken file). */
export function isPermissionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EACCES' || code === 'EPERM';
}

export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code && FILE_ERRORS[code]) || (error instanceof Error ? error.message.split('\n')[0]! : String(error));
}

export function readSource(path: string): ReadOutcome {
  let stat;
  try {
    stat = lstatSync(path);
  } catch (error) {
    return { ok: false, kind: 'failed', reason: `cannot read it: ${describeFileError(error)}` };
  }
  if (stat.isSymbolicLink()) return { ok: false, kind: 'skipped', reason: 'a symbolic link (the file it points to is processed under its own path)' };
  if (!stat.isFile()) return { ok: false, kind: 'skipped', reason: 'not a regular file' };
  if (stat.size > MAX_FILE_BYTES) {
    return { ok: false, kind: 'skipped', reason: `too large (${(stat.size / 1024 / 1024).toFixed(1)} MB; fix reads files up to ${MAX_FILE_BYTES / 1024 / 1024} MB)` };
  }
  if (stat.nlink > 1) return { ok: false, kind: 'skipped', reason: `it has ${stat.nlink} hard links, which an atomic rewrite would split` };
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { ok: false, kind: 'failed', reason: `cannot read it: ${describeFileError(error)}` };
  }
  const decoded = decode(bytes);
  if (!decoded) {
    return { ok: false, kind: 'skipped', reason: bytes.subarray(0, 8000).includes(0) ? 'a binary file' : 'not text in UTF-8 or UTF-16' };
  }
  return {
    ok: true,
    source: { ...decoded, stamp: { size: stat.size, mtimeMs: stat.mtimeMs, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid } },
  };
}

function decode(bytes: Buffer): { text: string; encoding: Encoding } | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2).toString('utf16le'), encoding: 'utf16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: swap16(bytes.subarray(2)).toString('utf16le'), encoding: 'utf16be' };
  if (bytes.subarray(0, 8000).includes(0)) return undefined;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    return undefined;
  }
}

function swap16(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return copy.swap16();
}

export function encode(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const body = Buffer.from(text, 'utf16le');
  return encoding === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : Buffer.concat([Buffer.from([0xfe, 0xff]), body.swap16()]);
}

/** Temporary files this process has open, removed on an interrupt. */
const pending = new Set<string>();
let counter = 0;

/**
 * Replaces the file with `text` atomically: a temporary file in the same folder (so the rename stays on one file
 * system) with the original's mode (and owner, when we may), flushed to disk, then renamed over the original. A
 * reader, a crash or an interrupt sees the old file or the new one, never a part. Refuses when the file changed on
 * disk since it was read.
 */
export function writeAtomically(path: string, text: string, source: SourceText): void {
  const now = statSync(path);
  if (now.size !== source.stamp.size || now.mtimeMs !== source.stamp.mtimeMs) {
    throw new Error('it changed on disk while fix was running; run fix again');
  }
  const temporary = join(dirname(path), `.${basename(path)}.tableau-rest-${process.pid}-${++counter}.tmp`);
  pending.add(temporary);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', source.stamp.mode);
    const bytes = encode(text, source.encoding);
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fchmodSync(fd, source.stamp.mode);
    const mine = fstatSync(fd);
    if (mine.uid !== source.stamp.uid || mine.gid !== source.stamp.gid) {
      try {
        fchownSync(fd, source.stamp.uid, source.stamp.gid);
      } catch {
        // Only root may give a file away; the content and mode are what matter.
      }
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
    pending.delete(temporary);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    removeQuietly(temporary);
    throw error;
  }
}

/** Removes any temporary file left by an interrupted write (called on SIGINT/SIGTERM). */
export function removePendingTemporaries(): void {
  for (const path of pending) removeQuietly(path);
}

function removeQuietly(path: string): void {
  pending.delete(path);
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
