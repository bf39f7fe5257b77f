//! What the server announces in its `initialize` answer.
//!
//! lsp-types 0.94 has no field for capabilities newer than LSP 3.17, so
//! [`EXTRA`] is merged into the answer's JSON on its way to the client
//! ([`announce_extra`], called by the transport).

use super::completion;
use super::convert;
use super::position::Encoding;
use serde_json::{json, Value};
use tower_lsp::lsp_types::*;

pub fn capabilities(enc: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(enc.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                // A save may follow an edit of jianggao.toml made in the editor.
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(
                completion::TRIGGER_CHARACTERS
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ),
            ..Default::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::SOURCE]),
            ..Default::default()
        })),
        diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some(convert::SOURCE.to_string()),
            inter_file_dependencies: false,
            workspace_diagnostics: false,
            ..Default::default()
        })),
        // Folders added or removed change what is indexed (the writer's
        // drafts), where corpus paths may lie, and the project's rule file.
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..Default::default()
    }
}

/// Capabilities lsp-types cannot express, by their LSP name.
fn extra() -> Value {
    // Served by the custom method `inline_completion::METHOD`.
    json!({ "inlineCompletionProvider": {} })
}

/// The frame `body` with [`extra`] capabilities added if it is the answer to
/// `initialize` (a result holding `capabilities`); `None` for any other frame.
pub fn announce_extra(body: &[u8]) -> Option<Vec<u8>> {
    // Cheap test first: most frames are not the answer to `initialize`.
    let needle = b"\"capabilities\"";
    if !body.windows(needle.len()).any(|w| w == needle) {
        return None;
    }
    let mut message: Value = serde_json::from_slice(body).ok()?;
    let caps = message
        .get_mut("result")?
        .get_mut("capabilities")?
        .as_object_mut()?;
    if let Value::Object(extra) = extra() {
        caps.extend(extra);
    }
    serde_json::to_vec(&message).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_inline_completion_to_the_initialize_answer_only() {
        let answer =
            br#"{"jsonrpc":"2.0","id":1,"result":{"capabilities":{"hoverProvider":true}}}"#;
        let patched: Value = serde_json::from_slice(&announce_extra(answer).unwrap()).unwrap();
        assert_eq!(patched["result"]["capabilities"]["hoverProvider"], true);
        assert_eq!(
            patched["result"]["capabilities"]["inlineCompletionProvider"],
            json!({})
        );
        assert!(announce_extra(br#"{"jsonrpc":"2.0","id":2,"result":[]}"#).is_none());
    }
}
