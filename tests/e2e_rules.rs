//! The office's rules over stdio, against the real binary: diagnostics from
//! the project's jianggao.toml, their quick fix, the actions that write the
//! rules (the test applies their edits as an editor would), and a change to
//! the file applied without a restart.

mod common;

use common::{default_capabilities, Server, TempDir};
use serde_json::{json, Value};
use std::path::Path;

const RULES: &str =
    "[substitutions]\n\"讲话精神\" = \"重要讲话精神\"\n[forbidden]\n\"屌丝\" = \"用语不雅\"\n";
const DRAFT: &str = "学习讲话精神。\n屌丝XX同志\n";

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A workspace with `rules` (if any) as its jianggao.toml and the draft's URI.
fn workspace(name: &str, rules: Option<&str>) -> (TempDir, String) {
    let dir = TempDir::new(name);
    if let Some(rules) = rules {
        std::fs::write(dir.0.join("jianggao.toml"), rules).unwrap();
    }
    let draft = url(&dir.0.join("draft.md"));
    (dir, draft)
}

fn start(dir: &Path, capabilities: Value) -> Server {
    let mut server = Server::spawn(&[], &[]);
    server.initialize_with(json!({
        "processId": null,
        "rootUri": url(dir),
        "capabilities": capabilities,
    }));
    server
}

/// Capabilities of an editor that watches files and creates them in edits.
fn editor_capabilities() -> Value {
    let mut caps = default_capabilities();
    caps["workspace"]["didChangeWatchedFiles"] = json!({ "dynamicRegistration": true });
    caps["workspace"]["workspaceEdit"] =
        json!({ "documentChanges": true, "resourceOperations": ["create"] });
    caps
}

fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn diagnostic(published: &Value, code: &str) -> Value {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {published:#}"))
        .clone()
}

fn actions_at(server: &mut Server, uri: &str, range: &Value) -> Vec<Value> {
    let actions = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": range, "context": { "diagnostics": [] } }),
    );
    actions.as_array().unwrap().clone()
}

fn titled(actions: &[Value], start: &str) -> Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with(start))
        .unwrap_or_else(|| panic!("no action “{start}…” in {actions:#?}"))
        .clone()
}

/// UTF-16 offset → byte offset within one line.
fn byte_at(line: &str, units: u64) -> usize {
    let mut seen = 0;
    for (i, c) in line.char_indices() {
        if seen >= units as usize {
            return i;
        }
        seen += c.len_utf16();
    }
    line.len()
}

/// `text` with LSP `edits` applied (UTF-16 positions), last first.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let this = text[start..].split('\n').next().unwrap_or("");
        start + byte_at(this, p["character"].as_u64().unwrap())
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, new);
    }
    out
}

fn published(server: &mut Server, uri: &str, version: i64) -> Value {
    server.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["version"] == version
    })
}

#[test]
fn the_project_files_rules_are_reported_and_fixed() {
    let (dir, uri) = workspace("e2e-rules-fix", Some(RULES));
    let mut server = start(&dir.0, editor_capabilities());
    server.open(&uri, "markdown", DRAFT);
    let first = published(&mut server, &uri, 1);
    assert_eq!(codes(&first), ["substitution", "forbidden", "name"]);
    let old = diagnostic(&first, "substitution");
    assert_eq!(old["severity"], 2);
    assert_eq!(old["message"], "规范提法：“讲话精神”应为“重要讲话精神”");
    assert_eq!(diagnostic(&first, "forbidden")["severity"], 1);

    let actions = actions_at(&mut server, &uri, &old["range"]);
    let fix = titled(&actions, "改为");
    assert_eq!(fix["isPreferred"], true);
    let fixed = apply(DRAFT, fix["edit"]["changes"][&uri].as_array().unwrap());
    assert_eq!(fixed, DRAFT.replace("讲话精神", "重要讲话精神"));
    server.change_full(&uri, 2, &fixed);
    assert_eq!(
        codes(&published(&mut server, &uri, 2)),
        ["forbidden", "name"]
    );

    // 忽略此处: a marker at the end of the line silences it.
    let forbidden = diagnostic(&published_again(&mut server, &uri, 2, &fixed), "forbidden");
    let actions = actions_at(&mut server, &uri, &forbidden["range"]);
    let here = titled(&actions, "忽略此处");
    let marked = apply(&fixed, here["edit"]["changes"][&uri].as_array().unwrap());
    assert!(
        marked.contains("屌丝XX同志 <!-- jianggao-ignore -->\n"),
        "{marked}"
    );
    server.change_full(&uri, 3, &marked);
    assert_eq!(
        codes(&published(&mut server, &uri, 3)),
        Vec::<String>::new()
    );
    assert_eq!(server.shutdown().code(), Some(0));
}

/// The diagnostics of `version`, asked again by re-sending the same text.
fn published_again(server: &mut Server, uri: &str, version: i64, text: &str) -> Value {
    server.change_full(uri, (version + 10) as i32, text);
    published(server, uri, version + 10)
}

#[test]
fn adding_to_the_ignore_list_edits_the_file_and_applies_without_restart() {
    let (dir, uri) = workspace("e2e-rules-ignore", Some(RULES));
    let file = dir.0.join("jianggao.toml");
    let mut server = start(&dir.0, editor_capabilities());
    // The editor is asked to watch the rule files (beside the corpus).
    let rule_files = (0..3).find_map(|_| {
        let registration = server.wait_server_request("client/registerCapability");
        let registrations = registration["params"]["registrations"]
            .as_array()
            .unwrap()
            .clone();
        registrations.into_iter().find(|r| {
            r["registerOptions"]
                .to_string()
                .contains("**/jianggao.toml")
        })
    });
    let watchers = rule_files.expect("no registration of the rule files");
    assert_eq!(watchers["method"], "workspace/didChangeWatchedFiles");

    server.open(&uri, "markdown", DRAFT);
    let first = published(&mut server, &uri, 1);
    let name = diagnostic(&first, "name");
    let actions = actions_at(&mut server, &uri, &name["range"]);
    let add = titled(&actions, "把“XX”加入忽略词表");
    let file_uri = url(&file);
    let edits = add["edit"]["changes"][&file_uri].as_array().unwrap();
    let new = apply(RULES, edits);
    assert!(new.starts_with(RULES), "the file is kept: {new}");
    assert!(new.contains("[ignore]\nwords = [\"XX\"]"), "{new}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        RULES,
        "the server writes nothing"
    );

    // The editor applies the edit and says the file changed.
    std::fs::write(&file, &new).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri, "type": 2 }] }),
    );
    let after = server.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && !p.to_string().contains("\"name\"")
    });
    assert_eq!(codes(&after), ["substitution", "forbidden"]);
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn without_a_file_the_edit_creates_it_when_the_editor_can() {
    let (dir, uri) = workspace("e2e-rules-create", None);
    let mut server = start(&dir.0, editor_capabilities());
    server.open(&uri, "markdown", DRAFT);
    let first = published(&mut server, &uri, 1);
    assert_eq!(codes(&first), ["name"]);
    // A selection: 把此说法加入替换表.
    let selection =
        json!({ "start": { "line": 0, "character": 2 }, "end": { "line": 0, "character": 6 } });
    let actions = actions_at(&mut server, &uri, &selection);
    let add = titled(&actions, "把此说法“讲话精神”加入替换表");
    let changes = add["edit"]["documentChanges"].as_array().unwrap();
    let file_uri = url(&dir.0.join("jianggao.toml"));
    assert_eq!(changes[0]["kind"], "create");
    assert_eq!(changes[0]["uri"], file_uri.as_str());
    assert_eq!(changes[1]["textDocument"]["uri"], file_uri.as_str());
    let text = apply("", changes[1]["edits"].as_array().unwrap());
    assert_eq!(
        text,
        "[substitutions]\n\"讲话精神\" = \"\" # 请填写规范说法\n"
    );
    assert!(
        !dir.0.join("jianggao.toml").exists(),
        "the server writes nothing"
    );
    assert_eq!(server.shutdown().code(), Some(0));

    // An editor that cannot create files is not offered the file edits.
    let mut server = start(&dir.0, default_capabilities());
    server.open(&uri, "markdown", DRAFT);
    published(&mut server, &uri, 1);
    let titles: Vec<String> = actions_at(&mut server, &uri, &selection)
        .iter()
        .chain(&actions_at(
            &mut server,
            &uri,
            &first["diagnostics"][0]["range"],
        ))
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    assert!(titles.iter().all(|t| !t.contains("加入")), "{titles:?}");
    assert!(
        titles.iter().any(|t| t.starts_with("忽略此处")),
        "{titles:?}"
    );
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn an_editor_that_does_not_watch_files_reloads_them_on_save() {
    let (dir, uri) = workspace("e2e-rules-save", Some(RULES));
    let file = dir.0.join("jianggao.toml");
    let mut server = start(&dir.0, default_capabilities());
    server.open(&uri, "markdown", DRAFT);
    assert_eq!(
        codes(&published(&mut server, &uri, 1)),
        ["substitution", "forbidden", "name"]
    );
    // A bad line: a warning naming the file and the line; the rest applies.
    std::fs::write(&file, format!("{RULES}\"屌丝\" = \n")).unwrap();
    server.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri } }),
    );
    let warning = server.wait_notification("window/showMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("jianggao.toml"))
    });
    let message = warning["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("{} 第5行", file.display())),
        "{message}"
    );
    assert_eq!(warning["type"], 2);
    std::fs::write(&file, "[forbidden]\n\"同志\" = \"\"\n").unwrap();
    server.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri } }),
    );
    let after = server.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && p.to_string().contains("禁用词“同志”")
    });
    assert_eq!(codes(&after), ["name", "forbidden"]);
    assert_eq!(server.shutdown().code(), Some(0));
}
