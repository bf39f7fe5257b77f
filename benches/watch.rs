//! What a template saved into a watched folder costs: the time from the file
//! written to the end of the re-index it causes (`$/progress`) and to the
//! first completion that offers it, with the server's own watcher.
//!
//! The folder is a copy of the 21 reports of `../shared/corpus-gov/` in a
//! temporary folder (skipped when they are absent); `-- --big` makes it
//! about 100 MB instead (`JIANGGAO_BENCH_MB`), their lines reshuffled into
//! files of 256 KB. Run with `cargo bench --bench watch [-- --big]`.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{default_capabilities, Server, TempDir};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Instant;

const GOV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus-gov");
const CHANGES: usize = 3;

fn main() {
    let gov = Path::new(GOV);
    let reports: Vec<String> = match std::fs::read_dir(gov) {
        Ok(entries) => {
            let mut names: Vec<_> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            names.sort();
            names
                .iter()
                .map(|p| std::fs::read_to_string(p).unwrap())
                .collect()
        }
        Err(_) => {
            eprintln!("{GOV} is absent: nothing to measure");
            return;
        }
    };
    let big = std::env::args().any(|a| a == "--big");
    let dir = TempDir::new("bench-watch");
    if big {
        let mb: usize = std::env::var("JIANGGAO_BENCH_MB")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100);
        write_reshuffled(&reports, &dir.0, mb << 20);
    } else {
        for (i, text) in reports.iter().enumerate() {
            std::fs::write(dir.0.join(format!("{i:02}.txt")), text).unwrap();
        }
    }
    let options = json!({
        "corpus": { "paths": [dir.0.to_str().unwrap()] },
        "completion": { "minConfidence": 0.0 },
    });
    let started = Instant::now();
    let mut s = Server::start_with(default_capabilities(), options);
    let first = s.wait_index_ready();
    println!(
        "first index: {} ({} ms after start)",
        first["value"]["message"],
        started.elapsed().as_millis()
    );
    let uri = "file:///tmp/jianggao-bench-watch-draft.md";
    let typed = "星河璀璨";
    s.open(uri, "markdown", typed);
    let mut after = generation(&first);
    for i in 0..CHANGES {
        let phrase = format!("照亮征程第{i}回");
        let written = Instant::now();
        std::fs::write(dir.0.join("新模板.txt"), format!("{typed}{phrase}。\n")).unwrap();
        let end = s.wait_notification("$/progress", |p| {
            generation(p) > after && p["value"]["kind"] == "end"
        });
        let indexed = written.elapsed();
        after = generation(&end);
        let list = s.request(
            "textDocument/completion",
            json!({
                "textDocument": { "uri": uri },
                "position": { "line": 0, "character": typed.encode_utf16().count() },
            }),
        );
        let offered = written.elapsed();
        let found = list["items"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|item| item["label"].as_str().unwrap_or_default().contains(&phrase));
        println!(
            "change {i}: re-indexed after {} ms, offered after {} ms ({}), {}",
            indexed.as_millis(),
            offered.as_millis(),
            if found {
                "the new phrase offered"
            } else {
                "NOT OFFERED"
            },
            end["value"]["message"]
        );
    }
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("load average: {}", load.trim());
    }
}

/// The index build a progress report is about.
fn generation(progress: &Value) -> u64 {
    progress["token"]
        .as_str()
        .and_then(|t| t.strip_prefix("jianggao/index/"))
        .and_then(|g| g.parse().ok())
        .unwrap_or(0)
}

/// About `bytes` of the reports' lines, reshuffled (a fixed sequence) into
/// files of 256 KB.
fn write_reshuffled(reports: &[String], dir: &Path, bytes: usize) {
    let lines: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.lines())
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as usize
    };
    let (mut written, mut file) = (0, 0);
    while written < bytes {
        let mut text = String::with_capacity(256 << 10);
        while text.len() < 256 << 10 {
            text.push_str(lines[next() % lines.len()]);
            text.push('\n');
        }
        written += text.len();
        std::fs::write(dir.join(format!("{file:04}.txt")), text).unwrap();
        file += 1;
    }
}
