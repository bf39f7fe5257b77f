//! End to end over stdio: what the per-version analysis changes for a
//! client — diagnostics published as soon as a version is analysed, in the
//! order of versions, long documents analysed in the background, pulled
//! diagnostics, and one code action kind filter for every check.

mod common;

use common::Server;
use serde_json::{json, Value};

const URI: &str = "file:///tmp/e2e_analysis.md";

/// A year placeholder, and a numbering problem (一、 then 三、).
const DRAFT: &str = "# 20xx年工作总结\n一、成绩\n正文。\n三、计划\n正文。\n";

fn codes(diagnostics: &Value) -> Vec<String> {
    let mut codes: Vec<String> = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    codes
}

fn actions(server: &mut Server, only: Value) -> Vec<Value> {
    let everything =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 5, "character": 0 } });
    let mut context = json!({ "diagnostics": [] });
    if !only.is_null() {
        context["only"] = only;
    }
    server
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": everything, "context": context }),
        )
        .as_array()
        .unwrap()
        .clone()
}

fn kinds(actions: &[Value]) -> Vec<String> {
    let mut kinds: Vec<String> = actions
        .iter()
        .map(|a| a["kind"].as_str().unwrap().to_string())
        .collect();
    kinds.dedup();
    kinds
}

#[test]
fn code_action_kinds_cover_their_sub_kinds_only() {
    let mut server = Server::start();
    server.open(URI, "markdown", DRAFT);
    server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == URI);

    let all = actions(&mut server, Value::Null);
    let fixed: Vec<&str> = all
        .iter()
        .flat_map(|a| a["diagnostics"].as_array().unwrap())
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        fixed.contains(&"numbering") && fixed.contains(&"year"),
        "{all:?}"
    );
    assert_eq!(kinds(&all), ["quickfix", "source.fillYears.jianggao"]);

    // `q` is not a prefix of `quickfix` in the dotted sense: nothing.
    assert_eq!(actions(&mut server, json!(["q"])), Vec::<Value>::new());
    assert_eq!(
        actions(&mut server, json!(["refactor"])),
        Vec::<Value>::new()
    );
    let quickfixes = actions(&mut server, json!(["quickfix"]));
    assert_eq!(kinds(&quickfixes), ["quickfix"]);
    assert_eq!(quickfixes.len(), all.len() - 1);
    for only in [json!(["source"]), json!(["source.fillYears"])] {
        assert_eq!(
            kinds(&actions(&mut server, only)),
            ["source.fillYears.jianggao"]
        );
    }
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn publications_follow_the_versions_and_the_newest_is_published() {
    let mut server = Server::start();
    server.open(URI, "markdown", DRAFT);
    server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == URI);
    // Two quick edits: version 2 is published unless version 3 overtook its
    // work; whatever is published comes in the order of versions and says
    // what its version holds.
    let line = |l: u32| json!({ "start": { "line": l, "character": 0 }, "end": { "line": l, "character": 0 } });
    server.change(URI, 2, json!([{ "range": line(5), "text": "某某同志\n" }]));
    server.change(URI, 3, json!([{ "range": line(6), "text": "二、\n" }]));
    let mut seen = Vec::new();
    loop {
        let published =
            server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == URI);
        let version = published["version"].as_i64().unwrap();
        let expected: &[&str] = match version {
            2 => &["name", "numbering", "year"],
            3 => &["name", "numbering", "numbering", "year"],
            other => panic!("version {other} published after the edits"),
        };
        assert_eq!(
            codes(&published["diagnostics"]),
            expected,
            "version {version}"
        );
        seen.push(version);
        if version == 3 {
            break;
        }
    }
    assert!(seen == [2, 3] || seen == [3], "{seen:?}");
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn a_long_draft_is_analysed_in_the_background_and_stale_work_is_not_published() {
    let mut server = Server::start();
    // Over the size analysed in place (64 KB).
    let long = DRAFT.repeat(2000);
    assert!(long.len() > 64 * 1024);
    server.open(URI, "markdown", &long);
    let end = json!({ "line": 0, "character": 0 });
    server.change(
        URI,
        2,
        json!([{ "range": { "start": end, "end": end }, "text": "××市" }]),
    );
    // Publications in the order they arrive: version 1 may come (if it was
    // done before the edit), but only before version 2.
    let newest = loop {
        let published =
            server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == URI);
        if published["version"] == 2 {
            break published;
        }
        assert_eq!(published["version"], 1);
    };
    let names = codes(&newest["diagnostics"])
        .iter()
        .filter(|c| *c == "name")
        .count();
    assert_eq!(names, 1);
    // Asked after the publication, so answered after anything the older
    // version could still have sent: nothing older comes after the newest.
    server.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": URI } }),
    );
    let published = server.take_notifications("textDocument/publishDiagnostics");
    assert!(
        published.iter().all(|p| p["version"] != 1),
        "version 1 published after version 2"
    );
    assert_eq!(server.shutdown().code(), Some(0));
}

/// Guards the offload workaround (ARCHITECTURE.md, tower-lsp gaps): tower-lsp
/// polls every handler inside its one serve loop, so a handler computing in
/// place would hold up every request behind it. Ordering, not timing: asked
/// second, the request on a short draft is answered first.
#[test]
fn a_request_on_a_long_draft_does_not_hold_up_the_next_one() {
    let mut server = Server::start();
    let short = "file:///tmp/e2e_analysis_short.md";
    server.open(short, "markdown", DRAFT);
    // Between the size analysed in place (64 KB) and the size given a thread
    // of its own (8 MB): about 7 MB of prose, seconds of outline in a debug build.
    let long = format!("{DRAFT}{}", "这是一段没有编号的正文。\n".repeat(190_000));
    assert!(long.len() > 64 * 1024 && long.len() < 8 << 20);
    server.open(URI, "markdown", &long);
    for (id, uri) in [("long", URI), ("short", short)] {
        server.send(&json!({
            "jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol",
            "params": { "textDocument": { "uri": uri } },
        }));
    }
    let answered_short = server.wait_response(&json!("short"));
    let sections = answered_short["result"].as_array().map_or(0, Vec::len);
    assert!(sections > 0, "{answered_short}");
    let before = server.drain_for(std::time::Duration::ZERO);
    assert!(
        !before.iter().any(|m| m["id"] == "long"),
        "the long draft's request was answered first: it held up the serve loop"
    );
    let answered_long = server.wait_response(&json!("long"));
    // The same sections: the prose added to the long draft has no numbering.
    assert_eq!(
        answered_long["result"].as_array().map(Vec::len),
        Some(sections)
    );
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn clients_that_pull_get_diagnostics_on_request_and_no_pushes() {
    let mut capabilities = common::default_capabilities();
    capabilities["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    // As VS Code and Neovim say it. lsp-types 0.94 reads the field under
    // another name (`workspace.diagnostic`), so a server trusting it would
    // never ask this client to pull again (ARCHITECTURE.md, tower-lsp gaps).
    capabilities["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    let mut server = Server::start_with(capabilities, json!({}));
    let provider = &server.initialize_result()["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["identifier"], "jianggao");
    assert_eq!(provider["interFileDependencies"], false);

    server.open(URI, "markdown", DRAFT);
    let report = server.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(report["kind"], "full");
    assert_eq!(codes(&report["items"]), ["numbering", "year"]);
    // The open was handled before the request: a push would be here by now.
    assert_eq!(
        server.take_notifications("textDocument/publishDiagnostics"),
        Vec::<Value>::new()
    );
    let unknown = server.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": "file:///tmp/not-open.md" } }),
    );
    assert_eq!(unknown["items"], json!([]));
    // New settings change the diagnostics: the client is asked to pull again.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "outline": { "numberingChecks": false } } }),
    );
    server.wait_server_request("workspace/diagnostic/refresh");
    let report = server.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(codes(&report["items"]), ["year"]);
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn clients_that_push_can_still_pull() {
    let mut server = Server::start();
    server.open(URI, "markdown", DRAFT);
    let pushed = server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == URI);
    let pulled = server.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(pulled["items"], pushed["diagnostics"]);
    assert_eq!(server.shutdown().code(), Some(0));
}
