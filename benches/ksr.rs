//! Quality of phrase completion, measured by typing held-out documents.
//!
//! Run: `cargo bench --bench ksr`. Options (after `--`):
//! - `--quick`: type only the first 3000 characters of each document;
//! - `--calibrate`: fit the confidence model (prints its weights and a
//!   reliability table) instead of measuring;
//! - `--curve`: the trade-off between popup precision and KSR over
//!   confidence thresholds, and ghost text over inline thresholds, on the
//!   embedded corpus;
//! - `--no-gov`: skip the government reports.
//!
//! **Embedded corpus, leave one document out.** For each of the five
//! embedded documents the index is built from the other four; the held-out
//! document is typed line by line, one character at a time, into a draft
//! that holds everything typed so far (so phrases already used in the draft
//! count, as in the editor). Before each keystroke the completion list for
//! the end of the draft is computed:
//! - **menu** (at most k items, k = 1 and k = 5): if an item's continuation
//!   is exactly the next characters of the true text, the writer accepts the
//!   longest such item: **one keystroke**, and all its characters are typed;
//! - **ghost text** (the one best item above the inline threshold): accepted
//!   with one keystroke (Tab) when it is right;
//! - otherwise the writer types the next character: **one keystroke**.
//!
//! Line breaks are neither characters nor keystrokes. KSR = 1 − keystrokes /
//! characters; **show rate** = requests answered with a non-empty list /
//! requests (one request per keystroke); **popup precision** = lists shown
//! that hold an acceptable item / lists shown; for ghost text, the share of
//! ghost texts shown that are right.
//!
//! **Government reports, leave one report out.** With `../shared/corpus-gov/`
//! beside the checkout, each of its 21 reports is typed (its first
//! `KSR_GOV_CHARS` characters, default 3000) with the embedded corpus plus
//! the other 20 reports as templates: a writer's own template folder.

use jianggao::corpus::{Corpus, Document};
use jianggao::phrases::{Params, PhraseIndex, DEFAULT_MIN_CONFIDENCE, FEATURES};
use std::path::Path;
use std::time::Instant;

/// How the writer is offered completions.
#[derive(Debug, Clone, Copy)]
enum Mode {
    Menu { items: usize, min_confidence: f64 },
    Ghost { min_confidence: f64 },
}

#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    chars: usize,
    keys: usize,
    shown: usize,
    shown_right: usize,
}

impl Stats {
    fn add(&mut self, o: Stats) {
        self.chars += o.chars;
        self.keys += o.keys;
        self.shown += o.shown;
        self.shown_right += o.shown_right;
    }
    fn ksr(&self) -> f64 {
        100.0 * (1.0 - self.keys as f64 / self.chars.max(1) as f64)
    }
    fn show_rate(&self) -> f64 {
        100.0 * self.shown as f64 / self.keys.max(1) as f64
    }
    fn precision(&self) -> f64 {
        100.0 * self.shown_right as f64 / self.shown.max(1) as f64
    }
}

/// One row of calibration data: an offered item's features and whether it
/// was right.
type Sample = ([f64; FEATURES], bool);

/// Types `doc` (its first `limit` characters) with completion in `mode`.
/// With `samples`, records every item offered (threshold ignored).
fn simulate(
    index: &PhraseIndex,
    doc: &Document,
    mode: Mode,
    params: &Params,
    limit: usize,
    mut samples: Option<&mut Vec<Sample>>,
) -> Stats {
    let (items, min_confidence) = match mode {
        Mode::Menu {
            items,
            min_confidence,
        } => (items, min_confidence),
        Mode::Ghost { min_confidence } => (1, min_confidence),
    };
    let params = Params {
        min_confidence,
        ..params.clone()
    };
    let mut draft = String::new();
    let mut stats = Stats::default();
    for line in doc.lines() {
        if stats.chars >= limit {
            break;
        }
        let text = line.text.as_str();
        let mut i = 0;
        while i < text.len() {
            let rest = &text[i..];
            let list = index.complete_in(&draft, draft.len(), items, &params);
            if let Some(samples) = samples.as_deref_mut() {
                for s in &list {
                    samples.push((s.evidence.features(), rest.starts_with(&s.continuation)));
                }
            }
            let best = list
                .iter()
                .filter(|s| rest.starts_with(&s.continuation))
                .map(|s| s.continuation.len())
                .max();
            if !list.is_empty() {
                stats.shown += 1;
                stats.shown_right += usize::from(best.is_some());
            }
            let step = best.unwrap_or_else(|| rest.chars().next().map_or(1, char::len_utf8));
            draft.push_str(&rest[..step]);
            i += step;
            stats.keys += 1;
        }
        stats.chars += text.chars().count();
        draft.push('\n');
    }
    stats
}

fn env(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Leave-one-out folds: for each held-out document, the index of the rest
/// (and of `extra`, always in) is built and `run` is called.
fn folds<T: Send>(
    held_out: &[Document],
    extra: &[Document],
    run: impl Fn(&PhraseIndex, &Document) -> T + Sync,
) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, T)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let held = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        if held >= held_out.len() {
                            return out;
                        }
                        let train = Corpus {
                            documents: extra
                                .iter()
                                .chain(
                                    held_out
                                        .iter()
                                        .enumerate()
                                        .filter(|&(i, _)| i != held)
                                        .map(|(_, d)| d),
                                )
                                .cloned()
                                .collect(),
                        };
                        let index = PhraseIndex::build(&train);
                        out.push((held, run(&index, &held_out[held])));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a fold does not panic"))
            .collect()
    });
    results.sort_by_key(|r| r.0);
    results.into_iter().map(|r| r.1).collect()
}

/// The measured modes: menu top-1, menu top-5, ghost text.
fn modes(min_confidence: f64, inline: f64) -> [Mode; 3] {
    [
        Mode::Menu {
            items: 1,
            min_confidence,
        },
        Mode::Menu {
            items: 5,
            min_confidence,
        },
        Mode::Ghost {
            min_confidence: inline,
        },
    ]
}

fn measure(title: &str, held_out: &[Document], extra: &[Document], params: &Params, limit: usize) {
    let min = env("KSR_MIN_CONFIDENCE", params.min_confidence);
    let inline = env("KSR_INLINE_MIN_CONFIDENCE", INLINE_DEFAULT);
    let started = Instant::now();
    let rows = folds(held_out, extra, |index, doc| {
        modes(min, inline).map(|mode| simulate(index, doc, mode, params, limit, None))
    });
    println!("\n## {title} (menu threshold {min}, ghost threshold {inline})\n");
    println!(
        "| held-out | chars | KSR top-1 | KSR top-5 | show rate top-5 | popup precision top-5 | \
         popup precision top-1 | ghost KSR | ghost shown | ghost accepted |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut total = [Stats::default(); 3];
    for (doc, row) in held_out.iter().zip(&rows) {
        print_row(&doc.source, row);
        for (t, r) in total.iter_mut().zip(row) {
            t.add(*r);
        }
    }
    print_row("**total**", &total);
    println!("\n({:.0} s)", started.elapsed().as_secs_f64());
}

fn print_row(name: &str, [top1, top5, ghost]: &[Stats; 3]) {
    println!(
        "| {name} | {} | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% |",
        top5.chars,
        top1.ksr(),
        top5.ksr(),
        top5.show_rate(),
        top5.precision(),
        top1.precision(),
        ghost.ksr(),
        ghost.show_rate(),
        ghost.precision(),
    );
}

/// The default of `completion.inline.minConfidence` (kept in step with the
/// server's setting).
const INLINE_DEFAULT: f64 = jianggao::phrases::DEFAULT_INLINE_MIN_CONFIDENCE;

/// Precision and KSR over menu thresholds (top-5 and top-1).
fn curve(docs: &[Document], params: &Params, limit: usize) {
    println!("\n## Trade-off over `completion.minConfidence` (embedded, leave one out)\n");
    println!("| threshold | KSR top-1 | KSR top-5 | show rate top-5 | popup precision top-5 |");
    println!("|---:|---:|---:|---:|---:|");
    for threshold in [0.0, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3] {
        let rows = folds(docs, &[], |index, doc| {
            [1, 5].map(|items| {
                let mode = Mode::Menu {
                    items,
                    min_confidence: threshold,
                };
                simulate(index, doc, mode, params, limit, None)
            })
        });
        let mut t = [Stats::default(); 2];
        for row in &rows {
            t[0].add(row[0]);
            t[1].add(row[1]);
        }
        println!(
            "| {threshold:.2} | {:.1}% | {:.1}% | {:.1}% | {:.1}% |",
            t[0].ksr(),
            t[1].ksr(),
            t[1].show_rate(),
            t[1].precision()
        );
    }
}

/// Ghost text over inline thresholds: how often it is shown and right.
fn ghost_curve(docs: &[Document], params: &Params, limit: usize) {
    println!("\n## Ghost text over `completion.inline.minConfidence` (embedded, leave one out)\n");
    println!("| threshold | ghost KSR | shown | accepted |");
    println!("|---:|---:|---:|---:|");
    for threshold in [0.3, 0.4, 0.5, 0.6, 0.7, 0.8] {
        let rows = folds(docs, &[], |index, doc| {
            let mode = Mode::Ghost {
                min_confidence: threshold,
            };
            simulate(index, doc, mode, params, limit, None)
        });
        let mut t = Stats::default();
        for row in rows {
            t.add(row);
        }
        println!(
            "| {threshold:.2} | {:.1}% | {:.1}% | {:.1}% |",
            t.ksr(),
            t.show_rate(),
            t.precision()
        );
    }
}

/// Fits the confidence model: L2-regularised logistic regression by Newton's
/// method on every item offered in top-8 lists with no threshold, pooled
/// over the five leave-one-out folds.
fn calibrate(docs: &[Document], params: &Params, limit: usize) {
    let mode = Mode::Menu {
        items: 8,
        min_confidence: 0.0,
    };
    let samples: Vec<Sample> = folds(docs, &[], |index, doc| {
        let mut samples = Vec::new();
        simulate(index, doc, mode, params, limit, Some(&mut samples));
        samples
    })
    .into_iter()
    .flatten()
    .collect();
    let weights = fit_logistic(&samples, 1.0);
    for right in [true, false] {
        let rows: Vec<_> = samples.iter().filter(|s| s.1 == right).collect();
        let means: Vec<String> = (0..FEATURES)
            .map(|i| {
                format!(
                    "{:.3}",
                    rows.iter().map(|r| r.0[i]).sum::<f64>() / rows.len().max(1) as f64
                )
            })
            .collect();
        println!("feature means, right={right}: {}", means.join(" "));
    }
    println!("{} samples, {:.1}% right", samples.len(), {
        100.0 * samples.iter().filter(|s| s.1).count() as f64 / samples.len() as f64
    });
    println!("const WEIGHTS: [f64; FEATURES] = {weights:?};");
    // Reliability: predicted against observed, in bins of predicted.
    println!("\n| predicted | items | observed right |\n|---|---:|---:|");
    let mut bins = [(0usize, 0usize, 0.0f64); 10];
    for (x, right) in &samples {
        let p = sigmoid(dot(x, &weights));
        let b = ((p * 10.0) as usize).min(9);
        bins[b].0 += 1;
        bins[b].1 += usize::from(*right);
        bins[b].2 += p;
    }
    for (i, (n, right, sum_p)) in bins.iter().enumerate() {
        if *n > 0 {
            println!(
                "| {:.1}–{:.1} (mean {:.2}) | {n} | {:.2} |",
                i as f64 / 10.0,
                (i + 1) as f64 / 10.0,
                sum_p / *n as f64,
                *right as f64 / *n as f64
            );
        }
    }
}

fn dot(x: &[f64; FEATURES], w: &[f64; FEATURES]) -> f64 {
    x.iter().zip(w).map(|(a, b)| a * b).sum()
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Newton's method for the L2-regularised log-likelihood (the constant term
/// is not regularised).
fn fit_logistic(samples: &[Sample], l2: f64) -> [f64; FEATURES] {
    let mut w = [0.0; FEATURES];
    for _ in 0..25 {
        let mut grad = [0.0; FEATURES];
        let mut hess = [[0.0; FEATURES]; FEATURES];
        for (x, y) in samples {
            let p = sigmoid(dot(x, &w));
            let r = f64::from(u8::from(*y)) - p;
            let v = p * (1.0 - p);
            for i in 0..FEATURES {
                grad[i] += r * x[i];
                for j in 0..FEATURES {
                    hess[i][j] += v * x[i] * x[j];
                }
            }
        }
        for i in 1..FEATURES {
            grad[i] -= l2 * w[i];
            hess[i][i] += l2;
        }
        let step = solve(hess, grad);
        let mut change: f64 = 0.0;
        for i in 0..FEATURES {
            w[i] += step[i];
            change = change.max(step[i].abs());
        }
        if change < 1e-7 {
            break;
        }
    }
    w.map(|v| (v * 1e4).round() / 1e4)
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: [[f64; FEATURES]; FEATURES], mut b: [f64; FEATURES]) -> [f64; FEATURES] {
    for col in 0..FEATURES {
        let pivot = (col..FEATURES)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let d = a[col][col];
        if d.abs() < 1e-12 {
            continue;
        }
        let pivot_row = a[col];
        for row in 0..FEATURES {
            if row != col {
                let f = a[row][col] / d;
                for (x, p) in a[row].iter_mut().zip(&pivot_row).skip(col) {
                    *x -= f * p;
                }
                b[row] -= f * b[col];
            }
        }
    }
    std::array::from_fn(|i| {
        if a[i][i].abs() < 1e-12 {
            0.0
        } else {
            b[i] / a[i][i]
        }
    })
}

/// The government reports beside the checkout, if they are there.
fn gov_reports() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus-gov");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some(Document::parse(name, &text))
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let limit = if flag("--quick") { 3000 } else { usize::MAX };
    let d = Params::default();
    // Tuning knobs for experiments (defaults: Params::default()).
    let params = Params {
        max_context: env("KSR_MAX_CONTEXT", d.max_context as f64) as usize,
        max_continuation: env("KSR_MAX_CONTINUATION", d.max_continuation as f64) as usize,
        orders: env("KSR_ORDERS", d.orders as f64) as usize,
        order_weight: env("KSR_ORDER_WEIGHT", d.order_weight),
        escape: env("KSR_ESCAPE", d.escape),
        short_context: env("KSR_SHORT_CONTEXT", d.short_context as f64) as usize,
        short_min_hits: env("KSR_SHORT_MIN_HITS", d.short_min_hits as f64) as usize,
        short_min_share: env("KSR_SHORT_MIN_SHARE", d.short_min_share),
        sample: env("KSR_SAMPLE", d.sample as f64) as usize,
        draft_weight: env("KSR_DRAFT_WEIGHT", d.draft_weight),
        fade: env("KSR_FADE", d.fade),
        min_confidence: DEFAULT_MIN_CONFIDENCE,
        ..d
    };
    eprintln!("{params:?}");
    let embedded = Corpus::embedded().documents;
    if flag("--calibrate") {
        calibrate(&embedded, &params, limit);
        return;
    }
    if flag("--curve") {
        curve(&embedded, &params, limit);
        ghost_curve(&embedded, &params, limit);
        return;
    }
    measure(
        "Embedded corpus, leave one document out",
        &embedded,
        &[],
        &params,
        limit,
    );
    let gov = if flag("--no-gov") {
        Vec::new()
    } else {
        gov_reports()
    };
    if gov.is_empty() {
        eprintln!("(no ../shared/corpus-gov: government reports skipped)");
        return;
    }
    let gov_limit = env("KSR_GOV_CHARS", 3000.0) as usize;
    measure(
        &format!(
            "Government reports, leave one report out (embedded corpus on; first {gov_limit} characters of each)"
        ),
        &gov,
        &embedded,
        &params,
        gov_limit.min(limit),
    );
}
