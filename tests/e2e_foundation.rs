//! End-to-end tests of the server's foundation over stdio: initialize and
//! encoding negotiation, document sync, configuration, bad input, exit codes.

mod common;

use common::{default_capabilities, Server, TempDir};
use serde_json::{json, Value};
use std::time::Duration;

fn capabilities_offering(encodings: Value) -> Value {
    let mut caps = default_capabilities();
    caps["general"]["positionEncodings"] = encodings;
    caps
}

#[test]
fn initialize_advertises_capabilities_and_server_info() {
    let server = Server::start();
    let result = server.initialize_result();
    let caps = &result["capabilities"];
    assert_eq!(
        caps["textDocumentSync"]["change"], 2,
        "incremental sync: {caps}"
    );
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["documentSymbolProvider"], true);
    assert_eq!(caps["foldingRangeProvider"], true);
    let triggers = caps["completionProvider"]["triggerCharacters"]
        .as_array()
        .unwrap();
    for c in ["，", "、", "：", "；", "。"] {
        assert!(
            triggers.contains(&json!(c)),
            "trigger {c} missing: {triggers:?}"
        );
    }
    assert_eq!(result["serverInfo"]["name"], "jianggao");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn position_encoding_is_negotiated_from_the_client_offer() {
    let cases = [
        (json!(null), "utf-16"),
        (json!(["utf-16"]), "utf-16"),
        (json!(["utf-8", "utf-16"]), "utf-8"),
        (json!(["utf-16", "utf-32"]), "utf-32"),
        (json!(["utf-32", "utf-8"]), "utf-32"),
        (json!(["x-unknown"]), "utf-16"),
    ];
    for (offered, expected) in cases {
        let server = Server::start_with(capabilities_offering(offered.clone()), Value::Null);
        assert_eq!(server.encoding(), expected, "client offered {offered}");
        assert_eq!(
            server.initialize_result()["capabilities"]["positionEncoding"],
            expected
        );
    }
}

#[test]
fn indexing_reports_progress_until_ready() {
    let mut server = Server::start();
    let end = server.wait_index_ready();
    let message = end["value"]["message"].as_str().unwrap();
    assert!(message.contains("5 篇模板"), "{message}");
}

#[test]
fn diagnostics_follow_open_change_and_close_with_versions() {
    let mut server = Server::start();
    let uri = "file:///tmp/jianggao-sync.md";
    server.open(uri, "markdown", "同志们：\n");
    let opened = server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == uri);
    assert_eq!(opened["version"], 1);

    server.change(
        uri,
        2,
        json!([{ "range": { "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 0 } }, "text": "谢谢大家！" }]),
    );
    server.change(uri, 3, json!([{ "text": "全文替换\n" }]));
    // Each version is published as soon as it is analysed; wait for the newest.
    let changed = server.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["version"] == 3
    });
    assert!(changed["diagnostics"].is_array());

    server.close(uri);
    let closed = server.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["version"].is_null()
    });
    assert_eq!(closed["diagnostics"], json!([]));
    // A closed document is unknown again: an empty answer, not an error.
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(symbols.is_null(), "{symbols}");
    assert_eq!(server.shutdown().code(), Some(0));
}

fn show_messages(server: &mut Server) -> Vec<String> {
    server
        .take_notifications("window/showMessage")
        .iter()
        .map(|p| p["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Waits until a `window/showMessage` containing `needle` arrives.
fn wait_message_containing(server: &mut Server, needle: &str) -> String {
    let params = server.wait_notification("window/showMessage", |p| {
        p["message"].as_str().is_some_and(|m| m.contains(needle))
    });
    params["message"].as_str().unwrap().to_string()
}

#[test]
fn pushed_configuration_reindexes_and_names_skipped_files() {
    let dir = TempDir::new("pushed");
    std::fs::write(dir.0.join("good.txt"), "同志们：\n围绕中心、服务大局。\n").unwrap();
    std::fs::write(dir.0.join("latin1.txt"), b"caf\xe9 \xff\xfe").unwrap();
    std::fs::write(dir.0.join("image.md"), b"\x89PNG\r\n\x1a\n\0\0\0IHDR").unwrap();
    std::fs::write(dir.0.join("ignored.docx"), b"not a template").unwrap();
    let missing = dir.0.join("no-such-folder");

    // The paths are the user's own (initializationOptions), so they may lie
    // outside the workspace when pushed again; the push turns builtin off.
    let paths = json!([dir.0.to_str().unwrap(), missing.to_str().unwrap()]);
    let mut server = Server::start_with(
        default_capabilities(),
        json!({ "corpus": { "paths": paths } }),
    );
    server.wait_index_ready();
    let settings = json!({ "jianggao": { "corpus": {
        "builtin": false,
        "paths": paths
    } } });
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": settings }),
    );
    let ready = server.wait_index_ready();
    assert!(
        ready["value"]["message"]
            .as_str()
            .unwrap()
            .contains("1 篇模板"),
        "{ready}"
    );
    wait_message_containing(&mut server, "no-such-folder");
    wait_message_containing(&mut server, "latin1.txt");
    wait_message_containing(&mut server, "image.md");
    let rest = show_messages(&mut server);
    assert!(rest.iter().all(|m| !m.contains("ignored.docx")), "{rest:?}");
    // The server keeps serving.
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn pulled_configuration_is_used_when_the_client_pushes_none() {
    let mut server = Server::start();
    server.wait_index_ready();
    server.set_pulled_settings(
        json!({ "corpus": { "builtin": true, "paths": ["/nonexistent/jianggao-pulled"] } }),
    );
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    // Pulled settings may be the workspace's: a path outside it is skipped.
    let warning = wait_message_containing(&mut server, "jianggao-pulled");
    assert!(warning.contains("工作区之外"), "{warning}");
    let ready = server.wait_index_ready();
    assert!(
        ready["value"]["message"]
            .as_str()
            .unwrap()
            .contains("5 篇模板"),
        "{ready}"
    );
}

#[test]
fn invalid_settings_are_reported_and_the_rest_applies() {
    let options = json!({ "corpus": { "paths": 42 }, "completion": { "maxItems": 3 } });
    let mut server = Server::start_with(default_capabilities(), options);
    let warning = wait_message_containing(&mut server, "jianggao.corpus.paths");
    assert!(warning.contains("应为列表，而不是 42"), "{warning}");
    // The builtin corpus is still indexed.
    let ready = server.wait_index_ready();
    assert!(ready["value"]["message"]
        .as_str()
        .unwrap()
        .contains("5 篇模板"));
}

/// A wrong value costs only itself: `enable: false` beside a bad `maxItems`
/// still turns completion off, and each mistake is named where it is.
#[test]
fn a_wrong_setting_costs_only_itself_and_is_named() {
    let options = json!({
        "completion": { "enable": false, "maxItems": "5", "inline": { "minConfidence": 7 } },
        "completon": { "enable": true },
        "trace": { "server": "verbose" },
    });
    let mut server = Server::start_with(default_capabilities(), options);
    server.wait_index_ready();
    let messages = show_messages(&mut server).join("\n");
    for named in [
        "jianggao.completion.maxItems 应为不小于 0 的整数",
        "jianggao.completion.inline.minConfidence 应在 0 到 1 之间",
        "没有设置 jianggao.completon（是否想写 completion？）",
    ] {
        assert!(messages.contains(named), "{named} not in {messages}");
    }
    assert!(
        !messages.contains("trace"),
        "the extension's own key is no mistake: {messages}"
    );
    let uri = "file:///tmp/off.md";
    server.open(uri, "markdown", "全心全意");
    let list = server.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 4 } }),
    );
    assert!(
        list.is_null() || list["items"] == json!([]),
        "completion stays off: {list}"
    );
    assert!(server.shutdown().success());
}

/// A client that announces file watching, pulled settings and progress
/// but never answers the server's requests: the first index is built all
/// the same, so a completion asked right after opening a draft (once, as
/// an editor asks) gets its items, and the server goes on serving.
#[test]
fn a_client_that_never_answers_still_gets_completions_at_once() {
    let folder = TempDir::new("silent-client");
    let mut server = Server::spawn(&[], &[]);
    server.leave_requests_unanswered();
    let mut capabilities = default_capabilities();
    capabilities["workspace"] = json!({
        "configuration": true,
        "workspaceFolders": true,
        "didChangeWatchedFiles": { "dynamicRegistration": true },
    });
    capabilities["window"] = json!({ "workDoneProgress": true });
    let root = Value::String(format!("file://{}", folder.0.display()));
    server.initialize_with(json!({
        "processId": null,
        "rootUri": root,
        "workspaceFolders": [{ "uri": root, "name": "稿" }],
        "capabilities": capabilities,
    }));
    let uri = format!("file://{}/draft.md", folder.0.display());
    server.open(&uri, "markdown", "全心全意");
    let list = server.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 4 } }),
    );
    let labels: Vec<&str> = list["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default();
    assert!(labels.contains(&"全心全意依靠工人阶级"), "{list}");
    assert!(server.shutdown().success());
}

#[test]
fn malformed_messages_get_errors_and_the_server_keeps_serving() {
    let mut server = Server::start();
    // Not JSON at all.
    server.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let parse_error = server.drain_for(Duration::from_millis(500));
    assert!(
        parse_error.iter().any(|m| m["error"]["code"] == -32700),
        "no parse error in {parse_error:#?}"
    );
    // Valid JSON, not a JSON-RPC message.
    server.send(&json!({ "hello": "world" }));
    // Unknown method.
    let unknown = server.request_raw("jianggao/noSuchMethod", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    // Known method, wrong params.
    let bad_params =
        server.request_raw("textDocument/documentSymbol", json!({ "textDocument": 7 }));
    assert_eq!(bad_params["error"]["code"], -32602, "{bad_params}");
    // Still alive and answering.
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": "file:///never-opened.txt" } }),
    );
    assert!(symbols.is_null());
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn unknown_documents_and_out_of_range_positions_get_empty_answers() {
    let mut server = Server::start();
    let uri = "file:///tmp/jianggao-range.txt";
    server.open(uri, "plaintext", "一、总体要求\n𠀀😀\n");
    for (line, character) in [
        (0, 999),
        (1, 1),
        (1, 3),
        (99, 0),
        (4_000_000_000u64, 4_000_000_000u64),
    ] {
        let at = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
        let response = server.request_raw("textDocument/completion", at);
        assert!(
            response.get("error").is_none() || response["error"]["code"] == -32602,
            "{response}"
        );
    }
    // Edits past the end clamp to the end instead of failing.
    server.change(
        uri,
        2,
        json!([{ "range": { "start": { "line": 50, "character": 9 }, "end": { "line": 60, "character": 0 } }, "text": "结尾" }]),
    );
    for method in ["textDocument/documentSymbol", "textDocument/foldingRange"] {
        let unknown = server.request(
            method,
            json!({ "textDocument": { "uri": "file:///unknown.txt" } }),
        );
        assert!(unknown.is_null(), "{method}: {unknown}");
    }
    let action = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": "file:///unknown.txt" },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [] }
        }),
    );
    assert!(action.is_null());
    assert!(server.is_running());
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn a_panicking_handler_does_not_take_the_server_down() {
    let mut server = Server::spawn(&[], &[("JIANGGAO_DEBUG_PANIC", "1")]);
    server.initialize(default_capabilities(), Value::Null);
    let response = server.request_raw("jianggao/debugPanic", json!({}));
    assert_eq!(response["error"]["code"], -32603, "{response}");
    assert!(response["error"]["message"]
        .as_str()
        .unwrap()
        .contains("debugPanic"));
    let uri = "file:///tmp/after-panic.txt";
    server.open(uri, "plaintext", "同志们：\n");
    let published =
        server.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == uri);
    assert_eq!(published["version"], 1);
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn the_panic_hook_is_not_reachable_without_the_debug_variable() {
    let mut server = Server::start();
    let response = server.request_raw("jianggao/debugPanic", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
}

#[test]
fn exit_without_shutdown_ends_with_code_1() {
    let mut server = Server::start();
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit().code(), Some(1));
}

#[test]
fn stdio_flag_and_serve_subcommand_serve_lsp() {
    for args in [&["--stdio"][..], &["serve", "--stdio"][..], &["serve"][..]] {
        let mut server = Server::spawn(args, &[]);
        let result = server.initialize(default_capabilities(), Value::Null);
        assert_eq!(result["serverInfo"]["name"], "jianggao", "{args:?}");
        assert_eq!(server.shutdown().code(), Some(0), "{args:?}");
    }
}
