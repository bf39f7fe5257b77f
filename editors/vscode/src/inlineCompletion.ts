// Ghost text: the server's `textDocument/inlineCompletion` (LSP 3.18) shown
// as an inline suggestion, which Tab accepts.
//
// vscode-languageclient 9.0.1 has this request only among its *proposed*
// features, which `registerProposedFeatures()` turns on all together; so this
// feature is registered on its own. A later client that serves the request
// itself is left to do so (see `initialize`), so the provider is never
// registered twice.

import * as vscode from "vscode";
import {
  type BaseLanguageClient,
  type ClientCapabilities,
  type DocumentSelector,
  type FeatureState,
  InlineCompletionRequest,
  type Position,
  type Range,
  type ServerCapabilities,
  type StaticFeature,
  type TextDocumentIdentifier,
} from "vscode-languageclient/node";

/** The request's parameters as LSP 3.18 has them. */
interface InlineCompletionParams {
  textDocument: TextDocumentIdentifier;
  position: Position;
  context: {
    /** 1: invoked by the user, 2: automatic while typing. */
    triggerKind: 1 | 2;
    selectedCompletionInfo?: { range: Range; text: string };
  };
}

/** The answer: `{ items }` or a bare list of items, or null. */
type InlineCompletionResult = Parameters<BaseLanguageClient["protocol2CodeConverter"]["asInlineCompletionResult"]>[0];

export class InlineCompletionFeature implements StaticFeature {
  private provider: vscode.Disposable | undefined;

  constructor(private readonly client: BaseLanguageClient) {}

  fillClientCapabilities(capabilities: ClientCapabilities): void {
    capabilities.textDocument ??= {};
    capabilities.textDocument.inlineCompletion = { dynamicRegistration: false };
  }

  /** Called once the server has answered `initialize`, at every (re)start. */
  initialize(capabilities: ServerCapabilities, documentSelector: DocumentSelector | undefined): void {
    this.clear();
    const servedByClient = (this.client.getFeature(InlineCompletionRequest.method) as unknown) !== undefined;
    if (!capabilities.inlineCompletionProvider || !documentSelector || servedByClient) {
      return;
    }
    this.provider = vscode.languages.registerInlineCompletionItemProvider(
      this.client.protocol2CodeConverter.asDocumentSelector(documentSelector),
      { provideInlineCompletionItems: (document, position, context, token) => this.provide(document, position, context, token) },
    );
  }

  getState(): FeatureState {
    return { kind: "static" };
  }

  /** Called when the client stops: the provider goes with it. */
  clear(): void {
    this.provider?.dispose();
    this.provider = undefined;
  }

  private async provide(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionList | vscode.InlineCompletionItem[] | null | undefined> {
    const c2p = this.client.code2ProtocolConverter;
    const selected = context.selectedCompletionInfo;
    const params: InlineCompletionParams = {
      textDocument: c2p.asTextDocumentIdentifier(document),
      position: c2p.asPosition(position),
      context: {
        triggerKind: context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke ? 1 : 2,
        ...(selected && { selectedCompletionInfo: { range: c2p.asRange(selected.range), text: selected.text } }),
      },
    };
    try {
      const result = await this.client.sendRequest<InlineCompletionResult>(InlineCompletionRequest.method, params, token);
      if (token.isCancellationRequested) {
        return undefined;
      }
      return await this.client.protocol2CodeConverter.asInlineCompletionResult(result, token);
    } catch (error) {
      return this.client.handleFailedRequest(InlineCompletionRequest.type, token, error, null);
    }
  }
}
