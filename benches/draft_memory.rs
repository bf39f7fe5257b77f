//! Peak memory of the server with one long draft open: the goal is a peak
//! under 3× the draft's size.
//!
//! ```sh
//! cargo bench --bench draft_memory            # 100 MiB drafts
//! JIANGGAO_BENCH_MB=20 cargo bench --bench draft_memory
//! ```
//!
//! For each draft the release binary is started afresh; the draft is opened
//! and its diagnostics awaited, the outline asked for (as editors do), then
//! a one-character edit made in the middle and its diagnostics awaited. The
//! server's peak resident memory (VmHWM) is read after each step. Memory
//! does not depend on the machine's load. CI does not run it.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{default_capabilities, repeated, Server};
use serde_json::{json, Value};

const URI: &str = "file:///bench/long.md";

/// Peak resident memory so far, in MiB.
fn peak_mib(server: &Server) -> f64 {
    server.peak_memory_kib().unwrap_or(0) as f64 / 1024.0
}

/// The peaks after open → diagnostics, documentSymbol, edit → diagnostics.
fn measure(text: &str) -> [f64; 3] {
    let mut capabilities = default_capabilities();
    capabilities["textDocument"]["documentSymbol"]["hierarchicalDocumentSymbolSupport"] =
        json!(true);
    let mut server = Server::spawn(&[], &[]);
    server.initialize(capabilities, Value::Null);
    server.open(URI, "markdown", text);
    let published = |version: i64| move |p: &Value| p["uri"] == URI && p["version"] == version;
    server.wait_notification("textDocument/publishDiagnostics", published(1));
    let opened = peak_mib(&server);
    server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let outlined = peak_mib(&server);
    let middle = text.lines().count() / 2;
    let at = json!({ "line": middle, "character": 0 });
    server.change(
        URI,
        2,
        json!([{ "range": { "start": at, "end": at }, "text": "某" }]),
    );
    server.wait_notification("textDocument/publishDiagnostics", published(2));
    let edited = peak_mib(&server);
    server.shutdown();
    [opened, outlined, edited]
}

fn main() {
    let mib: usize = std::env::var("JIANGGAO_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let template = jianggao::corpus::embedded::FILES[0].1;
    let templates: String = jianggao::corpus::embedded::FILES
        .iter()
        .map(|(_, text)| format!("{text}\n"))
        .collect();
    let drafts = [
        (
            "the first embedded template repeated",
            repeated(template, mib << 20),
        ),
        (
            "the five embedded templates repeated",
            repeated(&templates, mib << 20),
        ),
        (
            "one short sentence per line",
            repeated("这是一段没有编号的正文。\n", mib << 20),
        ),
    ];
    println!("| {mib} MiB draft | open → diagnostics | + documentSymbol | + edit → diagnostics |");
    println!("| --- | ---: | ---: | ---: |");
    for (name, text) in &drafts {
        let size = text.len() as f64 / f64::from(1 << 20);
        let cells: Vec<String> = measure(text)
            .iter()
            .map(|peak| format!("{peak:.0} MiB, {:.2}×", peak / size))
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
}
