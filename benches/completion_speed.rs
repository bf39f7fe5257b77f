//! Speed of phrase completion: index load/build and completion latency.
//!
//! Run: `cargo bench --bench completion_speed` (embedded corpus), add
//! `-- --big` for the 21 reports of `../shared/corpus-gov/` plus a generated
//! corpus of `JIANGGAO_BENCH_MB` megabytes (default 100) recombined from the
//! embedded lines (written to a temporary folder, never committed): build
//! throughput, the index cache written and then read by a fresh process
//! (time from its start to its first completion, memory), and completion
//! latency on that index.
//!
//! Figures: time of the first `Index::load` in the process (what the server
//! waits for: corpus parsing, jieba start-up, segmentation, suffix array),
//! index build throughput with jieba warm, completion latency p50/p99 over
//! 2000 cursor positions taken from the corpus itself (the draft being the
//! document up to there), and the process's resident memory (VmRSS/VmHWM).

use jianggao::corpus::load::CorpusSpec;
use jianggao::corpus::{Corpus, Document};
use jianggao::index::{cache, Index, Progress};
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
    let process_start = Instant::now();
    if std::env::args().any(|a| a == "--cached-start") {
        return cached_start(process_start);
    }
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
        big_corpus(&corpus, &mut rng);
    }
}

/// The 21 reports of `../shared/corpus-gov/` (when present) plus a generated
/// corpus of `JIANGGAO_BENCH_MB` megabytes, written as template files to a
/// temporary folder: build throughput, the index cache (written, then read
/// by a fresh process), and completion latency on that index.
fn big_corpus(corpus: &Corpus, rng: &mut Rng) {
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
    let root = std::env::temp_dir().join(format!("jianggao-bench-{}", std::process::id()));
    let generated = root.join("generated");
    std::fs::create_dir_all(&generated).unwrap();
    let mut total = 0;
    let mut files = 0;
    while total < mb * 1_000_000 {
        let mut text = String::new();
        for _ in 0..400 {
            text.push_str(lines[rng.below(lines.len())]);
            text.push('\n');
        }
        total += text.len();
        std::fs::write(generated.join(format!("generated-{files}.txt")), &text).unwrap();
        files += 1;
    }
    let gov = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus-gov"));
    let mut paths = vec![generated.clone()];
    if gov.is_dir() {
        paths.insert(0, gov.to_path_buf());
    } else {
        println!("(../shared/corpus-gov/ is absent: generated corpus only)");
    }
    let spec = CorpusSpec {
        paths,
        ..Default::default()
    };
    let cache_dir = root.join("cache");

    let loaded = jianggao::corpus::load::load(&spec);
    let bytes = loaded.corpus.text_len();
    let t = Instant::now();
    let built = PhraseIndex::build(&loaded.corpus);
    let build = t.elapsed();
    println!(
        "PhraseIndex::build (embedded + reports + generated, {:.1} MB of clean text): {:.2} s = {:.1} MB/s",
        bytes as f64 / 1e6,
        build.as_secs_f64(),
        bytes as f64 / 1e6 / build.as_secs_f64()
    );
    drop(built);
    let corpus = loaded.corpus;

    let t = Instant::now();
    let first = Index::load_with(&spec, Some(&cache_dir), None, &Progress::default());
    println!(
        "Index::load_with, no cache yet (read the files, build): {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let save = first.save.expect("a cache to write");
    save.save(&first.index.phrases).unwrap();
    let size = std::fs::metadata(save.file()).unwrap().len();
    println!(
        "cache written: {:.0} MB in {:.2} s",
        size as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    drop(first.index);

    // A fresh process, as an editor starts the server: from its start to
    // the first completion answered from the cached index.
    for run in 0..3 {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--cached-start")
            .env(
                "JIANGGAO_BENCH_SPEC",
                spec.paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
            .env("JIANGGAO_BENCH_CACHE", &cache_dir)
            .env("JIANGGAO_BENCH_BYTES", bytes.to_string())
            .output()
            .unwrap();
        print!("run {}: {}", run + 1, String::from_utf8_lossy(&out.stdout));
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
    }

    let cached = Index::load_with(&spec, Some(&cache_dir), None, &Progress::default());
    assert!(
        matches!(cached.cache, cache::Use::Read(_)),
        "{:?}",
        cached.cache
    );
    let pos = positions(&corpus, 2000, rng);
    let (p50, p99, max) = latency(&cached.index.phrases, &pos);
    println!(
        "completion latency (embedded + reports + generated, cached index, 2000 positions): p50 {p50:?}, p99 {p99:?}, max {max:?}"
    );
    println!(
        "resident memory (bench process, corpus included): VmRSS {}, VmHWM {}",
        status("VmRSS"),
        status("VmHWM")
    );
    drop(cached);

    // A template added while no server ran: the cache is stale, and lends
    // the files that did not change. Written among the generated files,
    // never into ../shared.
    let added = generated.join("新模板.txt");
    std::fs::write(&added, "星河璀璨照亮征程。\n").unwrap();
    let t = Instant::now();
    let stale = Index::load_with(&spec, Some(&cache_dir), None, &Progress::default());
    println!(
        "stale cache (one template added since): index ready in {:.2} s ({:?}, {} files kept)",
        t.elapsed().as_secs_f64(),
        stale.cache,
        stale.kept
    );
    std::fs::remove_file(&added).unwrap();
    drop(stale);
    if std::env::var_os("JIANGGAO_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&root);
    } else {
        println!("kept {}", root.display());
    }
}

/// The CPU time this process has used (user and system), in seconds: a
/// figure that other processes sharing the cores disturb less than the
/// wall-clock time.
fn cpu_time() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces): utime and
    // stime are the 12th and 13th, in clock ticks (100 a second on Linux).
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<f64> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse().ok())
        .collect();
    fields.iter().sum::<f64>() / 100.0
}

/// The child of `--big`: loads the cached index and answers one completion,
/// printing the time since the process started and its memory.
fn cached_start(process_start: Instant) {
    let paths = std::env::var("JIANGGAO_BENCH_SPEC").unwrap();
    let spec = CorpusSpec {
        paths: paths.lines().map(std::path::PathBuf::from).collect(),
        ..Default::default()
    };
    let cache_dir = std::path::PathBuf::from(std::env::var("JIANGGAO_BENCH_CACHE").unwrap());
    let bytes: f64 = std::env::var("JIANGGAO_BENCH_BYTES")
        .unwrap()
        .parse()
        .unwrap();
    let loaded = Index::load_with(&spec, Some(&cache_dir), None, &Progress::default());
    let loaded_at = process_start.elapsed();

    let answer = loaded.index.phrases.complete("全心全意", 5);
    let answered_at = process_start.elapsed();
    let cpu = cpu_time();
    // Where the time goes, done again with the files now in the page cache.
    let t = Instant::now();
    let plan = jianggao::corpus::load::plan(&spec);
    let planned = t.elapsed();
    let key = cache::Key::of(&spec, &plan);
    let keyed = t.elapsed();
    let again = cache::read(&cache::file_for(&cache_dir, &spec), &key);
    let read = t.elapsed();
    assert!(again.is_ok());
    drop(again);
    let rss_kb: f64 = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(f64::NAN);
    println!(
        "cached start: {:?}, index read at {:.0} ms, first completion ({} items) at {:.0} ms (CPU time {:.0} ms); VmRSS {:.0} MB = {:.1}x the corpus; again: plan {:.0} ms, key {:.0} ms, read {:.0} ms",
        loaded.cache,
        loaded_at.as_secs_f64() * 1e3,
        answer.len(),
        answered_at.as_secs_f64() * 1e3,
        cpu * 1e3,
        rss_kb / 1024.0,
        rss_kb * 1024.0 / bytes,
        planned.as_secs_f64() * 1e3,
        (keyed - planned).as_secs_f64() * 1e3,
        (read - keyed).as_secs_f64() * 1e3,
    );
}
