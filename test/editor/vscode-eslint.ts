// What VS Code's ESLint extension does around the ESLint language server, for the editor tests: the client
// capabilities it announces, the settings it answers `workspace/configuration` with, and the document
// plumbing (open, change, pull diagnostics, code actions, commands whose edits come back as workspace/applyEdit).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp-client.js';

const require = createRequire(import.meta.url);

/** The `vscode-eslint-language-server` binary of `vscode-langservers-extracted` (the server VS Code's extension runs). */
export const ESLINT_SERVER = require.resolve('vscode-langservers-extracted/bin/vscode-eslint-language-server');

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface TextEdit {
  range: Range;
  newText: string;
}
export interface Diagnostic {
  range: Range;
  severity: number;
  code?: string;
  codeDescription?: { href: string };
  source?: string;
  message: string;
}
export interface Command {
  title: string;
  command: string;
  arguments?: unknown[];
}
export interface CodeAction {
  title: string;
  kind?: string;
  command?: Command;
  edit?: WorkspaceEdit;
  diagnostics?: Diagnostic[];
}
export interface WorkspaceEdit {
  documentChanges?: Array<{ textDocument: { uri: string; version: number | null }; edits: TextEdit[] }>;
  changes?: Record<string, TextEdit[]>;
}

/** The parts of VS Code's client capabilities the ESLint server reads (quick fixes, fix-all, pull diagnostics, edits). */
export const VSCODE_CAPABILITIES = {
  workspace: {
    applyEdit: true,
    configuration: true,
    workspaceFolders: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], failureHandling: 'textOnlyTransactional' },
    didChangeConfiguration: { dynamicRegistration: true },
    executeCommand: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: {
        codeActionKind: {
          valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'],
        },
      },
      honorsChangeAnnotations: true,
    },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: false, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
  },
  window: { workDoneProgress: true, showMessage: { messageActionItem: { additionalPropertiesSupport: true } } },
  general: { positionEncodings: ['utf-16'] },
};

/**
 * The settings object VS Code's ESLint extension (3.x) sends for a JavaScript or TypeScript file when the user has
 * configured nothing: `validate: 'probe'` (the file's language is in the default `eslint.probe` list; it is 'on' when
 * listed in `eslint.validate`), `experimental.useFlatConfig: false` and `useFlatConfig` unset. That is what works with
 * ESLint 10: `experimental.useFlatConfig: true` makes the server look for the `FlatESLint` class that ESLint 10
 * removed (it then reports nothing), while `useFlatConfig` (true, false or unset) is ignored by ESLint 10.
 */
export function extensionSettings(folderUri: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    validate: 'probe',
    packageManager: 'npm',
    useESLintClass: false,
    useFlatConfig: undefined,
    experimental: { useFlatConfig: false },
    codeActionOnSave: { mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workingDirectory: undefined,
    workspaceFolder: { name: 'workspace', uri: folderUri },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
    ...overrides,
  };
}

export interface OpenDocument {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

/** One ESLint language server for one workspace folder, driven as VS Code drives it. */
export class EslintEditor {
  readonly client: LspClient;
  readonly folderUri: string;
  /** What `workspace/configuration` answers; tests may change it and then call `configurationChanged()`. */
  settings: Record<string, unknown>;
  /** Edits the server asked the client to apply (workspace/applyEdit), oldest first. */
  readonly appliedEdits: WorkspaceEdit[] = [];
  /** URLs the server asked VS Code to open (`eslint/openDoc`, from "Show documentation for ..."). */
  readonly openedDocs: string[] = [];

  private constructor(client: LspClient, folder: string) {
    this.client = client;
    this.folderUri = pathToFileURL(folder).href;
    this.settings = extensionSettings(this.folderUri);
    client.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    client.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }) => {
      this.appliedEdits.push(params.edit);
      return { applied: true };
    });
    client.onRequest('eslint/openDoc', (params: { url: string }) => {
      this.openedDocs.push(params.url);
      return {};
    });
  }

  /** Starts the server in `folder`, then initialize / initialized as VS Code sends them. */
  static async start(folder: string, options: { requestTimeoutMs?: number } = {}): Promise<EslintEditor> {
    const client = LspClient.start(ESLINT_SERVER, { cwd: folder, requestTimeoutMs: options.requestTimeoutMs });
    const editor = new EslintEditor(client, folder);
    try {
      const init = await client.request<{ capabilities: Record<string, any> }>('initialize', {
        processId: process.pid,
        clientInfo: { name: 'Visual Studio Code', version: '1.100.0' },
        locale: 'en',
        rootPath: folder,
        rootUri: editor.folderUri,
        capabilities: VSCODE_CAPABILITIES,
        initializationOptions: {},
        workspaceFolders: [{ uri: editor.folderUri, name: 'workspace' }],
      });
      editor.serverCapabilities = init.capabilities;
      client.notify('initialized', {});
    } catch (error) {
      client.kill();
      throw error;
    }
    return editor;
  }

  serverCapabilities: Record<string, any> = {};

  open(path: string, text: string, languageId: string): OpenDocument {
    const doc = { uri: pathToFileURL(path).href, languageId, version: 1, text };
    this.client.notify('textDocument/didOpen', { textDocument: doc });
    return doc;
  }

  /** Replaces the whole text (a change event without a range), as an editor does after applying an edit. */
  change(doc: OpenDocument, text: string): void {
    doc.version += 1;
    doc.text = text;
    this.client.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: [{ text }] });
  }

  /** Pull diagnostics (`textDocument/diagnostic`), the model the ESLint server uses. */
  async diagnostics(doc: OpenDocument): Promise<Diagnostic[]> {
    const report = await this.client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
    if (report.kind !== 'full') throw new Error(`expected a full diagnostic report, got ${report.kind}`);
    return report.items;
  }

  /** The quick-fix menu for `diagnostic` (what VS Code asks for when the cursor is on a squiggle). */
  quickFixes(doc: OpenDocument, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return this.client.request('textDocument/codeAction', {
      textDocument: { uri: doc.uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], triggerKind: 1 },
    });
  }

  /** What VS Code asks for on "Fix all" / save with `editor.codeActionsOnSave: { "source.fixAll.eslint": ... }`. */
  fixAll(doc: OpenDocument): Promise<CodeAction[]> {
    return this.client.request('textDocument/codeAction', {
      textDocument: { uri: doc.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.eslint'], triggerKind: 2 },
    });
  }

  /** Runs a code action's command; returns the edits the server sent back through workspace/applyEdit. */
  async execute(command: Command): Promise<WorkspaceEdit[]> {
    const before = this.appliedEdits.length;
    await this.client.request('workspace/executeCommand', { command: command.command, arguments: command.arguments });
    return this.appliedEdits.slice(before);
  }

  /** Tells the server the settings changed (it asks workspace/configuration again and drops its caches). */
  configurationChanged(): void {
    this.client.notify('workspace/didChangeConfiguration', { settings: null });
  }

  shutdown(): Promise<void> {
    return this.client.shutdown();
  }
}

/** The text edits of `edit` for `uri` (documentChanges or changes). */
export function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const fromDocumentChanges = (edit.documentChanges ?? []).filter((c) => c.textDocument.uri === uri).flatMap((c) => c.edits);
  return [...fromDocumentChanges, ...(edit.changes?.[uri] ?? [])];
}

/** Applies LSP text edits (UTF-16 line/character positions, all relative to the original text). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => Math.min((lineStarts[p.line] ?? text.length) + p.character, text.length);
  const sorted = edits.map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
