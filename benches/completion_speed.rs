//! Speed of phrase completion: index load/build and completion latency.
//!
//! Run: `cargo bench --bench completion_speed` (embedded corpus), add
//! `-- --big` for a generated corpus of `JIANGGAO_BENCH_MB` megabytes
//! (default 100) recombined from the embedded lines (never committed).
//!
//! Figures: time of the first `Index::load` in the process (what the server
//! waits for: corpus parsing, jieba start-up, segmentation, suffix array),
//! index build throughput with jieba warm, completion latency p50/p99 over
//! 2000 cursor positions taken from the corpus itself (the draft being the
//! document up to there), and the process's resident memory (VmRSS/VmHWM).

use jianggao::corpus::load::CorpusSpec;
use jianggao::corpus::{Corpus, Document};
use jianggao::index::Index;
use jianggao::phrases::PhraseIndex;
use std::time::{Duration, Instant};

fn status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_string())
        })
        .map_or("?".into(), |kb| {
            format!("{} MB", kb.parse::<u64>().unwrap_or(0) / 1024)
        })
}

/// A small deterministic generator, so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Cursor positions: (draft, cursor) pairs cut from the corpus documents.
fn positions(corpus: &Corpus, n: usize, rng: &mut Rng) -> Vec<(String, usize)> {
    let docs: Vec<Vec<&str>> = corpus
        .documents
        .iter()
        .map(|d| d.lines().map(|l| l.text.as_str()).collect())
        .filter(|l: &Vec<&str>| !l.is_empty())
        .collect();
    (0..n)
        .map(|_| {
            let lines = &docs[rng.below(docs.len())];
            let li = rng.below(lines.len());
            let first = li.saturating_sub(40);
            let mut draft = lines[first..li].join("\n");
            draft.push('\n');
            let line = lines[li];
            let cut: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
            draft.push_str(&line[..cut[rng.below(cut.len())]]);
            let cursor = draft.len();
            (draft, cursor)
        })
        .collect()
}

fn latency(index: &PhraseIndex, positions: &[(String, usize)]) -> (Duration, Duration, Duration) {
    let mut times: Vec<Duration> = positions
        .iter()
        .map(|(draft, cursor)| {
            let t = Instant::now();
            let s = index.complete_in(draft, *cursor, 20, &Default::default());
            std::hint::black_box(s);
            t.elapsed()
        })
        .collect();
    times.sort();
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    (pct(0.5), pct(0.99), *times.last().unwrap())
}

fn main() {
    let big = std::env::args().any(|a| a == "--big");
    let t = Instant::now();
    let (index, _) = Index::load(&CorpusSpec::default());
    let first_load = t.elapsed();
    println!(
        "first Index::load (embedded, jieba start-up included): {:.1} ms",
        first_load.as_secs_f64() * 1e3
    );
    // What a server holds: the index (the corpus is not kept) and jieba.
    println!(
        "resident memory after load: VmRSS {}, VmHWM {}",
        status("VmRSS"),
        status("VmHWM")
    );
    let t = Instant::now();
    let corpus = Corpus::embedded();
    println!(
        "Corpus::embedded (parse and clean): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    std::hint::black_box(jianggao::phrases::segment::load_jieba());
    println!(
        "jieba start-up (embedded pruned dictionary): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let bytes = index.phrases.text_bytes();

    // The median of many builds: one build takes a few milliseconds, and
    // single runs vary with whatever else the machine does.
    let mut builds: Vec<Duration> = (0..21)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(PhraseIndex::build(&corpus));
            t.elapsed()
        })
        .collect();
    builds.sort();
    let mb_per_s = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    println!(
        "PhraseIndex::build (embedded, {} KB of clean text, 21 builds): median {:.1} ms = {:.1} MB/s, fastest {:.1} ms, slowest {:.1} ms",
        bytes / 1024,
        builds[10].as_secs_f64() * 1e3,
        mb_per_s(builds[10]),
        builds[0].as_secs_f64() * 1e3,
        builds[20].as_secs_f64() * 1e3,
    );

    let mut rng = Rng(0x5eed);
    let pos = positions(&corpus, 2000, &mut rng);
    let (p50, p99, max) = latency(&index.phrases, &pos);
    println!(
        "completion latency (embedded, 2000 positions): p50 {p50:?}, p99 {p99:?}, max {max:?}"
    );

    if big {
        let mb: usize = std::env::var("JIANGGAO_BENCH_MB")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100);
        let lines: Vec<&str> = corpus
            .documents
            .iter()
            .flat_map(Document::lines)
            .map(|l| l.text.as_str())
            .collect();
        let mut documents = Vec::new();
        let mut total = 0;
        while total < mb * 1_000_000 {
            let mut text = String::new();
            for _ in 0..400 {
                let line = lines[rng.below(lines.len())];
                text.push_str(line);
                text.push('\n');
            }
            total += text.len();
            documents.push(Document::parse(
                format!("generated-{}.txt", documents.len()),
                &text,
            ));
        }
        let corpus = Corpus { documents };
        let t = Instant::now();
        let big_index = PhraseIndex::build(&corpus);
        let build = t.elapsed();
        println!(
            "PhraseIndex::build (generated, {} MB): {:.1} s, {:.1} MB/s",
            corpus.text_len() / 1_000_000,
            build.as_secs_f64(),
            corpus.text_len() as f64 / 1e6 / build.as_secs_f64()
        );
        let pos = positions(&corpus, 2000, &mut rng);
        let (p50, p99, max) = latency(&big_index, &pos);
        println!(
            "completion latency (generated, 2000 positions): p50 {p50:?}, p99 {p99:?}, max {max:?}"
        );
        println!(
            "resident memory: VmRSS {}, VmHWM {}",
            status("VmRSS"),
            status("VmHWM")
        );
    }
}
