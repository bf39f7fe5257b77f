//! `jianggao check` on drafts of 2, 4 and 8 MB full of findings (a
//! placeholder every few characters, on long and short lines): the time
//! must grow linearly with the size, not with its square. Run with
//! `cargo bench --bench check_scaling`; it spawns the release binary.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

/// About `mb` MB of draft: lines of 20 to 2000 characters, each unit
/// holding a year and a name to fill.
fn draft(mb: usize) -> Vec<u8> {
    let unit = "总结20xx年工作，XX同志讲话。";
    let mut text = String::new();
    let mut line = 0;
    while text.len() < mb << 20 {
        line += 1;
        text.push_str(&unit.repeat(1 + line % 100));
        text.push('\n');
    }
    text.into_bytes()
}

/// The median wall time of `jianggao check -` on `input`, and its lines of output.
fn time_check(input: &[u8]) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut lines = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_jianggao"))
            .args(["check", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn jianggao");
        let mut stdin = child.stdin.take().unwrap();
        let owned = input.to_vec();
        let writer = std::thread::spawn(move || stdin.write_all(&owned));
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        times.push(start.elapsed());
        lines = output.stdout.iter().filter(|&&b| b == b'\n').count();
    }
    times.sort();
    (times[RUNS / 2], lines)
}

fn main() {
    println!("jianggao check - on drafts full of findings, median of {RUNS} runs");
    let mut previous: Option<Duration> = None;
    for mb in [2, 4, 8] {
        let (time, findings) = time_check(&draft(mb));
        let growth = previous.map_or(String::new(), |p| {
            format!(
                "  (×{:.2} for twice the size)",
                time.as_secs_f64() / p.as_secs_f64()
            )
        });
        println!(
            "{mb} MB: {:>8.1} ms, {findings} findings{growth}",
            time.as_secs_f64() * 1000.0
        );
        previous = Some(time);
    }
}
