//! House-style diagnostics over stdio, against the real binary: the
//! `punctuation` diagnostic, its quick fix and the fix-all source action,
//! in every position encoding.

mod common;

use common::{apply_edits, byte_at, capabilities_with_encoding, codes_and_severities, Server};
use serde_json::{json, Value};

/// `text` with the edits of a code action applied.
fn apply(text: &str, action: &Value, uri: &str, encoding: &str) -> String {
    let edits = action["edit"]["changes"][uri].as_array().unwrap();
    apply_edits(text, edits, encoding)
}

fn texts_of<'a>(text: &'a str, diagnostics: &Value, encoding: &str) -> Vec<(String, &'a str)> {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let start = byte_at(text, &d["range"]["start"], encoding);
            let end = byte_at(text, &d["range"]["end"], encoding);
            (d["code"].as_str().unwrap().to_string(), &text[start..end])
        })
        .collect()
}

#[test]
fn punctuation_diagnostics_quick_fix_and_fix_all_in_every_encoding() {
    // 𠀀 (outside the BMP) before the marks makes the encodings differ.
    let text = "𠀀同志们:\n𠀀在此,我代表全体职工表示感谢!2025 年是关键的一年。";
    for encoding in ["utf-8", "utf-16", "utf-32"] {
        let uri = format!("file:///tmp/jianggao-style-{encoding}.md");
        let mut server = Server::start_with(capabilities_with_encoding(encoding), Value::Null);
        assert_eq!(server.encoding(), encoding);
        server.open(&uri, "markdown", text);
        let published = server.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri.as_str()
        });
        let diagnostics = &published["diagnostics"];
        assert_eq!(
            texts_of(text, diagnostics, encoding),
            [
                ("punctuation".to_string(), ":"),
                ("punctuation".to_string(), ","),
                ("punctuation".to_string(), "!"),
                ("punctuation".to_string(), " "),
            ],
            "{encoding}"
        );
        let first = &diagnostics[0];
        assert_eq!(first["severity"], 2, "Warning");
        assert_eq!(first["source"], "jianggao");

        // The quick fix of the first: 同志们:
        let actions = server.request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": first["range"],
                "context": {"diagnostics": [first], "only": ["quickfix"]}
            }),
        );
        // Its own fix, beside 忽略此处 and the other actions that write the office's rules.
        let actions: Vec<Value> = actions
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| {
                let title = a["title"].as_str().unwrap_or("");
                !title.starts_with("忽略此处") && !title.contains("加入")
            })
            .cloned()
            .collect();
        assert_eq!(actions.len(), 1, "{actions:?}");
        assert_eq!(actions[0]["isPreferred"], true);
        assert_eq!(
            apply(text, &actions[0], &uri, encoding),
            text.replacen("同志们:", "同志们：", 1)
        );

        // Fix-all, asked for as an editor does on save (source.fixAll).
        let actions = server.request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": [], "only": ["source.fixAll"]}
            }),
        );
        let actions = actions.as_array().unwrap();
        assert_eq!(actions.len(), 1, "{actions:?}");
        assert_eq!(actions[0]["kind"], "source.fixAll.jianggao");
        let fixed = apply(text, &actions[0], &uri, encoding);
        assert_eq!(
            fixed,
            "𠀀同志们：\n𠀀在此，我代表全体职工表示感谢！2025年是关键的一年。"
        );

        server.change_full(&uri, 2, &fixed);
        let after = server.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri.as_str() && p["version"] == 2
        });
        assert_eq!(after["diagnostics"], json!([]), "{encoding}");
        assert_eq!(server.shutdown().code(), Some(0));
    }
}

#[test]
fn settings_switch_the_house_style_checks_off_and_change_their_severity() {
    let uri = "file:///tmp/jianggao-style-settings.txt";
    let text = "同志们:二○二六年，我們要团结。";
    let options = json!({"style": {"disabled": ["script"], "severity": {"punctuation": "error"}}});
    let mut server = Server::start_with(capabilities_with_encoding("utf-16"), options);
    server.open(uri, "plaintext", text);
    let published =
        server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == uri);
    let found = codes_and_severities(&published["diagnostics"]);
    assert_eq!(
        found,
        [
            ("punctuation".to_string(), 1),
            ("number-style".to_string(), 2)
        ]
    );
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn mixed_ways_of_writing_years_are_one_diagnostic_with_the_other_places() {
    let uri = "file:///tmp/jianggao-style-years.md";
    let text = "2026年完成，2027年推进，2028年巩固，二〇二九年收官。\n二〇三〇年再议。";
    let mut server = Server::start();
    server.open(uri, "markdown", text);
    let published =
        server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == uri);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let mixed = &diagnostics[0];
    assert_eq!(mixed["code"], "number-style");
    assert_eq!(
        &text[byte_at(text, &mixed["range"]["start"], "utf-16")
            ..byte_at(text, &mixed["range"]["end"], "utf-16")],
        "二〇二九年"
    );
    let related = mixed["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 1, "{related:?}");
    assert_eq!(related[0]["location"]["uri"], uri);
    assert_eq!(
        related[0]["location"]["range"],
        json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 5}})
    );
    assert_eq!(server.shutdown().code(), Some(0));
}

/// A draft with more house-style problems than the server keeps per rule
/// (`PROBLEMS_KEPT`, 10,000): the first 2,000 are published as ever, and
/// the note after them counts every problem, kept or not.
#[test]
fn a_flood_of_problems_is_counted_whole_though_only_some_are_kept() {
    let line = "甲,乙,丙,丁,戊,己,庚,辛,壬,癸,子。\n";
    let text = line.repeat(1_200);
    let found = jianggao::style::check_all(&text, jianggao::text::Syntax::Markdown);
    let total = found[0].len();
    assert_eq!(total, 12_000, "the draft is as meant");
    assert!(found[1].is_empty() && found[2].is_empty());
    let uri = "file:///tmp/jianggao-style-flood.md";
    let mut server = Server::start();
    server.open(uri, "markdown", &text);
    let published =
        server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == uri);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2_001);
    let note = diagnostics.last().unwrap();
    assert_eq!(note["code"], "left-out");
    let message = note["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("另有{}处", total - 2_000)),
        "{message}"
    );
}
