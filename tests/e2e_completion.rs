//! End to end over stdio: phrase completion items as every client needs
//! them (textEdit from the start of the word run to the cursor, filterText =
//! newText, plain text, incomplete list), in every position encoding.

mod common;

use common::{capabilities_with_encoding as capabilities, units, Server};
use serde_json::{json, Value};

const URI: &str = "file:///tmp/e2e_completion_draft.md";

fn complete(s: &mut Server, line: u32, character: usize) -> Value {
    s.request(
        "textDocument/completion",
        json!({
            "textDocument": { "uri": URI },
            "position": { "line": line, "character": character },
        }),
    )
}

/// Settings that offer every candidate: these tests are about the items'
/// shape, not about which are confident enough (the KSR benchmark measures
/// that, and `a_guess_gets_no_menu_by_default` checks the default acts).
fn everything() -> Value {
    json!({ "completion": { "minConfidence": 0.0 } })
}

/// `s` with `text` open as the draft and the index ready.
fn with_draft(mut s: Server, text: &str) -> Server {
    s.open(URI, "markdown", text);
    s.wait_index_ready();
    s
}

#[test]
fn the_line_offers_the_standard_phrase_in_every_encoding() {
    // 𠀀 (outside the BMP) before the run makes the encodings differ.
    let prefix = "𠀀同志们，";
    let run = "要坚持全心全意";
    let text = format!("# 讲话\n{prefix}{run}\n");
    for encoding in ["utf-8", "utf-16", "utf-32"] {
        let mut s = with_draft(
            Server::start_with(capabilities(encoding), everything()),
            &text,
        );
        assert_eq!(s.encoding(), encoding);
        let end = units(prefix, encoding) + units(run, encoding);
        let list = complete(&mut s, 1, end);
        assert_eq!(list["isIncomplete"], true, "{list}");
        let items = list["items"].as_array().expect("a completion list");
        assert!(!items.is_empty(), "{list}");
        let want = json!({
            "start": { "line": 1, "character": units(prefix, encoding) },
            "end": { "line": 1, "character": end },
        });
        for (rank, item) in items.iter().enumerate() {
            let edit = &item["textEdit"];
            assert_eq!(edit["range"], want, "{item}");
            let new_text = edit["newText"].as_str().unwrap();
            assert!(
                new_text.starts_with(run) && new_text.len() > run.len(),
                "{item}"
            );
            assert_eq!(item["filterText"], edit["newText"], "{item}");
            assert_eq!(item["insertTextFormat"], 1, "{item}");
            let kind = item["kind"].as_u64().unwrap();
            assert!(
                kind != 1 && kind != 15,
                "kind must be neither Text nor Snippet: {item}"
            );
            assert_eq!(item["sortText"], format!("{rank:04}"), "{item}");
            assert!(item["labelDetails"]["description"].is_string(), "{item}");
            assert!(item["detail"].is_string(), "{item}");
        }
        let phrase = items
            .iter()
            .find(|i| i["textEdit"]["newText"] == "要坚持全心全意依靠工人阶级")
            .unwrap_or_else(|| panic!("no 依靠工人阶级 in {list}"));
        let doc = phrase["documentation"]["value"].as_str().unwrap();
        assert!(
            doc.contains("全心全意依靠工人阶级") && doc.contains(".txt 第 "),
            "{doc}"
        );
        assert_eq!(s.shutdown().code(), Some(0));
    }
}

#[test]
fn after_a_comma_the_next_clause_is_offered() {
    let text = "各位代表、";
    let mut s = with_draft(
        Server::start_with(capabilities("utf-16"), everything()),
        text,
    );
    let list = complete(&mut s, 0, units(text, "utf-16"));
    let items = list["items"].as_array().unwrap();
    let first = &items[0];
    // Nothing typed since the 、: the edit is empty and inserts the clause.
    assert_eq!(
        first["textEdit"]["range"]["start"],
        first["textEdit"]["range"]["end"]
    );
    assert!(
        items
            .iter()
            .take(3)
            .any(|i| i["textEdit"]["newText"] == "同志们"),
        "{list}"
    );
    s.shutdown();
}

#[test]
fn settings_cap_and_disable_completion() {
    let mut s = with_draft(
        Server::start_with(
            common::default_capabilities(),
            json!({ "completion": { "maxItems": 2, "minConfidence": 0.0 } }),
        ),
        "围绕中心、",
    );
    let list = complete(&mut s, 0, 5);
    assert_eq!(list["items"].as_array().unwrap().len(), 2, "{list}");
    s.shutdown();

    let mut s = with_draft(
        Server::start_with(
            common::default_capabilities(),
            json!({ "completion": { "enable": false } }),
        ),
        "围绕中心、",
    );
    assert_eq!(complete(&mut s, 0, 5), Value::Null);
    s.shutdown();
}

#[test]
fn a_traditional_draft_gets_traditional_items() {
    let text = "同志們:\n我們要充分發揮工會組織的橋樑";
    let mut s = with_draft(
        Server::start_with(capabilities("utf-16"), everything()),
        text,
    );
    let line1 = text.lines().nth(1).unwrap();
    let list = complete(&mut s, 1, units(line1, "utf-16"));
    let items = list["items"].as_array().unwrap();
    assert!(!items.is_empty(), "{list}");
    for item in items {
        let new_text = item["textEdit"]["newText"].as_str().unwrap();
        assert_eq!(
            jianggao::text::script::detect(&format!("{text}{new_text}")),
            jianggao::text::script::Script::Traditional
        );
        assert!(!new_text.contains('纽'), "simplified form in {item}");
    }
    s.shutdown();
}

#[test]
fn a_long_draft_completes_with_exact_ranges() {
    // Far more text before the cursor than completion reads (64 KB), with
    // chars outside the BMP on every line, in UTF-16.
    let filler = "𠀀工会工作要围绕中心、服务大局。\n".repeat(8_000);
    let run = "要坚持全心全意";
    let text = format!("{filler}𠀀同志们，{run}\n{filler}");
    let mut s = with_draft(
        Server::start_with(capabilities("utf-16"), everything()),
        &text,
    );
    let line = 8_000;
    let start = units("𠀀同志们，", "utf-16");
    let end = start + units(run, "utf-16");
    let list = complete(&mut s, line, end);
    let items = list["items"].as_array().expect("a completion list");
    let phrase = items
        .iter()
        .find(|i| i["textEdit"]["newText"] == "要坚持全心全意依靠工人阶级")
        .unwrap_or_else(|| panic!("no 依靠工人阶级 in {list}"));
    assert_eq!(
        phrase["textEdit"]["range"],
        json!({
            "start": { "line": line, "character": start },
            "end": { "line": line, "character": end },
        })
    );
    s.shutdown();
}

#[test]
fn a_completion_right_after_initialized_waits_for_the_index() {
    // As an editor does: open the draft and ask once, without waiting for
    // the index; the answer comes when the index is ready.
    let text = "全心全意";
    let mut s = Server::start();
    s.open(URI, "markdown", text);
    let list = complete(&mut s, 0, units(text, "utf-16"));
    let items = list["items"].as_array().expect("a completion list");
    assert!(
        items
            .iter()
            .any(|i| i["textEdit"]["newText"] == "全心全意依靠工人阶级"),
        "{list}"
    );
    s.shutdown();
}

#[test]
fn a_guess_gets_no_menu_by_default() {
    // After 我们要 the templates go on in a dozen ways, none likely: no menu.
    let text = "我们要";
    let mut s = with_draft(Server::start(), text);
    let list = complete(&mut s, 0, units(text, "utf-16"));
    assert_eq!(list, json!({ "isIncomplete": true, "items": [] }));
    s.shutdown();
    let mut s = with_draft(
        Server::start_with(capabilities("utf-16"), everything()),
        text,
    );
    let list = complete(&mut s, 0, units(text, "utf-16"));
    assert!(!list["items"].as_array().unwrap().is_empty(), "{list}");
    s.shutdown();
}

#[test]
fn items_speak_chinese_by_default_and_english_to_an_english_client() {
    let text = "围绕中心、";
    for (locale, detail, location) in [
        (None, "出现 ", " 第 "),
        (Some("zh-CN"), "出现 ", " 第 "),
        (Some("en-US"), " in ", ", line "),
    ] {
        let mut s = Server::spawn(&[], &[]);
        let mut params = json!({
            "processId": null,
            "rootUri": null,
            "capabilities": common::default_capabilities(),
        });
        if let Some(locale) = locale {
            params["locale"] = json!(locale);
        }
        s.initialize_with(params);
        let mut s = with_draft(s, text);
        let list = complete(&mut s, 0, units(text, "utf-16"));
        let first = &list["items"][0];
        let d = first["detail"].as_str().unwrap_or_default();
        assert!(d.contains(detail), "{locale:?}: {first}");
        let doc = first["documentation"]["value"].as_str().unwrap_or_default();
        assert!(doc.contains(location), "{locale:?}: {first}");
        if locale == Some("en-US") {
            assert!(
                d.ends_with("templates") || d.ends_with("template"),
                "{first}"
            );
        }
        s.shutdown();
    }
}
