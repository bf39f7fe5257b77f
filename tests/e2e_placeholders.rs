//! Placeholder diagnostics and code actions over stdio, against the real binary.

mod common;
mod marks;

use common::{default_capabilities, Server};
use serde_json::{json, Value};

const CHANGE_URI: &str = "file:///tmp/jianggao-placeholders.md";

/// `(code, [start line, start char, end line, end char])` of each diagnostic.
fn summary(diagnostics: &Value) -> Vec<(String, [u64; 4])> {
    diagnostics
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            let r = &d["range"];
            let n = |v: &Value| v.as_u64().unwrap();
            (
                d["code"].as_str().unwrap().to_string(),
                [
                    n(&r["start"]["line"]),
                    n(&r["start"]["character"]),
                    n(&r["end"]["line"]),
                    n(&r["end"]["character"]),
                ],
            )
        })
        .collect()
}

/// The LSP position of byte offset `at` of `text`, counted in `encoding`.
fn position(text: &str, at: usize, encoding: &str) -> (u64, u64) {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let in_line = &before[line_start..];
    let units = match encoding {
        "utf-8" => in_line.len(),
        "utf-16" => in_line.encode_utf16().count(),
        "utf-32" => in_line.chars().count(),
        other => panic!("unknown encoding {other}"),
    };
    (before.matches('\n').count() as u64, units as u64)
}

fn capabilities_with(encoding: &str) -> Value {
    let mut caps = default_capabilities();
    caps["general"]["positionEncodings"] = json!([encoding]);
    caps
}

#[test]
fn exact_ranges_after_characters_outside_the_bmp_in_every_encoding() {
    let fixture = marks::fixture("non_bmp.txt");
    let marked: String = marks::cases(&fixture)
        .enumerate()
        .map(|(i, (_, line))| format!("{line}{}", if i % 2 == 0 { "\n" } else { "\r\n" }))
        .collect();
    let (text, expected_marks) = marks::unmark(marked.trim_end());
    for encoding in ["utf-8", "utf-16", "utf-32"] {
        let mut server = Server::start_with(capabilities_with(encoding), Value::Null);
        assert_eq!(server.encoding(), encoding);
        let uri = format!("file:///tmp/non-bmp-{encoding}.txt");
        server.open(&uri, "plaintext", &text);
        let published = server.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri.as_str()
        });
        let expected: Vec<(String, [u64; 4])> = expected_marks
            .iter()
            .map(|m| {
                let (sl, sc) = position(&text, m.range.start, encoding);
                let (el, ec) = position(&text, m.range.end, encoding);
                (m.code.clone(), [sl, sc, el, ec])
            })
            .collect();
        assert_eq!(summary(&published["diagnostics"]), expected, "{encoding}");
        assert_eq!(server.shutdown().code(), Some(0));
    }
}

#[test]
fn diagnostics_follow_open_change_and_close() {
    let mut server = Server::start();
    server.open(
        CHANGE_URI,
        "markdown",
        "# 在XX市总工会全委会上的讲话\n\n总结20xx年工作。\n",
    );
    let opened = server.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == CHANGE_URI
    });
    assert_eq!(opened["version"], 1);
    let diagnostics = opened["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2, "{opened}");
    let year = &diagnostics[1];
    assert_eq!(year["source"], "jianggao");
    assert_eq!(year["code"], "year");
    assert_eq!(year["severity"], 2, "Warning");
    assert_eq!(year["message"], "未填写的年份“20xx”");
    assert_eq!(
        year["range"],
        json!({"start": {"line": 2, "character": 2}, "end": {"line": 2, "character": 6}})
    );

    // Filling the year by an incremental edit leaves the name.
    server.change(
        CHANGE_URI,
        2,
        json!([{ "range": year["range"], "text": "2025" }]),
    );
    let changed = server.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == CHANGE_URI && p["version"] == 2
    });
    assert_eq!(
        summary(&changed["diagnostics"]),
        [("name".to_string(), [0, 3, 0, 5])]
    );

    // Empty quotes are only information.
    server.change_full(CHANGE_URI, 3, "实施“”工程");
    let missing = server.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == CHANGE_URI && p["version"] == 3
    });
    assert_eq!(missing["diagnostics"][0]["code"], "missing");
    assert_eq!(missing["diagnostics"][0]["severity"], 3, "Information");

    server.close(CHANGE_URI);
    let closed = server.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == CHANGE_URI && p["version"].is_null()
    });
    assert_eq!(closed["diagnostics"], json!([]));
    assert_eq!(server.shutdown().code(), Some(0));
}

/// Applies the edits of a code action's workspace edit to `text` (UTF-16
/// positions, one line documents).
fn apply(text: &str, action: &Value, uri: &str) -> String {
    let mut edits: Vec<&Value> = action["edit"]["changes"][uri]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e["range"]["start"]["character"].as_u64()));
    let mut units: Vec<u16> = text.encode_utf16().collect();
    for edit in edits {
        assert_eq!(edit["range"]["start"]["line"], 0);
        let start = edit["range"]["start"]["character"].as_u64().unwrap() as usize;
        let end = edit["range"]["end"]["character"].as_u64().unwrap() as usize;
        let new: Vec<u16> = edit["newText"].as_str().unwrap().encode_utf16().collect();
        units.splice(start..end, new);
    }
    String::from_utf16(&units).unwrap()
}

#[test]
fn quick_fixes_and_the_fill_every_year_action() {
    let year = jianggao::placeholder::current_year();
    let uri = "file:///tmp/jianggao-fixes.txt";
    let text = "𠀀总结20xx年工作，靖江市工会第x六次代表大会，部署201x年任务";
    let mut server = Server::start();
    server.open(uri, "plaintext", text);
    let published =
        server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == uri);
    let diagnostics = published["diagnostics"].as_array().unwrap().clone();
    assert_eq!(
        diagnostics
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["year", "session", "year"]
    );

    // The cursor on 20xx: this, last and next year.
    let at_year =
        json!({"start": diagnostics[0]["range"]["start"], "end": diagnostics[0]["range"]["start"]});
    let actions = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": at_year,
            "context": {"diagnostics": [diagnostics[0]], "only": ["quickfix"]}
        }),
    );
    let actions = actions.as_array().unwrap();
    let results: Vec<String> = actions.iter().map(|a| apply(text, a, uri)).collect();
    let expected: Vec<String> = [year, year - 1, year + 1]
        .iter()
        .map(|y| text.replacen("20xx", &y.to_string(), 1))
        .collect();
    assert_eq!(results, expected);
    assert!(actions
        .iter()
        .all(|a| a["kind"] == "quickfix" && a["diagnostics"][0]["code"] == "year"));
    assert_eq!(actions[0]["isPreferred"], true);

    // On x of 第x六次: 十.
    let session = &diagnostics[1]["range"];
    let actions = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": session, "context": {"diagnostics": []}}),
    );
    let quickfixes: Vec<&Value> = actions
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "quickfix")
        .collect();
    assert_eq!(quickfixes.len(), 1, "{actions}");
    assert_eq!(
        apply(text, quickfixes[0], uri),
        text.replace("第x六次", "第十六次")
    );

    // Source action: every year at once.
    let actions = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["source"]}
        }),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert!(actions[0]["kind"].as_str().unwrap().starts_with("source."));
    let filled = apply(text, &actions[0], uri);
    assert_eq!(
        filled,
        text.replace("20xx", &year.to_string())
            .replace("201x", &year.to_string())
    );

    server.change_full(uri, 2, &filled);
    let after = server.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["version"] == 2
    });
    assert_eq!(
        summary(&after["diagnostics"])
            .iter()
            .map(|(c, _)| c.as_str())
            .collect::<Vec<_>>(),
        ["session"]
    );
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn settings_switch_kinds_off_change_severity_and_report_bad_patterns() {
    let options = json!({
        "placeholders": {
            "disabled": ["missing"],
            "severity": {"year": "error"},
            "extraPatterns": ["待定", "(unclosed"],
            "ignoreWords": ["XX大学"]
        }
    });
    let mut caps = default_capabilities();
    caps["workspace"]["configuration"] = json!(false);
    let mut server = Server::start_with(caps, options);
    let warning = server.wait_notification("window/showMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("(unclosed"))
    });
    assert_eq!(warning["type"], 2, "a warning");
    let uri = "file:///tmp/jianggao-settings.md";
    server.open(uri, "markdown", "20xx年“”，XX大学，XX同志，时间待定");
    let published =
        server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == uri);
    let got = common::codes_and_severities(&published["diagnostics"]);
    let expected = [("year", 1), ("name", 2), ("custom", 2)].map(|(c, s)| (c.to_string(), s));
    assert_eq!(got, expected);
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn the_language_id_decides_whether_asterisks_are_emphasis() {
    // 这是*重点*内容 is emphasis in Markdown and two redactions in plain text;
    // 分*公司和分*厂 is two redactions in both (a * before 公司 hides a name).
    let text = "这是*重点*内容\n分*公司和分*厂\n";
    let mut server = Server::start();
    let markdown = "file:///tmp/jianggao-syntax.md";
    let plain = "file:///tmp/jianggao-syntax.txt";
    server.open(markdown, "markdown", text);
    let as_markdown =
        server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == markdown);
    server.open(plain, "plaintext", text);
    let as_plain =
        server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == plain);
    let redaction = |line, character| {
        (
            "redaction".to_string(),
            [line, character, line, character + 1],
        )
    };
    assert_eq!(
        summary(&as_markdown["diagnostics"]),
        [redaction(1, 1), redaction(1, 6)]
    );
    assert_eq!(
        summary(&as_plain["diagnostics"]),
        [
            redaction(0, 2),
            redaction(0, 5),
            redaction(1, 1),
            redaction(1, 6)
        ]
    );
    assert_eq!(
        as_plain["diagnostics"][0]["message"],
        "被星号隐去的文字“*”，请补全"
    );
    assert_eq!(server.shutdown().code(), Some(0));
}
