//! `textDocument/codeAction`: the quick fixes of the findings in the
//! requested range and the source actions, of the kinds the client asked
//! for (`context.only`), from the document's analysis.

use super::convert;
use super::documents::TextDocument;
use super::offload;
use super::position::{self, Encoding};
use crate::analysis::Checks;
use std::sync::Arc;
use tower_lsp::lsp_types::{CodeActionOrCommand, CodeActionParams};

pub async fn code_actions(
    doc: TextDocument,
    enc: Encoding,
    params: CodeActionParams,
    checks: Arc<Checks>,
) -> Vec<CodeActionOrCommand> {
    let work = {
        let doc = doc.clone();
        move || {
            let range = position::range_to_bytes(&doc.rope, params.range, enc);
            let only: Option<Vec<String>> = params
                .context
                .only
                .map(|kinds| kinds.iter().map(|k| k.as_str().to_string()).collect());
            let uri = &params.text_document.uri;
            doc.analysis()
                .actions(&checks, &range, only.as_deref())
                .iter()
                .map(|action| convert::code_action(&doc.rope, enc, uri, action))
                .collect()
        }
    };
    offload::run(&doc, work).await
}
