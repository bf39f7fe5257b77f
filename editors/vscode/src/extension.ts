// The jianggao (讲稿) extension: starts the jianggao language server for the
// configured languages and keeps it in step with the settings.

import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { InlineCompletionFeature } from "./inlineCompletion";
import { INSTALL_HINT, resolveServer } from "./serverPath";
import { RESTART_SETTINGS, SECTION, documentSelector, initializationOptions } from "./settings";

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
let output: vscode.OutputChannel;
let traceOutput: vscode.OutputChannel;
let context: vscode.ExtensionContext;
/** The user-level `corpus.paths` the running server was given (JSON). */
let sentUserCorpusPaths: string | undefined;

function userCorpusPaths(): unknown {
  return vscode.workspace.getConfiguration(SECTION).inspect("corpus.paths")?.globalValue;
}

function configuredLanguages(): string[] {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>("languages");
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : ["plaintext", "markdown"];
}

function wantsServer(doc: vscode.TextDocument): boolean {
  return (doc.uri.scheme === "file" || doc.uri.scheme === "untitled") && configuredLanguages().includes(doc.languageId);
}

function log(message: string): void {
  output.appendLine(`[client ${new Date().toISOString()}] ${message}`);
}

async function reportMissing(reason: string): Promise<void> {
  log(`${reason} ${INSTALL_HINT}`);
  const openSettings = "Open Settings / 打开设置";
  const showOutput = "Show Output / 查看日志";
  const choice = await vscode.window.showErrorMessage(`jianggao: ${reason} ${INSTALL_HINT}`, openSettings, showOutput);
  if (choice === openSettings) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "jianggao.server.path");
  } else if (choice === showOutput) {
    output.show(true);
  }
}

async function start(): Promise<void> {
  if (client) {
    return;
  }
  const resolution = resolveServer({
    env: process.env,
    configuredPath: vscode.workspace.getConfiguration(SECTION).get<string | null>("server.path"),
    extensionPath: context.extensionPath,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });
  if (!resolution.found) {
    await reportMissing(resolution.reason);
    return;
  }
  log(`starting ${resolution.path} (found through ${resolution.source})`);
  const executable = { command: resolution.path, transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(configuredLanguages()),
    // Pushes the `jianggao` section with every change; the server also pulls
    // it with workspace/configuration.
    synchronize: { configurationSection: SECTION },
    // The user's own corpus paths go here, apart from the workspace's: only
    // they may lie outside the workspace (the server's reach rule).
    initializationOptions: initializationOptions(vscode.workspace.getConfiguration(SECTION), userCorpusPaths()),
    outputChannel: output,
    traceOutputChannel: traceOutput,
    diagnosticCollectionName: "jianggao",
    markdown: { isTrusted: false, supportHtml: false },
  };
  sentUserCorpusPaths = JSON.stringify(userCorpusPaths() ?? []);
  const newClient = new LanguageClient("jianggao", "讲稿 jianggao", serverOptions, clientOptions);
  // Ghost text; registered when the server announces it, gone when the client stops.
  newClient.registerFeature(new InlineCompletionFeature(newClient));
  client = newClient;
  try {
    await newClient.start();
    log("server started");
  } catch (error) {
    client = undefined;
    log(`the server failed to start: ${String(error)}`);
    void vscode.window.showErrorMessage(`jianggao: the server at ${resolution.path} failed to start: ${String(error)}`);
  }
}

async function stop(): Promise<void> {
  const old = client;
  client = undefined;
  if (old) {
    try {
      await old.stop();
    } catch (error) {
      log(`stopping the server: ${String(error)}`);
    }
  }
}

function ensureStarted(): Promise<void> {
  starting ??= start().finally(() => {
    starting = undefined;
  });
  return starting;
}

async function restart(): Promise<void> {
  await starting;
  await stop();
  log("restarting");
  await ensureStarted();
}

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
  context = ctx;
  output = vscode.window.createOutputChannel("jianggao");
  traceOutput = vscode.window.createOutputChannel("jianggao (trace)");
  ctx.subscriptions.push(
    output,
    traceOutput,
    vscode.commands.registerCommand("jianggao.restartServer", restart),
    vscode.commands.registerCommand("jianggao.showOutput", () => {
      output.show(true);
    }),
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (!client && wantsServer(doc)) {
        void ensureStarted();
      }
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Settings the server reads are pushed to it by the client; these
      // decide which server runs and for what, so they need a restart.
      // So does a change of the user's own corpus paths: the server takes
      // them only from initializationOptions.
      const userPathsChanged =
        event.affectsConfiguration(`${SECTION}.corpus.paths`) &&
        sentUserCorpusPaths !== undefined &&
        JSON.stringify(userCorpusPaths() ?? []) !== sentUserCorpusPaths;
      const needsRestart =
        userPathsChanged || RESTART_SETTINGS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
      if (needsRestart && (client || vscode.workspace.textDocuments.some(wantsServer))) {
        void restart();
      }
    }),
  );
  if (vscode.workspace.textDocuments.some(wantsServer)) {
    await ensureStarted();
  }
}

export async function deactivate(): Promise<void> {
  await starting;
  await stop();
}
