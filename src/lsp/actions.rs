//! `textDocument/codeAction`: the quick fixes of the findings in the
//! requested range and the source actions, of the kinds the client asked
//! for (`context.only`), from the document's analysis.

use super::convert;
use super::documents::TextDocument;
use super::offload;
use super::position::{self, Encoding};
use super::rule_actions::{self, Target};
use crate::analysis::{kind_wanted, Checks, QUICKFIX};
use std::sync::Arc;
use tower_lsp::lsp_types::{CodeActionOrCommand, CodeActionParams};

pub async fn code_actions(
    doc: TextDocument,
    enc: Encoding,
    params: CodeActionParams,
    checks: Arc<Checks>,
    rules: Option<Target>,
) -> Vec<CodeActionOrCommand> {
    let work = {
        let doc = doc.clone();
        move || {
            let range = position::range_to_bytes(doc.content(), params.range, enc);
            let only: Option<Vec<String>> = params
                .context
                .only
                .map(|kinds| kinds.iter().map(|k| k.as_str().to_string()).collect());
            let uri = &params.text_document.uri;
            let analysis = doc.analysis();
            let mut actions: Vec<CodeActionOrCommand> = analysis
                .actions(&checks, &range, only.as_deref())
                .iter()
                .map(|action| convert::code_action(doc.content(), enc, uri, action))
                .collect();
            if kind_wanted(only.as_deref(), QUICKFIX) {
                // After the fixes of the checks, before the source actions.
                let fixes = actions.iter().take_while(|a| is_quickfix(a)).count();
                let findings = analysis.findings_in(&checks, &range);
                let writing =
                    rule_actions::actions(&doc, enc, uri, &range, &findings, rules.as_ref());
                actions.splice(fixes..fixes, writing);
            }
            actions
        }
    };
    offload::run(&doc, work).await
}

fn is_quickfix(action: &CodeActionOrCommand) -> bool {
    matches!(action, CodeActionOrCommand::CodeAction(a)
        if a.kind.as_ref().is_some_and(|k| k.as_str() == QUICKFIX))
}
