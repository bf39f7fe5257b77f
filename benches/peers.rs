//! jianggao beside its peers: the same drafts, the same requests, over stdio,
//! in one run. Peers are used when their binary is on `PATH`:
//! [typos-lsp](https://crates.io/crates/typos-lsp) and
//! [harper-ls](https://crates.io/crates/harper-ls)
//! (`cargo install typos-lsp harper-ls`).
//!
//! ```sh
//! cargo bench --bench peers             # a 1 MB draft, every server found
//! cargo bench --bench peers -- --big    # also jianggao on a 100 MB draft, and
//!                                       # completion while that draft is analysed
//! ```
//!
//! Per server: `initialize` (from process start to the answer), open →
//! diagnostics (didOpen sent → first publishDiagnostics), edit →
//! diagnostics (a one-character edit in the middle → the publication for
//! that version; median of 7), documentSymbol and completion (medians of 5
//! and 21 requests; "—" when the server does not offer them) and the
//! process's peak resident memory (VmHWM) at the end. CI does not run it.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{default_capabilities, Server};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const URI: &str = "file:///bench/draft.md";
const SMALL_URI: &str = "file:///bench/small.md";
const EDITS: usize = 7;
const SYMBOL_REQUESTS: usize = 5;
const COMPLETIONS: usize = 21;

/// The embedded templates repeated up to `bytes`, cut at a line end: real
/// headings, placeholders and numbering mistakes at the density of drafts.
fn draft(bytes: usize) -> String {
    let templates: String = jianggao::corpus::embedded::FILES
        .iter()
        .map(|(_, file)| format!("{file}\n"))
        .collect();
    common::repeated(&templates, bytes)
}

struct Peer {
    name: String,
    program: PathBuf,
    args: Vec<&'static str>,
    env: Vec<(&'static str, &'static str)>,
    is_jianggao: bool,
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// What `program --version` says, if anything (typos-lsp says nothing).
fn version_of(program: &Path) -> String {
    std::process::Command::new(program)
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.split_whitespace().last().map(str::to_string))
        .unwrap_or_default()
}

fn peers() -> Vec<Peer> {
    let jianggao = PathBuf::from(env!("CARGO_BIN_EXE_jianggao"));
    let mut peers = vec![Peer {
        name: format!("jianggao {}", env!("CARGO_PKG_VERSION")),
        program: jianggao,
        args: vec![],
        env: vec![("RUST_LOG", "off")],
        is_jianggao: true,
    }];
    for name in ["typos-lsp", "harper-ls"] {
        match on_path(name) {
            Some(program) => peers.push(Peer {
                name: format!("{name} {}", version_of(&program))
                    .trim()
                    .to_string(),
                args: if name == "harper-ls" {
                    vec!["--stdio"]
                } else {
                    vec![]
                },
                program,
                env: vec![("RUST_LOG", "off")],
                is_jianggao: false,
            }),
            None => eprintln!("{name} is not on PATH: left out (cargo install {name})"),
        }
    }
    peers
}

fn frame(message: &Value) -> Vec<u8> {
    let body = serde_json::to_string(message).unwrap();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn notification(method: &str, params: Value) -> Vec<u8> {
    frame(&json!({ "jsonrpc": "2.0", "method": method, "params": params }))
}

fn did_open(uri: &str, text: &str) -> Vec<u8> {
    notification(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    )
}

fn is_diagnostics_of(params: &Value, uri: &str, version: i64) -> bool {
    params["uri"] == uri && (params["version"] == version || params["version"].is_null())
}

/// Peak resident memory of the server, in MB.
fn peak_rss_mb(server: &Server) -> Option<f64> {
    server.peak_memory_kib().map(|kib| kib as f64 / 1024.0)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// UTF-16 length: every server here is asked in UTF-16.
fn utf16(s: &str) -> usize {
    s.encode_utf16().count()
}

#[derive(Default)]
struct Row {
    name: String,
    initialize: Duration,
    open: Duration,
    edit: Duration,
    symbols: Option<Duration>,
    completion: Option<Duration>,
    peak_rss_mb: Option<f64>,
}

fn timed_request(server: &mut Server, method: &str, params: Value) -> Duration {
    let start = Instant::now();
    server.request(method, params);
    start.elapsed()
}

fn start(peer: &Peer) -> (Server, Duration) {
    let started = Instant::now();
    let mut server = Server::spawn_program(&peer.program, &peer.args, &peer.env);
    server.initialize(default_capabilities(), json!({}));
    let elapsed = started.elapsed();
    if peer.is_jianggao {
        server.wait_index_ready(); // completion answers empty before it
    }
    (server, elapsed)
}

fn measure(peer: &Peer, text: &str) -> Row {
    let (mut server, initialize) = start(peer);
    let capabilities = server.initialize_result()["capabilities"].clone();
    let lines: Vec<&str> = text.lines().collect();
    let middle = lines.len() / 2;

    let open = did_open(URI, text);
    let started = Instant::now();
    server.send_raw(&open);
    drop(open);
    server.wait_notification("textDocument/publishDiagnostics", |p| {
        is_diagnostics_of(p, URI, 1)
    });
    let open = started.elapsed();

    let mut edits = Vec::new();
    for i in 0..EDITS {
        let version = 2 + i as i64;
        // Insert a character at the start of the middle line, then take it out.
        let (end, insert) = if i % 2 == 0 { (0, "的") } else { (1, "") };
        let change = notification(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": URI, "version": version },
                "contentChanges": [{
                    "range": { "start": { "line": middle, "character": 0 }, "end": { "line": middle, "character": end } },
                    "text": insert,
                }],
            }),
        );
        server.take_notifications("textDocument/publishDiagnostics");
        let started = Instant::now();
        server.send_raw(&change);
        server.wait_notification("textDocument/publishDiagnostics", |p| {
            is_diagnostics_of(p, URI, version)
        });
        edits.push(started.elapsed());
    }

    let document = json!({ "textDocument": { "uri": URI } });
    let symbols = capabilities.get("documentSymbolProvider").map(|_| {
        median(
            (0..SYMBOL_REQUESTS)
                .map(|_| {
                    timed_request(&mut server, "textDocument/documentSymbol", document.clone())
                })
                .collect(),
        )
    });
    let at = json!({
        "textDocument": { "uri": URI },
        "position": { "line": middle + 1, "character": utf16(lines.get(middle + 1).unwrap_or(&"")) },
    });
    let completion = capabilities.get("completionProvider").map(|_| {
        median(
            (0..COMPLETIONS)
                .map(|_| timed_request(&mut server, "textDocument/completion", at.clone()))
                .collect(),
        )
    });
    let peak_rss_mb = peak_rss_mb(&server);
    server.shutdown();
    Row {
        name: peer.name.clone(),
        initialize,
        open,
        edit: median(edits),
        symbols,
        completion,
        peak_rss_mb,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn print_table(title: &str, rows: &[Row]) {
    println!("\n{title}\n");
    println!("| server | initialize | open → diagnostics | edit → diagnostics | documentSymbol | completion | peak RSS |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let or_dash = |d: Option<Duration>| d.map_or("—".to_string(), ms);
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            r.name,
            ms(r.initialize),
            ms(r.open),
            ms(r.edit),
            or_dash(r.symbols),
            or_dash(r.completion),
            r.peak_rss_mb
                .map_or("—".to_string(), |mb| format!("{mb:.0} MB")),
        );
    }
}

/// Completion latencies on a small draft, alone and while a big draft is
/// being opened and analysed.
fn completion_under_load(peer: &Peer, big: &str) {
    let (mut server, _) = start(peer);
    let small = "# 讲话\n同志们，要坚持全心全意\n";
    server.send_raw(&did_open(SMALL_URI, small));
    let at = json!({ "textDocument": { "uri": SMALL_URI }, "position": { "line": 1, "character": utf16("同志们，要坚持全心全意") } });
    let mut quiet: Vec<Duration> = (0..200)
        .map(|_| timed_request(&mut server, "textDocument/completion", at.clone()))
        .collect();
    let open = did_open(URI, big);
    let started = Instant::now();
    server.send_raw(&open);
    drop(open);
    // The first request waits for the open itself: tower-lsp reads and
    // parses the message on its serve loop, and the document's rope is built.
    let first = timed_request(&mut server, "textDocument/completion", at.clone());
    let mut busy = Vec::new();
    let analysed = loop {
        busy.push(timed_request(
            &mut server,
            "textDocument/completion",
            at.clone(),
        ));
        let published = server
            .take_notifications("textDocument/publishDiagnostics")
            .iter()
            .any(|p| p["uri"] == URI);
        if published && busy.len() >= 50 || started.elapsed() > common::TIMEOUT {
            break started.elapsed();
        }
    };
    // The same requests with the big draft open and analysed: what the
    // other open document costs completion (it reads them for phrases
    // already used), apart from the analysis running beside it.
    let mut after: Vec<Duration> = (0..200)
        .map(|_| timed_request(&mut server, "textDocument/completion", at.clone()))
        .collect();
    let peak = peak_rss_mb(&server);
    server.shutdown();
    quiet.sort();
    busy.sort();
    after.sort();
    println!(
        "\ncompletion on a small draft, {} ({} MB draft opened, analysed and published in {}, peak RSS {:.0} MB; \
         the first request after the open waited {} for it to be read):\n",
        peer.name,
        big.len() >> 20,
        ms(analysed),
        peak.unwrap_or(0.0),
        ms(first),
    );
    println!("| completion | requests | p50 | p99 | max |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (what, samples) in [
        ("alone", &quiet),
        ("while the big draft is analysed", &busy),
        ("the big draft open, analysed", &after),
    ] {
        println!(
            "| {what} | {} | {} | {} | {} |",
            samples.len(),
            ms(percentile(samples, 0.5)),
            ms(percentile(samples, 0.99)),
            ms(*samples.last().unwrap())
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; only `--big` means something here.
    let big = std::env::args().any(|a| a == "--big");
    let peers = peers();
    let text = draft(1 << 20);
    let rows: Vec<Row> = peers.iter().map(|p| measure(p, &text)).collect();
    print_table(
        &format!(
            "{} KB draft ({} lines), medians",
            text.len() >> 10,
            text.lines().count()
        ),
        &rows,
    );
    if big {
        let text = draft(100 << 20);
        let row = measure(&peers[0], &text);
        print_table(&format!("{} MB draft", text.len() >> 20), &[row]);
        completion_under_load(&peers[0], &text);
    }
}
