//! Property test of incremental document sync through the protocol layer.
//!
//! A reference client keeps the text as a vector of chars and computes LSP
//! positions independently of the server (walking the text and counting code
//! units of the negotiated encoding). Random edits of Chinese text with
//! characters outside the BMP, emoji, CRLF, LF, lone CR and Unicode line
//! separators go through `initialize`/`didOpen`/`didChange` JSON messages
//! into the real service; after every `didChange` the server's text must equal
//! the client's, and the placeholder scan the server keeps up to date line by
//! line must equal a scan of the whole text — for documents held as ropes
//! and for those held flat (as long ones are).

use futures::StreamExt;
use jianggao::lsp;
use jianggao::placeholder::scan;
use jianggao::text::Syntax;
use proptest::prelude::*;
use serde_json::{json, Value};
use tower_lsp::jsonrpc::Request;
use tower_lsp::lsp_types::Url;
use tower_service::Service;

/// Pieces random texts are made of: every kind of character whose length
/// differs between encodings, every kind of line break, and the makings of
/// placeholders, of house-style problems (half-width marks, traditional
/// characters, years written two ways) and of Markdown code fences (which
/// hide both).
const PIECES: &[&str] = &[
    "讲",
    "稿",
    "𠀀",
    "😀",
    "👨‍👩‍👧",
    "a",
    "Z",
    " ",
    "，",
    "é",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u{2028}",
    "\u{85}",
    "20",
    "xx",
    "X",
    "某某",
    "__",
    "*",
    "“”",
    "年",
    "同志",
    "```",
    ",",
    "們",
    "2026",
    "二○二六",
];

const ENCODINGS: [&str; 3] = ["utf-8", "utf-16", "utf-32"];

fn units(c: char, encoding: &str) -> u32 {
    match encoding {
        "utf-8" => c.len_utf8() as u32,
        "utf-16" => c.len_utf16() as u32,
        _ => 1,
    }
}

/// The reference client's view of a position: line breaks are LF, CRLF and
/// lone CR only, as LSP defines them.
fn position_of(chars: &[char], index: usize, encoding: &str) -> Value {
    let (mut line, mut character) = (0u32, 0u32);
    let mut i = 0;
    while i < index {
        match chars[i] {
            '\r' if chars.get(i + 1) == Some(&'\n') && i + 1 < index => {
                line += 1;
                character = 0;
                i += 1;
            }
            '\n' | '\r' => {
                line += 1;
                character = 0;
            }
            c => character += units(c, encoding),
        }
        i += 1;
    }
    json!({ "line": line, "character": character })
}

/// A char index a client can address: never between the CR and LF of a CRLF.
fn addressable(chars: &[char], index: usize) -> usize {
    let index = index.min(chars.len());
    if index > 0 && chars[index - 1] == '\r' && chars.get(index) == Some(&'\n') {
        index - 1
    } else {
        index
    }
}

#[derive(Debug, Clone)]
struct Edit {
    start: usize,
    len: usize,
    insert: String,
}

fn text_strategy(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..max_pieces).prop_map(|p| p.concat())
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    (0usize..200, 0usize..8, text_strategy(6)).prop_map(|(start, len, insert)| Edit {
        start,
        len,
        insert,
    })
}

fn message(method: &str, id: Option<i64>, params: Value) -> Request {
    let mut m = json!({ "jsonrpc": "2.0", "method": method, "params": params });
    if let Some(id) = id {
        m["id"] = json!(id);
    }
    serde_json::from_value(m).unwrap()
}

/// Runs `batches` of edits against a fresh server in `encoding`. A client
/// that pulls diagnostics gets no analysis on every change: then the scan is
/// looked at after every other batch only, so that it is brought up to date
/// over several versions at once.
async fn check_sync(
    encoding: &str,
    syntax: Syntax,
    pull_diagnostics: bool,
    initial: &str,
    batches: &[Vec<Edit>],
) -> Result<(), TestCaseError> {
    let (mut service, socket) = lsp::service();
    // Drain what the server sends to the client (diagnostics, progress).
    tokio::spawn(socket.for_each(|_| async {}));
    let mut init = json!({ "capabilities": { "general": { "positionEncodings": [encoding] } } });
    if pull_diagnostics {
        init["capabilities"]["textDocument"] = json!({ "diagnostic": {} });
    }
    let response = service
        .call(message("initialize", Some(1), init))
        .await
        .unwrap()
        .unwrap();
    let (_, result) = response.into_parts();
    prop_assert_eq!(
        &result.unwrap()["capabilities"]["positionEncoding"],
        &json!(encoding)
    );
    service
        .call(message("initialized", None, json!({})))
        .await
        .unwrap();

    // Long documents are held flat (their text only in their analysis): try
    // that path on these short texts too, from the start or once an edit
    // makes the text long enough.
    let documents = &service.inner().session().documents;
    match initial.len() % 3 {
        1 => documents.hold_flat_from(0),
        2 => documents.hold_flat_from(initial.len() + 8),
        _ => {}
    }
    let uri = Url::parse("file:///draft.txt").unwrap();
    let language = if syntax == Syntax::Markdown {
        "markdown"
    } else {
        "plaintext"
    };
    let open = json!({ "textDocument": { "uri": uri, "languageId": language, "version": 0, "text": initial } });
    service
        .call(message("textDocument/didOpen", None, open))
        .await
        .unwrap();

    let mut chars: Vec<char> = initial.chars().collect();
    for (version, batch) in batches.iter().enumerate() {
        let mut changes = Vec::new();
        for edit in batch {
            let start = addressable(&chars, edit.start);
            let end = addressable(&chars, start + edit.len);
            changes.push(json!({
                "range": { "start": position_of(&chars, start, encoding), "end": position_of(&chars, end, encoding) },
                "text": edit.insert,
            }));
            chars.splice(start..end, edit.insert.chars());
        }
        let params = json!({ "textDocument": { "uri": uri, "version": version + 1 }, "contentChanges": changes });
        service
            .call(message("textDocument/didChange", None, params))
            .await
            .unwrap();
        let server_doc = service.inner().session().documents.get(&uri).unwrap();
        let expected: String = chars.iter().collect();
        prop_assert_eq!(
            &server_doc.text(),
            &expected,
            "after change {} in {}",
            version + 1,
            encoding
        );
        prop_assert_eq!(server_doc.version, version as i32 + 1);
        if !pull_diagnostics || version % 2 == 1 {
            let analysis = server_doc.analysis();
            prop_assert_eq!(
                analysis.placeholder_hits(),
                scan::scan(&expected, syntax),
                "placeholders after change {} in {}",
                version + 1,
                encoding
            );
            prop_assert_eq!(
                analysis.items(),
                &jianggao::structure::enumeration::items(&expected, 0..expected.len())[..],
                "enumeration items after change {} in {}",
                version + 1,
                encoding
            );
            prop_assert_eq!(
                analysis.styled().problems(&expected),
                jianggao::style::check_all(&expected, syntax),
                "house style after change {} in {}",
                version + 1,
                encoding
            );
        }
    }
    Ok(())
}

proptest! {
    // 256 cases × up to 24 didChange batches × up to 3 edits × 3 encodings:
    // on the order of 25,000 edits per run.
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn server_text_equals_client_text_after_every_edit(
        initial in text_strategy(40),
        batches in prop::collection::vec(prop::collection::vec(edit_strategy(), 1..4), 1..24),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        for encoding in ENCODINGS {
            // Markdown (code fences hide placeholders) but in UTF-16, pulled.
            let pull = encoding == "utf-16";
            let syntax = if pull { Syntax::PlainText } else { Syntax::Markdown };
            runtime.block_on(check_sync(encoding, syntax, pull, &initial, &batches))?;
        }
    }
}

#[test]
fn reference_positions_follow_lsp_line_breaks() {
    let chars: Vec<char> = "a\r\n𠀀\rb\u{2028}c\nd".chars().collect();
    assert_eq!(
        position_of(&chars, 3, "utf-16"),
        json!({ "line": 1, "character": 0 })
    );
    assert_eq!(
        position_of(&chars, 4, "utf-16"),
        json!({ "line": 1, "character": 2 })
    );
    assert_eq!(
        position_of(&chars, 4, "utf-8"),
        json!({ "line": 1, "character": 4 })
    );
    assert_eq!(
        position_of(&chars, 8, "utf-32"),
        json!({ "line": 2, "character": 3 })
    );
    assert_eq!(addressable(&chars, 2), 1, "between CR and LF");
}
