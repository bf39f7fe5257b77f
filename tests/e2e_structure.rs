//! End to end over stdio: the `structure` diagnostic (a promise of three
//! points followed by two), its related information pointing at the
//! sections counted, and its quick fix, in every position encoding.
//!
//! Expectations come from the core (`jianggao::structure`) converted to LSP
//! positions by this test's own converter.

mod common;

use common::Server;
use jianggao::outline::outline;
use jianggao::structure;
use serde_json::{json, Value};

const URI: &str = "file:///tmp/e2e_structure_draft.md";

/// Characters outside the BMP before the announcement and in the headings,
/// so that every encoding counts the columns differently.
const DRAFT: &str = "# 在𠀀全委会上的讲话\n\n同志们：\n\n😀今天，下面，我讲三点意见。\n\n一、𠀀提高认识\n\n正文。\n\n二、😀突出重点\r\n\r\n正文。\n";

fn range(text: &str, r: &std::ops::Range<usize>, encoding: &str) -> Value {
    common::lsp_range(text, r, encoding)
}

fn structure_diagnostics(params: &Value) -> Vec<Value> {
    common::diagnostics_with_code(params, "structure")
}

#[test]
fn a_broken_promise_is_diagnosed_and_fixed_in_every_encoding() {
    let problems = structure::check(DRAFT, &outline(DRAFT));
    assert_eq!(problems.len(), 1, "{problems:?}");
    let problem = &problems[0];
    assert_eq!(&DRAFT[problem.range.clone()], "讲三点意见");
    for encoding in ["utf-16", "utf-8", "utf-32"] {
        let mut s = Server::start_with(common::capabilities_with_encoding(encoding), Value::Null);
        assert_eq!(s.encoding(), encoding);
        s.open(URI, "markdown", DRAFT);
        let doc = json!({ "uri": URI });

        let published = s.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == URI);
        let diagnostics = structure_diagnostics(&published);
        assert_eq!(diagnostics.len(), 1, "{published:#}");
        let diagnostic = &diagnostics[0];
        assert_eq!(diagnostic["severity"], 3, "Information");
        assert_eq!(diagnostic["source"], "jianggao");
        assert_eq!(
            diagnostic["range"],
            range(DRAFT, &problem.range, encoding),
            "{encoding}"
        );
        assert_eq!(diagnostic["message"], problem.message.as_str());
        // Related information: the two sections counted, in this document.
        let related = diagnostic["relatedInformation"].as_array().unwrap();
        let locations: Vec<&Value> = related.iter().map(|r| &r["location"]).collect();
        let want: Vec<Value> = problem
            .counted
            .iter()
            .map(|c| json!({ "uri": URI, "range": range(DRAFT, &c.range, encoding) }))
            .collect();
        assert_eq!(locations, want.iter().collect::<Vec<_>>(), "{encoding}");
        assert_eq!(related.len(), 2);
        assert!(DRAFT[problem.counted[1].range.clone()].starts_with("二、"));

        // Its quick fix rewrites 三 as 两; the fixed draft is clean.
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
            .find(|a| a["diagnostics"][0]["code"] == "structure")
            .unwrap_or_else(|| panic!("no structure quick fix in {actions:#}"));
        assert_eq!(action["kind"], "quickfix");
        assert_eq!(action["isPreferred"], true);
        let edits = action["edit"]["changes"][URI].as_array().unwrap();
        let fixed = common::apply_edits(DRAFT, edits, encoding);
        assert_eq!(
            fixed,
            DRAFT.replace("讲三点意见", "讲两点意见"),
            "{encoding}"
        );
        s.change_full(URI, 2, &fixed);
        let republished = s.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == URI && p["version"] == 2
        });
        assert!(
            structure_diagnostics(&republished).is_empty(),
            "{republished:#}"
        );
        assert!(s.shutdown().success());
    }
}

#[test]
fn the_check_command_reports_structure_and_can_disable_it() {
    let dir = common::TempDir::new("e2e_structure_cli");
    let file = dir.0.join("讲话.txt");
    std::fs::write(&file, DRAFT).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_jianggao"))
            .arg("check")
            .args(args)
            .arg(&file)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    // Line 5, column 9 (characters): the 8 of 😀今天，下面，我 come before 讲.
    assert!(
        stdout.contains("讲话.txt:5:9: structure: “讲三点意见”预告了三点，后文只列出两点"),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1));
    let out = run(&["--disable", "structure"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("structure"), "{stdout}");
    assert_eq!(out.status.code(), Some(0), "{stdout}");
}

#[test]
fn the_structure_checks_can_be_switched_off() {
    let options = json!({ "outline": { "structureChecks": false } });
    let mut s = Server::start_with(common::default_capabilities(), options);
    s.open(URI, "markdown", DRAFT);
    let published = s.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == URI);
    assert!(
        structure_diagnostics(&published).is_empty(),
        "{published:#}"
    );
    // The other checks still run: the draft's numbering is in order, but
    // the published list is there.
    assert!(published["diagnostics"].is_array());
    assert!(s.shutdown().success());
}
