//! End to end over stdio: speech skeletons offered by completion at the
//! start of a nearly empty draft — snippets with tab stops for a client
//! that takes snippets, plain text for one that does not — in every
//! position encoding; none in a draft already under way; and `jianggao new`.

mod common;

use common::{capabilities_with_encoding, units, Server};
use jianggao::corpus::Corpus;
use jianggao::skeleton;
use serde_json::{json, Value};

const URI: &str = "file:///tmp/e2e_skeleton_draft.md";

fn capabilities(encoding: &str, snippets: bool) -> Value {
    let mut caps = capabilities_with_encoding(encoding);
    caps["textDocument"]["completion"]["completionItem"]["snippetSupport"] = json!(snippets);
    caps
}

fn skeleton_items(list: &Value) -> Vec<Value> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["sortText"].as_str().is_some_and(|t| t.starts_with('~')))
        .cloned()
        .collect()
}

#[test]
fn a_nearly_empty_draft_is_offered_skeletons_as_snippets_or_plain_text() {
    let all = skeleton::skeletons(&skeleton::mine(&Corpus::embedded()));
    // The start of two skeletons: 6 code units in UTF-8, 2 in UTF-16 and UTF-32.
    let typed = "同志";
    let expected: Vec<_> = all
        .iter()
        .filter(|s| s.plain().starts_with(typed))
        .collect();
    assert_eq!(expected.len(), 2);
    for encoding in ["utf-16", "utf-8", "utf-32"] {
        for snippets in [true, false] {
            let mut s = Server::start_with(capabilities(encoding, snippets), Value::Null);
            s.open(URI, "markdown", &format!("{typed}\n"));
            s.wait_index_ready();
            let cursor = units(typed, encoding);
            let list = s.request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": cursor } }),
            );
            let items = skeleton_items(&list);
            let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
            let want: Vec<&str> = expected.iter().map(|s| s.label.as_str()).collect();
            assert_eq!(labels, want, "{encoding} snippets={snippets}");
            for (item, skeleton) in items.iter().zip(expected.iter().copied()) {
                let edit = &item["textEdit"];
                assert_eq!(
                    edit["range"],
                    json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": cursor } }),
                    "{encoding}"
                );
                assert_eq!(item["filterText"], skeleton.plain().as_str());
                if snippets {
                    assert_eq!(item["insertTextFormat"], 2, "snippet");
                    assert_eq!(item["kind"], 15, "Snippet");
                    assert_eq!(edit["newText"], skeleton.snippet().as_str());
                    assert!(edit["newText"].as_str().unwrap().contains("${1:"));
                } else {
                    assert_eq!(item["insertTextFormat"], 1, "plain text");
                    assert_eq!(edit["newText"], skeleton.plain().as_str());
                    assert!(!edit["newText"].as_str().unwrap().contains('$'));
                }
            }
            assert!(s.shutdown().success());
        }
    }
}

#[test]
fn an_empty_draft_gets_every_skeleton_and_a_draft_under_way_none() {
    let all = skeleton::skeletons(&skeleton::mine(&Corpus::embedded()));
    let mut s = Server::start_with(capabilities("utf-16", true), Value::Null);
    s.open(URI, "markdown", "");
    s.wait_index_ready();
    let list = s.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(skeleton_items(&list).len(), all.len(), "{list:#}");
    let text = "同志们：\n\n今天，我们在这里召开";
    s.change_full(URI, 2, text);
    let list = s.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 2, "character": 10 } }),
    );
    assert!(skeleton_items(&list).is_empty(), "{list:#}");
    assert!(s.shutdown().success());
}

#[test]
fn the_new_command_prints_a_skeleton_or_lists_them() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_jianggao"))
            .arg("new")
            .args(args)
            .output()
            .unwrap()
    };
    let expected = skeleton::skeletons(&skeleton::mine(&Corpus::embedded()));
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected[0].plain());
    let out = run(&["致辞"]);
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.starts_with("各位代表、同志们："), "{printed}");
    let out = run(&["--list"]);
    let listed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(listed.lines().count(), expected.len(), "{listed}");
    let out = run(&["没有这个"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
