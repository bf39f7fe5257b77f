//! End to end over stdio: `textDocument/inlineCompletion` (ghost text), in
//! every position encoding, and its settings.

mod common;

use common::{capabilities_with_encoding as capabilities, units, Server};
use serde_json::{json, Value};

const URI: &str = "file:///tmp/e2e_inline_draft.md";

fn inline(s: &mut Server, line: u32, character: usize) -> Value {
    s.request(
        "textDocument/inlineCompletion",
        json!({
            "textDocument": { "uri": URI },
            "position": { "line": line, "character": character },
            "context": { "triggerKind": 2 },
        }),
    )
}

fn start(encoding: &str, settings: Value, text: &str) -> Server {
    let mut caps = capabilities(encoding);
    caps["textDocument"]["inlineCompletion"] = json!({});
    let mut s = Server::start_with(caps, settings);
    s.open(URI, "markdown", text);
    s.wait_index_ready();
    s
}

#[test]
fn the_capability_is_announced() {
    let s = Server::start();
    assert_eq!(
        s.initialize_result()["capabilities"]["inlineCompletionProvider"],
        json!({}),
        "{}",
        s.initialize_result()
    );
    s.shutdown();
}

#[test]
fn ghost_text_continues_the_run_in_every_encoding() {
    // 𠀀 (outside the BMP) before the run makes the encodings differ.
    let prefix = "𠀀同志们，";
    let run = "要坚持全心全意";
    let text = format!("# 讲话\n{prefix}{run}\n");
    // A threshold every suggestion clears: this test is about the item's shape.
    let settings = json!({ "completion": { "inline": { "minConfidence": 0.0 } } });
    for encoding in ["utf-8", "utf-16", "utf-32"] {
        let mut s = start(encoding, settings.clone(), &text);
        let end = units(prefix, encoding) + units(run, encoding);
        let answer = inline(&mut s, 1, end);
        let items = answer["items"]
            .as_array()
            .expect("an inline completion list");
        assert_eq!(items.len(), 1, "{answer}");
        let item = &items[0];
        let insert = item["insertText"].as_str().unwrap();
        assert!(
            insert.starts_with(run) && insert.len() > run.len(),
            "{item}"
        );
        assert_eq!(item["filterText"], item["insertText"], "{item}");
        assert_eq!(
            item["range"],
            json!({
                "start": { "line": 1, "character": units(prefix, encoding) },
                "end": { "line": 1, "character": end },
            }),
            "{item}"
        );
        s.shutdown();
    }
}

#[test]
fn no_ghost_text_below_the_threshold_or_when_disabled() {
    let text = "我们要";
    for settings in [
        json!({ "completion": { "inline": { "minConfidence": 1.0 } } }),
        json!({ "completion": { "inline": { "enable": false, "minConfidence": 0.0 } } }),
        json!({ "completion": { "enable": false } }),
    ] {
        let mut s = start("utf-16", settings.clone(), text);
        let answer = inline(&mut s, 0, units(text, "utf-16"));
        assert_eq!(answer, json!({ "items": [] }), "{settings}");
        s.shutdown();
    }
}

#[test]
fn an_unknown_document_gets_no_ghost_text() {
    let mut s = start("utf-16", json!({}), "");
    let answer = s.request(
        "textDocument/inlineCompletion",
        json!({
            "textDocument": { "uri": "file:///tmp/never_opened.md" },
            "position": { "line": 0, "character": 0 },
        }),
    );
    assert_eq!(answer, Value::Null);
    s.shutdown();
}
