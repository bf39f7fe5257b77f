//! A minimal LSP client for end-to-end tests: spawns the real `jianggao`
//! binary and speaks JSON-RPC over its stdio.
//!
//! A reader thread parses every frame the server writes to stdout; anything
//! on stdout that is not a well-formed frame fails the test (stdout must carry
//! JSON-RPC only). Server-to-client requests are answered automatically:
//! `workspace/configuration` with the settings given to [`Server::set_pulled_settings`],
//! everything else with `null`.

#![allow(dead_code)] // each test binary uses a different part of the harness

pub mod cli;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long any single wait may take before the test fails. Generous: CI
/// builds in debug mode on two cores.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Client capabilities of a modern client: UTF-16 positions (the default),
/// work-done progress, configuration pull, hierarchical symbols.
pub fn default_capabilities() -> Value {
    json!({
        "general": { "positionEncodings": ["utf-16"] },
        "window": { "workDoneProgress": true },
        "workspace": { "configuration": true, "didChangeConfiguration": { "dynamicRegistration": false } },
        "textDocument": {
            "documentSymbol": { "hierarchicalDocumentSymbolSupport": true },
            "publishDiagnostics": { "versionSupport": true },
            "completion": { "completionItem": { "snippetSupport": false } }
        }
    })
}

/// Client capabilities of [`default_capabilities`] offering only `encoding`.
pub fn capabilities_with_encoding(encoding: &str) -> Value {
    let mut caps = default_capabilities();
    caps["general"]["positionEncodings"] = json!([encoding]);
    caps
}

/// The names in folder `dir`, sorted (none when it does not exist).
/// `unit` repeated up to `bytes`, cut after the last whole line: the long
/// drafts of the benches.
pub fn repeated(unit: &str, bytes: usize) -> String {
    let mut text = unit.repeat(bytes / unit.len().max(1) + 1);
    let cut = text.as_bytes()[..bytes.min(text.len())]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    text.truncate(cut);
    text
}

pub fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Code units of `text` in a position encoding (`utf-8`, `utf-16`, `utf-32`).
pub fn units(text: &str, encoding: &str) -> usize {
    match encoding {
        "utf-8" => text.len(),
        "utf-16" => text.encode_utf16().count(),
        _ => text.chars().count(),
    }
}

/// The LSP position of byte offset `byte` in `text` (LSP line breaks:
/// `\n`, `\r\n`, `\r`), in a position encoding.
pub fn lsp_position(text: &str, byte: usize, encoding: &str) -> Value {
    let before = &text[..byte];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + before.matches('\r').count()
        - before.matches("\r\n").count();
    json!({ "line": line, "character": units(&before[line_start..], encoding) })
}

/// The LSP range of byte range `r` in `text`.
pub fn lsp_range(text: &str, r: &std::ops::Range<usize>, encoding: &str) -> Value {
    json!({ "start": lsp_position(text, r.start, encoding), "end": lsp_position(text, r.end, encoding) })
}

/// The diagnostics of a `publishDiagnostics` notification with `code`.
pub fn diagnostics_with_code(params: &Value, code: &str) -> Vec<Value> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect()
}

/// A running server and everything it has sent.
pub struct Server {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Result<Value, String>>,
    /// Notifications and requests received but not yet consumed by a wait.
    backlog: Vec<Value>,
    next_id: i64,
    pulled_settings: Value,
    encoding: String,
    initialize_result: Value,
    /// Leaves the server's requests unanswered, as a broken client does.
    silent: bool,
}

impl Server {
    /// Starts and initializes the server with [`default_capabilities`].
    pub fn start() -> Server {
        Server::start_with(default_capabilities(), Value::Null)
    }

    /// Starts and initializes the server with the given client capabilities
    /// and `initializationOptions`.
    pub fn start_with(capabilities: Value, initialization_options: Value) -> Server {
        let mut server = Server::spawn(&[], &[]);
        server.initialize(capabilities, initialization_options);
        server
    }

    /// From now on, never answers the server's own requests.
    pub fn leave_requests_unanswered(&mut self) {
        self.silent = true;
    }

    /// Spawns the binary without initializing it.
    pub fn spawn(args: &[&str], env: &[(&str, &str)]) -> Server {
        // The index cache goes to a folder of the test run's, never the
        // user's, unless the test names one; never the tester's own rule
        // file (tests that want one set it).
        let cache = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("jianggao-test-cache-{}", std::process::id()));
        let cache = cache.to_string_lossy().into_owned();
        let mut env_with_log = vec![
            ("RUST_LOG", "jianggao=debug"),
            ("XDG_CACHE_HOME", &cache),
            ("JIANGGAO_USER_CONFIG", ""),
        ];
        env_with_log.extend_from_slice(env);
        Server::spawn_program(env!("CARGO_BIN_EXE_jianggao").as_ref(), args, &env_with_log)
    }

    /// Spawns any language server speaking LSP over stdio (benchmarks run
    /// jianggao's peers with it) without initializing it.
    pub fn spawn_program(program: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(program)
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            // JIANGGAO_TEST_STDERR=1 shows the server's log (debugging a
            // test or a benchmark).
            .stderr(match std::env::var_os("JIANGGAO_TEST_STDERR") {
                Some(_) => Stdio::inherit(),
                None => Stdio::null(),
            })
            .spawn()
            .unwrap_or_else(|e| panic!("cannot spawn {}: {e}", program.display()));
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || read_frames(BufReader::new(stdout), tx));
        Server {
            child,
            stdin,
            incoming,
            backlog: Vec::new(),
            next_id: 1,
            pulled_settings: Value::Null,
            encoding: String::new(),
            initialize_result: Value::Null,
            silent: false,
        }
    }

    /// Sends `initialize` and `initialized`; returns the initialize result.
    pub fn initialize(&mut self, capabilities: Value, initialization_options: Value) -> Value {
        self.initialize_with(json!({
            "processId": null,
            "rootUri": null,
            "capabilities": capabilities,
            "initializationOptions": initialization_options,
        }))
    }

    /// Sends `initialize` with these params, then `initialized`.
    pub fn initialize_with(&mut self, params: Value) -> Value {
        let result = self.request("initialize", params);
        self.encoding = result["capabilities"]["positionEncoding"]
            .as_str()
            .unwrap_or("utf-16")
            .to_string();
        self.initialize_result = result.clone();
        self.notify("initialized", json!({}));
        result
    }

    pub fn initialize_result(&self) -> &Value {
        &self.initialize_result
    }

    /// The position encoding the server chose.
    pub fn encoding(&self) -> &str {
        &self.encoding
    }

    /// What `workspace/configuration` answers for the `jianggao` section.
    pub fn set_pulled_settings(&mut self, settings: Value) {
        self.pulled_settings = settings;
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_string(message).unwrap();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{}", body.len(), body).as_bytes());
    }

    /// Writes raw bytes, for malformed-input tests.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin
            .write_all(bytes)
            .expect("server closed its stdin");
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns the whole response message.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_message(&format!("response to {method}"), |m| {
            m["id"] == json!(id) && m.get("method").is_none()
        })
    }

    /// Sends a request and returns its result; fails the test on an error.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// Waits for a notification with `method` whose params satisfy `pred`.
    pub fn wait_notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let message = self.wait_message(method, |m| {
            m["method"] == method && m.get("id").is_none() && pred(&m["params"])
        });
        message["params"].clone()
    }

    /// Waits for a request from the server with `method` (answered already).
    pub fn wait_server_request(&mut self, method: &str) -> Value {
        self.wait_message(method, |m| m["method"] == method && m.get("id").is_some())
    }

    /// Waits until the server reports the end of an indexing progress.
    pub fn wait_index_ready(&mut self) -> Value {
        self.wait_notification("$/progress", |p| {
            p["token"]
                .as_str()
                .is_some_and(|t| t.starts_with("jianggao/index/"))
                && p["value"]["kind"] == "end"
        })
    }

    /// Notifications already received with `method`, consumed.
    pub fn take_notifications(&mut self, method: &str) -> Vec<Value> {
        self.pump(Duration::from_millis(0));
        let (taken, rest) = std::mem::take(&mut self.backlog)
            .into_iter()
            .partition(|m| m["method"] == method && m.get("id").is_none());
        self.backlog = rest;
        taken.into_iter().map(|m| m["params"].clone()).collect()
    }

    /// Error responses already received, consumed (with the messages before
    /// them, they show what the server answered to malformed input).
    pub fn take_errors(&mut self) -> Vec<Value> {
        self.pump(Duration::from_millis(0));
        let (taken, rest) = std::mem::take(&mut self.backlog)
            .into_iter()
            .partition(|m| m.get("error").is_some() && m.get("method").is_none());
        self.backlog = rest;
        taken
    }

    /// Reads for `duration` and returns what arrived (without consuming it).
    pub fn drain_for(&mut self, duration: Duration) -> Vec<Value> {
        self.pump(duration);
        self.backlog.clone()
    }

    fn wait_message(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.backlog.iter().position(&pred) {
                return self.backlog.remove(i);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "timed out waiting for {what}; received: {:#?}",
                self.backlog
            );
            self.receive_one(left.min(Duration::from_millis(200)));
        }
    }

    /// Moves whatever arrives within `duration` into the backlog.
    fn pump(&mut self, duration: Duration) {
        let deadline = Instant::now() + duration;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if !self.receive_one(left) {
                return;
            }
        }
    }

    /// Receives one message into the backlog (answering server requests);
    /// false when nothing arrived in time.
    fn receive_one(&mut self, timeout: Duration) -> bool {
        match self.incoming.recv_timeout(timeout) {
            Ok(Ok(message)) => {
                if message.get("id").is_some() && message.get("method").is_some() && !self.silent {
                    self.answer_server_request(&message);
                }
                self.backlog.push(message);
                true
            }
            Ok(Err(problem)) => {
                panic!("server wrote something other than JSON-RPC to stdout: {problem}")
            }
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(timeout.min(Duration::from_millis(10)));
                false
            }
        }
    }

    fn answer_server_request(&mut self, request: &Value) {
        let result = match request["method"].as_str() {
            Some("workspace/configuration") => {
                let items = request["params"]["items"].as_array().map_or(0, Vec::len);
                Value::Array(vec![self.pulled_settings.clone(); items])
            }
            _ => Value::Null,
        };
        let id = request["id"].clone();
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
    }

    /// `shutdown` then `exit`; returns the process's exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Waits for the process to end by itself (stdin stays open).
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the response to the request with `id` (sent with [`Server::send`]
    /// or [`Server::send_raw`]).
    pub fn wait_response(&mut self, id: &Value) -> Value {
        self.wait_message(&format!("response to {id}"), |m| {
            m["id"] == *id && m.get("method").is_none()
        })
    }

    /// The server's peak resident memory in KiB (`VmHWM`), where `/proc` tells.
    pub fn peak_memory_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    // Convenience wrappers for document sync.

    pub fn open(&mut self, uri: &str, language_id: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language_id, "version": 1, "text": text } }),
        );
    }

    pub fn change(&mut self, uri: &str, version: i32, content_changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": content_changes }),
        );
    }

    pub fn change_full(&mut self, uri: &str, version: i32, text: &str) {
        self.change(uri, version, json!([{ "text": text }]));
    }

    pub fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Parses `Content-Length` frames until the stream ends; a malformed header
/// or body is reported once and ends the reading.
fn read_frames(mut reader: impl BufRead, tx: mpsc::Sender<Result<Value, String>>) {
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) => return,
                Ok(_) => {}
                Err(e) => {
                    let _ = tx.send(Err(format!("unreadable stdout: {e}")));
                    return;
                }
            }
            if line == "\r\n" {
                break;
            }
            match line.split_once(':') {
                Some((name, value)) if name.eq_ignore_ascii_case("Content-Length") => {
                    length = value.trim().parse::<usize>().ok();
                }
                Some((name, _)) if name.eq_ignore_ascii_case("Content-Type") => {}
                _ => {
                    let _ = tx.send(Err(format!("not a header line: {line:?}")));
                    return;
                }
            }
        }
        let Some(length) = length else {
            let _ = tx.send(Err("frame without Content-Length".into()));
            return;
        };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let parsed = serde_json::from_slice(&body).map_err(|e| format!("invalid JSON body ({e})"));
        if tx.send(parsed).is_err() {
            return;
        }
    }
}

/// A fresh folder under cargo's temporary folder for tests (`target/tmp`),
/// removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("jianggao-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The byte offset of an LSP position in `text`, counted in `encoding`
/// (past the end of its line: the line's end).
pub fn byte_at(text: &str, position: &Value, encoding: &str) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let units = position["character"].as_u64().unwrap() as usize;
    let Some(range) = jianggao::text::lines(text).into_iter().nth(line) else {
        return text.len();
    };
    let mut counted = 0;
    for (i, c) in text[range.clone()].char_indices() {
        if counted >= units {
            return range.start + i;
        }
        counted += units_of(c, encoding);
    }
    range.end
}

fn units_of(c: char, encoding: &str) -> usize {
    match encoding {
        "utf-8" => c.len_utf8(),
        "utf-16" => c.len_utf16(),
        _ => 1,
    }
}

/// `text` with LSP text edits (positions in `encoding`) applied.
pub fn apply_edits(text: &str, edits: &[Value], encoding: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                byte_at(text, &e["range"]["start"], encoding),
                byte_at(text, &e["range"]["end"], encoding),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}

/// `(code, severity)` of each published diagnostic.
pub fn codes_and_severities(diagnostics: &Value) -> Vec<(String, u64)> {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_u64().unwrap(),
            )
        })
        .collect()
}
