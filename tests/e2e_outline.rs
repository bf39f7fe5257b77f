//! End to end over stdio: documentSymbol hierarchy, foldingRange, a
//! numbering diagnostic and its quick fix, in every position encoding.
//!
//! Expectations come from the core (`jianggao::outline`) converted to LSP
//! positions by this test's own converter, so the test proves that the LSP
//! layer carries the outline over faithfully, whatever the encoding.

mod common;

use common::Server;
use jianggao::outline::{self, Outline, Section};
use jianggao::speech::{self, wording, Speech};
use jianggao::text::Syntax;
use serde_json::{json, Value};

const URI: &str = "file:///tmp/e2e_outline_draft.md";

/// A draft with a Markdown title, a skipped number (1、 then 3、 4、), an
/// inline enumeration, and characters outside the BMP inside headings.
const DRAFT: &str = "# 在市总工会全委会上的讲话\n\n同志们：\n\n一、𠀀提高政治站位，在举旗定向上展现新作为\n\n（一）加强理论学习。要原原本本学。\n\n1、学习理论😀\n\n3、联系实际\n\n4、推动工作\n\n一是抓好宣传。\n\n二、聚焦主业主线\r\n\r\n工会工作是党的群众工作。\n";

fn capabilities(encoding: &str) -> Value {
    let mut caps = common::default_capabilities();
    caps["general"]["positionEncodings"] = json!([encoding]);
    caps
}

/// The LSP position of byte offset `byte` in `text`.
fn position(text: &str, byte: usize, encoding: &str) -> Value {
    common::lsp_position(text, byte, encoding)
}

fn range(text: &str, r: &std::ops::Range<usize>, encoding: &str) -> Value {
    json!({ "start": position(text, r.start, encoding), "end": position(text, r.end, encoding) })
}

/// What the server must answer for `section`, kind aside.
/// The speech of `text` and the heading lines of its timed sections.
fn timing(text: &str, tree: &Outline) -> (Speech, Vec<usize>) {
    let lines = jianggao::text::lines(text);
    let speech = Speech::new(text, Syntax::Markdown, &lines, tree);
    let timed = speech::timed_sections(tree)
        .iter()
        .map(|s| s.heading.line)
        .collect();
    (speech, timed)
}

fn expected_symbol(
    text: &str,
    section: &Section,
    encoding: &str,
    timing: &(Speech, Vec<usize>),
) -> Value {
    let (speech, timed) = timing;
    let mut detail = format!("{}字", section.chars);
    if timed.contains(&section.heading.line) {
        let rate = speech::DEFAULT_CHARS_PER_MINUTE;
        detail += &format!(" · {}", wording::about(speech.section(section), rate));
    }
    let mut symbol = json!({
        "name": section.heading.name,
        "detail": detail,
        "range": range(text, &section.range, encoding),
        "selectionRange": range(text, &section.heading.selection, encoding),
    });
    if !section.children.is_empty() {
        symbol["children"] = section
            .children
            .iter()
            .map(|c| expected_symbol(text, c, encoding, timing))
            .collect();
    }
    symbol
}

/// The server's symbols without `kind` (checked separately).
fn without_kind(symbols: &Value) -> Value {
    symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mut s = s.clone();
            let object = s.as_object_mut().unwrap();
            assert!(
                object.remove("kind").is_some_and(|k| k.is_u64()),
                "every symbol has a kind"
            );
            if let Some(children) = object.get("children").cloned() {
                object.insert("children".into(), without_kind(&children));
            }
            s
        })
        .collect()
}

fn numbering_diagnostics(params: &Value) -> Vec<Value> {
    common::diagnostics_with_code(params, "numbering")
}

/// Applies LSP text edits (any encoding) to `text`.
fn apply(text: &str, edits: &[Value], encoding: &str) -> String {
    common::apply_edits(text, edits, encoding)
}

#[test]
fn symbols_folding_and_numbering_fix_in_every_encoding() {
    let tree = outline::outline(DRAFT);
    let issues = outline::check_numbering(DRAFT, &tree);
    assert_eq!(
        issues.len(),
        1,
        "the draft has exactly one numbering problem: {issues:?}"
    );
    for encoding in ["utf-16", "utf-8", "utf-32"] {
        let mut s = Server::start_with(capabilities(encoding), Value::Null);
        assert_eq!(s.encoding(), encoding);
        s.open(URI, "markdown", DRAFT);
        let doc = json!({ "uri": URI });

        // documentSymbol: the whole hierarchy, ranges in the chosen encoding.
        let symbols = s.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": doc }),
        );
        let timing = timing(DRAFT, &tree);
        let want: Value = tree
            .sections
            .iter()
            .map(|sec| expected_symbol(DRAFT, sec, encoding, &timing))
            .collect();
        assert_eq!(without_kind(&symbols), want, "{encoding}");
        // The numbered chapters sit under the Markdown title, 1、 under （一）.
        let chapters = &symbols[0]["children"];
        assert_eq!(chapters.as_array().unwrap().len(), 2, "{symbols:#}");
        assert!(chapters[0]["children"][0]["children"][0]["name"]
            .as_str()
            .unwrap()
            .starts_with("1、"));

        // foldingRange: one fold per section spanning several lines.
        let folds = s.request("textDocument/foldingRange", json!({ "textDocument": doc }));
        let want_folds: Vec<(u64, u64)> = tree
            .walk()
            .into_iter()
            .filter(|(_, sec)| sec.end_line > sec.heading.line)
            .map(|(_, sec)| (sec.heading.line as u64, sec.end_line as u64))
            .collect();
        let got_folds: Vec<(u64, u64)> = folds
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["startLine"].as_u64().unwrap(),
                    f["endLine"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(got_folds, want_folds, "{encoding}");

        // The numbering diagnostic: 3、 after 1、, Information, at the marker.
        let published = s.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == URI);
        let diagnostics = numbering_diagnostics(&published);
        assert_eq!(diagnostics.len(), 1, "{published:#}");
        let diagnostic = &diagnostics[0];
        assert_eq!(diagnostic["severity"], 3);
        assert_eq!(diagnostic["source"], "jianggao");
        assert_eq!(
            diagnostic["range"],
            range(DRAFT, &issues[0].range, encoding)
        );
        assert_eq!(diagnostic["message"], issues[0].message.as_str());

        // Its quick fix renumbers 3、 4、 to 2、 3、; the fixed draft is clean.
        let actions = s.request(
            "textDocument/codeAction",
            json!({
                "textDocument": doc,
                "range": diagnostic["range"],
                "context": { "diagnostics": [diagnostic], "only": ["quickfix"] }
            }),
        );
        let action = actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["kind"] == "quickfix" && a["diagnostics"][0]["code"] == "numbering")
            .unwrap_or_else(|| panic!("no numbering quick fix in {actions:#}"));
        let edits = action["edit"]["changes"][URI].as_array().unwrap();
        let fixed = apply(DRAFT, edits, encoding);
        assert!(
            fixed.contains("2、联系实际") && fixed.contains("3、推动工作"),
            "{fixed}"
        );
        s.change_full(URI, 2, &fixed);
        let republished = s.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == URI && p["version"] == 2
        });
        assert!(
            numbering_diagnostics(&republished).is_empty(),
            "{republished:#}"
        );
        assert!(s.shutdown().success());
    }
}

#[test]
fn numbering_checks_can_be_switched_off() {
    let options = json!({ "outline": { "numberingChecks": false } });
    let mut s = Server::start_with(capabilities("utf-16"), options);
    s.open(URI, "markdown", DRAFT);
    let published = s.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == URI);
    assert!(
        numbering_diagnostics(&published).is_empty(),
        "{published:#}"
    );
    // The outline itself is still there.
    let symbols = s.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert!(!symbols.as_array().unwrap().is_empty());
    assert!(s.shutdown().success());
}

#[test]
fn the_outline_subcommand_prints_the_tree_and_the_numbering_problems() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_jianggao"))
        .args(["outline", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(DRAFT.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    // The tree, then the numbering problems as findings, all on stdout;
    // exit status 1: there are findings.
    assert_eq!(output.status.code(), Some(1));
    let tree = outline::outline(DRAFT);
    let issues = outline::check_numbering(DRAFT, &tree);
    // The top-level sections and the whole draft with their speaking time.
    let (speech, timed) = timing(DRAFT, &tree);
    let rate = speech::DEFAULT_CHARS_PER_MINUTE;
    let mut want = outline::render_with(&tree, |_, s| {
        timed
            .contains(&s.heading.line)
            .then(|| wording::about(speech.section(s), rate))
    });
    want += &format!(
        "全文  {}（每分钟 160 字）\n",
        wording::about(speech.total(), rate)
    );
    // 聚焦主业主线 and 工会工作是党的群众工作: 17 of its 20 characters are said.
    assert!(want.contains(", 20字]  约 0.1 分钟 · 17 字\n"), "{want}");
    for issue in &issues {
        let (line, col) = jianggao::text::line_col(DRAFT, issue.range.start);
        want += &format!(
            "<stdin>:{}:{}: numbering: {}\n",
            line + 1,
            col + 1,
            issue.message
        );
    }
    assert!(!issues.is_empty());
    assert_eq!(String::from_utf8(output.stdout).unwrap(), want);

    let missing = Command::new(env!("CARGO_BIN_EXE_jianggao"))
        .args(["outline", "/nonexistent/draft.md"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn clients_without_hierarchical_symbols_get_a_flat_list_with_containers() {
    let text = "一、总体要求\n（一）提高站位\n内容。\n二、重点任务\n";
    let mut caps = capabilities("utf-16");
    caps["textDocument"]["documentSymbol"]["hierarchicalDocumentSymbolSupport"] = json!(false);
    let mut s = Server::start_with(caps, Value::Null);
    let uri = "file:///tmp/flat-outline.txt";
    s.open(uri, "plaintext", text);
    let flat = s.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let outline = jianggao::outline::outline(text);
    let expected: Vec<(String, Option<String>)> = outline
        .walk()
        .iter()
        .map(|(depth, section)| {
            let parent = outline
                .walk()
                .iter()
                .rev()
                .skip_while(|(_, s)| !std::ptr::eq(*s, *section))
                .find(|(d, _)| *d + 1 == *depth)
                .map(|(_, p)| p.heading.name.clone());
            (section.heading.name.clone(), parent)
        })
        .collect();
    let got: Vec<(String, Option<String>)> = flat
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            assert_eq!(i["location"]["uri"], uri);
            (
                i["name"].as_str().unwrap().to_string(),
                i["containerName"].as_str().map(str::to_string),
            )
        })
        .collect();
    assert_eq!(got.len(), 3, "{flat}");
    assert_eq!(got, expected);
}

/// The tree of symbol names: `[name, [children…]]` for each symbol.
fn name_tree(symbols: &Value) -> Value {
    symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let children = s.get("children").map_or(json!([]), name_tree);
            json!([s["name"], children])
        })
        .collect()
}

#[test]
fn collection_titles_with_numerals_or_brackets_hold_their_sections() {
    let text = "工会工作总结范文篇1\n一、主要工作\n（一）加强学习\n\
                【第二篇】工会换届工作总结\n一、换届筹备\n\
                第3篇 工作计划\n篇幅有限，不再列举。\n";
    let mut s = Server::start_with(capabilities("utf-16"), Value::Null);
    let uri = "file:///tmp/collection-titles.txt";
    s.open(uri, "plaintext", text);
    let symbols = s.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(
        name_tree(&symbols),
        json!([
            [
                "工会工作总结范文篇1",
                [["一、主要工作", [["（一）加强学习", []]]]]
            ],
            ["【第二篇】工会换届工作总结", [["一、换届筹备", []]]],
            ["第3篇 工作计划", []]
        ])
    );
    assert!(s.shutdown().success());
}

/// A draft of 9,751 sections — 49 parts of 99 subsections, each with one
/// item — gets the two upper levels whole (4,900 symbols and as many folds
/// at most), then one symbol saying how many sections are left out.
#[test]
fn a_huge_outline_lists_its_upper_levels_and_says_what_is_left_out() {
    let mut text = String::new();
    for part in 1..=49 {
        text += &format!(
            "{}、第{part}部分\n",
            jianggao::outline::numeral::chinese(part).unwrap()
        );
        for sub in 1..=99 {
            let numeral = jianggao::outline::numeral::chinese(sub).unwrap();
            text += &format!("（{numeral}）第{sub}节\n正文。\n1. 要点\n正文。\n");
        }
    }
    let outline = jianggao::outline::outline(&text);
    assert_eq!(
        outline.walk().len(),
        49 + 49 * 99 * 2,
        "the draft is as meant"
    );
    let mut s = Server::start_with(capabilities("utf-16"), Value::Null);
    let uri = "file:///tmp/huge-outline.txt";
    s.open(uri, "plaintext", &text);
    let symbols = s.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let symbols = symbols.as_array().unwrap();
    assert_eq!(symbols.len(), 50, "49 parts and the note");
    for part in &symbols[..49] {
        let children = part["children"].as_array().unwrap();
        assert_eq!(children.len(), 99);
        assert!(children.iter().all(|c| c.get("children").is_none()));
    }
    let note = symbols[49]["name"].as_str().unwrap();
    assert!(note.contains("另有4851节未列出"), "{note}");
    let folds = s.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": uri } }),
    );
    // Every part and subsection spans lines; no item does (one line each).
    assert_eq!(folds.as_array().unwrap().len(), 49 + 49 * 99);
}
