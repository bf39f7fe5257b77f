//! Startup benchmark: wall time from spawning the server to its `initialize`
//! answer, and to the end of indexing the embedded corpus (`$/progress` end),
//! over repeated cold process starts. Run with `cargo bench --bench startup`.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{default_capabilities, Server};
use serde_json::Value;
use std::time::{Duration, Instant};

const RUNS: usize = 30;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report(what: &str, mut samples: Vec<Duration>, goal: Duration) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p50 = percentile(&samples, 0.5);
    println!(
        "{what:<28} min {:>7.1} ms   p50 {:>7.1} ms   p90 {:>7.1} ms   max {:>7.1} ms   goal ≤ {} ms: {}",
        ms(samples[0]),
        ms(p50),
        ms(percentile(&samples, 0.9)),
        ms(*samples.last().unwrap()),
        goal.as_millis(),
        if p50 <= goal { "met" } else { "NOT met" }
    );
}

fn main() {
    // `cargo bench` passes flags such as `--bench`; this harness takes none.
    let (mut to_initialize, mut to_index) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let start = Instant::now();
        let mut server = Server::spawn(&[], &[("RUST_LOG", "off")]);
        server.initialize(default_capabilities(), Value::Null);
        to_initialize.push(start.elapsed());
        server.wait_index_ready();
        to_index.push(start.elapsed());
        server.shutdown();
    }
    println!(
        "jianggao startup, {RUNS} cold starts of {}",
        env!("CARGO_BIN_EXE_jianggao")
    );
    report(
        "process start → initialize",
        to_initialize,
        Duration::from_millis(20),
    );
    report(
        "process start → index ready",
        to_index,
        Duration::from_millis(150),
    );
}
