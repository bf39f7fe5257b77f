//! Quality of phrase completion, measured by typing held-out documents.
//!
//! Run: `cargo bench --bench ksr`. Options (after `--`):
//! - `--quick`: type only the first 3000 characters of each document
//!   (embedded and government reports);
//! - `--calibrate`: fit the confidence model (prints its weights and a
//!   reliability table) instead of measuring;
//! - `--curve`: the trade-off between popup precision and KSR over
//!   confidence thresholds, and ghost text over inline thresholds, on the
//!   embedded corpus;
//! - `--no-gov`: skip the government reports.
//! - `--ceiling`: what a perfect ranker could save with the candidates the
//!   index generates — every candidate offered (no threshold, no floor, no
//!   limit on the list), the right one accepted whenever there is one. A
//!   ranker that showed a one-item list exactly then would save as much at
//!   a popup precision of 100%: no threshold or model over these candidates
//!   saves more.
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
//! **Government reports, leave one report out** (issue 16's protocol).
//! With `../shared/corpus-gov/` beside the checkout, each of its 21 reports
//! is typed with the embedded corpus plus the other 20 reports as
//! templates: a writer's own template folder. Whole reports by default
//! (about 420,000 characters, three modes: some 4 CPU-minutes, 18 minutes
//! of wall time on the loaded 2-core sandbox); `KSR_GOV_CHARS=n` types only n characters of each, and with
//! `KSR_GOV_WINDOWS=w` those come from w places spread evenly through the
//! report, the draft before each holding the report's own text up to it
//! (a sample of whole-report typing).

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

/// One offered item, as the calibration reads it.
#[derive(Debug, Clone)]
struct Item {
    x: [f64; FEATURES],
    right: bool,
    chars: usize,
    /// The confidence the current model gives it.
    confidence: f64,
    /// The continuation offered.
    key: String,
}

/// One request: the held-out document it was typed from and the items
/// offered (no threshold).
struct Request {
    doc: usize,
    items: Vec<Item>,
}

/// Which parts of a document are typed: `(first line, characters)` spans.
/// The draft before each span holds the document's own text up to it, as
/// if the writer had typed it.
fn spans(doc: &Document, limit: usize, windows: usize) -> Vec<(usize, usize)> {
    if windows <= 1 || limit == usize::MAX {
        return vec![(0, limit)];
    }
    let lens: Vec<usize> = doc.lines().map(|l| l.text.chars().count()).collect();
    let total: usize = lens.iter().sum();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for w in 0..windows {
        let target = total * w / windows;
        let mut seen = 0;
        let start = lens
            .iter()
            .position(|&n| {
                seen += n;
                seen > target
            })
            .unwrap_or(lens.len());
        if out.last().is_none_or(|l| l.0 < start) {
            out.push((start, limit / windows));
        }
    }
    out
}

/// Types the `spans` of `doc` with completion in `mode`. With `requests`,
/// records every item offered (threshold ignored).
fn simulate(
    index: &PhraseIndex,
    doc: &Document,
    mode: Mode,
    params: &Params,
    spans: &[(usize, usize)],
    mut requests: Option<&mut Vec<Request>>,
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
    let lines: Vec<&str> = doc.lines().map(|l| l.text.as_str()).collect();
    let mut stats = Stats::default();
    for &(first, limit) in spans {
        let mut draft = String::new();
        for line in &lines[..first] {
            draft.push_str(line);
            draft.push('\n');
        }
        let mut span = Stats::default();
        for text in &lines[first..] {
            if span.chars >= limit {
                break;
            }
            let mut i = 0;
            while i < text.len() {
                let rest = &text[i..];
                let list = index.complete_in(&draft, draft.len(), items, &params);
                if let Some(requests) = requests.as_deref_mut() {
                    requests.push(Request {
                        doc: 0,
                        items: list
                            .iter()
                            .map(|s| Item {
                                x: s.evidence.features(),
                                right: rest.starts_with(&s.continuation),
                                chars: s.continuation.chars().count(),
                                confidence: s.confidence,
                                key: s.continuation.clone(),
                            })
                            .collect(),
                    });
                }
                let best = list
                    .iter()
                    .filter(|s| rest.starts_with(&s.continuation))
                    .map(|s| s.continuation.len())
                    .max();
                if !list.is_empty() {
                    span.shown += 1;
                    span.shown_right += usize::from(best.is_some());
                }
                let step = best.unwrap_or_else(|| rest.chars().next().map_or(1, char::len_utf8));
                draft.push_str(&rest[..step]);
                i += step;
                span.keys += 1;
            }
            span.chars += text.chars().count();
            draft.push('\n');
        }
        stats.add(span);
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

const EMBEDDED: &str = "embedded, leave one document out";
const GOV: &str = "government reports, leave one report out";

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

/// How much of each held-out document is typed: its first `limit`
/// characters, or (`windows` > 1) `limit / windows` characters from each of
/// `windows` places spread evenly through it.
#[derive(Debug, Clone, Copy)]
struct Plan {
    limit: usize,
    windows: usize,
}

impl Plan {
    fn first(limit: usize) -> Plan {
        Plan { limit, windows: 1 }
    }
    fn spans(&self, doc: &Document) -> Vec<(usize, usize)> {
        spans(doc, self.limit, self.windows)
    }
}

fn measure(title: &str, held_out: &[Document], extra: &[Document], params: &Params, plan: Plan) {
    let min = env("KSR_MIN_CONFIDENCE", params.min_confidence);
    let inline = env("KSR_INLINE_MIN_CONFIDENCE", INLINE_DEFAULT);
    let started = Instant::now();
    let rows = folds(held_out, extra, |index, doc| {
        let spans = plan.spans(doc);
        modes(min, inline).map(|mode| simulate(index, doc, mode, params, &spans, None))
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
fn curve(title: &str, held_out: &[Document], extra: &[Document], params: &Params, plan: Plan) {
    println!("\n## Trade-off over `completion.minConfidence` ({title})\n");
    println!("| threshold | KSR top-1 | KSR top-5 | show rate top-5 | popup precision top-5 |");
    println!("|---:|---:|---:|---:|---:|");
    for threshold in [
        0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8,
    ] {
        let rows = folds(held_out, extra, |index, doc| {
            let spans = plan.spans(doc);
            [1, 5].map(|items| {
                let mode = Mode::Menu {
                    items,
                    min_confidence: threshold,
                };
                simulate(index, doc, mode, params, &spans, None)
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

/// The savings of a perfect ranker over the index's candidates: every
/// candidate offered, the longest right one accepted.
fn ceiling(title: &str, held_out: &[Document], extra: &[Document], params: &Params, plan: Plan) {
    let every = Params {
        item_floor: 0.0,
        ..params.clone()
    };
    let mode = Mode::Menu {
        items: CEILING_ITEMS,
        min_confidence: 0.0,
    };
    let rows = folds(held_out, extra, |index, doc| {
        simulate(index, doc, mode, &every, &plan.spans(doc), None)
    });
    let mut total = Stats::default();
    println!("\n## Ceiling of the candidates ({title})\n");
    println!(
        "| held-out | chars | KSR, every candidate offered | keystrokes with a right candidate |"
    );
    println!("|---|---:|---:|---:|");
    for (doc, row) in held_out.iter().zip(&rows) {
        print_ceiling(&doc.source, row);
        total.add(*row);
    }
    print_ceiling("**total**", &total);
}

/// As many items as any context yields: the list is never cut.
const CEILING_ITEMS: usize = 10_000;

fn print_ceiling(name: &str, s: &Stats) {
    println!(
        "| {name} | {} | {:.1}% | {:.1}% |",
        s.chars,
        s.ksr(),
        100.0 * s.shown_right as f64 / s.keys.max(1) as f64
    );
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
            simulate(index, doc, mode, params, &[(0, limit)], None)
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

/// Records every item offered in top-8 lists with no threshold, typing
/// each held-out document (leave one out), tagged with its document.
fn requests(
    held_out: &[Document],
    extra: &[Document],
    params: &Params,
    plan: Plan,
    first_doc: usize,
) -> Vec<Request> {
    let mode = Mode::Menu {
        items: 8,
        min_confidence: 0.0,
    };
    folds(held_out, extra, |index, doc| {
        let mut requests = Vec::new();
        simulate(
            index,
            doc,
            mode,
            params,
            &plan.spans(doc),
            Some(&mut requests),
        );
        requests
    })
    .into_iter()
    .enumerate()
    .flat_map(|(d, rs)| {
        rs.into_iter().map(move |mut r| {
            r.doc = first_doc + d;
            r
        })
    })
    .collect()
}

/// Fits the confidence model: L2-regularised logistic regression by Newton's
/// method on every item offered in top-8 lists with no threshold. Its
/// quality is judged by cross-validation with folds by document (no
/// document is scored by a model fitted on it); the weights printed are then
/// fitted on all of them.
fn calibrate(
    embedded: &[Document],
    gov: &[Document],
    params: &Params,
    limit: usize,
    gov_plan: Plan,
) {
    let started = Instant::now();
    let mut data = requests(embedded, &[], params, Plan::first(limit), 0);
    let embedded_requests = data.len();
    data.extend(requests(gov, embedded, params, gov_plan, embedded.len()));
    eprintln!(
        "collected {} requests in {:.0} s",
        data.len(),
        started.elapsed().as_secs_f64()
    );
    let docs = embedded.len() + gov.len();
    const FOLDS: usize = 5;
    // Out-of-fold scores.
    let mut cv: Vec<Vec<f64>> = data.iter().map(|r| vec![0.0; r.items.len()]).collect();
    for fold in 0..FOLDS {
        let train: Vec<Sample> = data
            .iter()
            .filter(|r| r.doc % FOLDS != fold)
            .flat_map(|r| r.items.iter().map(|i| (i.x, i.right)))
            .collect();
        let w = fit_logistic(&train, 1.0);
        for (r, scores) in data.iter().zip(cv.iter_mut()) {
            if r.doc % FOLDS == fold {
                for (i, s) in r.items.iter().zip(scores.iter_mut()) {
                    *s = sigmoid(dot(&i.x, &w));
                }
            }
        }
    }
    let current: Vec<Vec<f64>> = data
        .iter()
        .map(|r| r.items.iter().map(|i| i.confidence).collect())
        .collect();
    for (name, range) in [
        ("embedded", 0..embedded_requests),
        ("gov", embedded_requests..data.len()),
        ("all", 0..data.len()),
    ] {
        if range.is_empty() {
            continue;
        }
        println!(
            "\n### {name}: {} requests ({docs} documents)\n",
            range.len()
        );
        println!("| model | AUC | saved at precision ≥ 30% | ≥ 40% | ≥ 50% | show rate at 50% |");
        println!("|---|---:|---:|---:|---:|---:|");
        for (model, scores, rule) in [
            ("current", &current, Rule::Item),
            ("refit (out of fold)", &cv, Rule::Item),
            ("current, list (shipped)", &current, Rule::List),
            ("refit (out of fold), list", &cv, Rule::List),
        ] {
            let d = &data[range.clone()];
            let sc = &scores[range.clone()];
            let curve = list_curve_by(d, sc, rule);
            let at = |p: f64| {
                curve
                    .iter()
                    .filter(|c| c.2 >= p)
                    .map(|c| (c.3, c.1))
                    .fold((0.0f64, 0.0f64), |a, b| if b.0 > a.0 { b } else { a })
            };
            println!(
                "| {model} | {:.3} | {:.1}% | {:.1}% | {:.1}% | {:.1}% |",
                auc(d, sc),
                at(0.3).0,
                at(0.4).0,
                at(0.5).0,
                at(0.5).1
            );
        }
    }
    let all: Vec<Sample> = data
        .iter()
        .flat_map(|r| r.items.iter().map(|i| (i.x, i.right)))
        .collect();
    let weights = fit_logistic(&all, 1.0);
    println!(
        "\n{} items, {:.1}% right",
        all.len(),
        100.0 * all.iter().filter(|s| s.1).count() as f64 / all.len() as f64
    );
    println!("const WEIGHTS: [f64; FEATURES] = {weights:?};");
    // Reliability of the out-of-fold scores: predicted against observed.
    println!("\n| predicted confidence | items | share right |\n|---|---:|---:|");
    let mut bins = [(0usize, 0usize, 0.0f64); 10];
    for (r, scores) in data.iter().zip(&cv) {
        for (i, &p) in r.items.iter().zip(scores) {
            let b = ((p * 10.0) as usize).min(9);
            bins[b].0 += 1;
            bins[b].1 += usize::from(i.right);
            bins[b].2 += p;
        }
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

/// Area under the ROC curve of item scores (probability that a right item
/// scores above a wrong one).
fn auc(data: &[Request], scores: &[Vec<f64>]) -> f64 {
    let mut all: Vec<(f64, bool)> = data
        .iter()
        .zip(scores)
        .flat_map(|(r, s)| r.items.iter().zip(s).map(|(i, &p)| (p, i.right)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut rank_sum, mut pos) = (0.0, 0.0);
    for (k, (_, right)) in all.iter().enumerate() {
        if *right {
            rank_sum += (k + 1) as f64;
            pos += 1.0;
        }
    }
    let neg = all.len() as f64 - pos;
    (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg).max(1.0)
}

/// The top-5 lists the product would show at each threshold t (items
/// scored below t dropped, the rest ranked by score × characters added):
/// `(t, show rate %, precision, characters saved per request %)`.
/// When a top-5 list is shown, at a threshold t.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// When an item clears t (items below it dropped): the previous rule.
    Item,
    /// As the product decides: the items above the floor when the sum of
    /// the confidences of those that extend no other clears t, else the
    /// items that clear t alone.
    List,
}

fn list_curve_by(data: &[Request], scores: &[Vec<f64>], rule: Rule) -> Vec<(f64, f64, f64, f64)> {
    (0..100)
        .map(|k| {
            let t = k as f64 / 100.0;
            let floor = match rule {
                Rule::Item => t,
                Rule::List => Params::default().item_floor.min(t),
            };
            let (mut shown, mut right, mut saved) = (0usize, 0usize, 0usize);
            for (r, s) in data.iter().zip(scores) {
                let top5 = |floor: f64| {
                    let mut kept: Vec<(f64, &Item, f64)> = r
                        .items
                        .iter()
                        .zip(s)
                        .filter(|(_, &p)| p >= floor)
                        .map(|(i, &p)| (p * (i.chars - 1) as f64, i, p))
                        .collect();
                    kept.sort_by(|a, b| b.0.total_cmp(&a.0));
                    kept.truncate(5);
                    kept
                };
                let sum = |kept: &[(f64, &Item, f64)]| -> f64 {
                    kept.iter()
                        .filter(|a| {
                            !kept
                                .iter()
                                .any(|b| b.1.key != a.1.key && a.1.key.starts_with(&b.1.key))
                        })
                        .map(|a| a.2)
                        .sum()
                };
                let mut kept = top5(floor);
                if let Rule::List = rule {
                    if sum(&kept) < t {
                        kept = top5(t);
                    }
                }
                if kept.is_empty() {
                    continue;
                }
                shown += 1;
                if let Some(best) = kept
                    .iter()
                    .take(5)
                    .filter(|k| k.1.right)
                    .map(|k| k.1.chars)
                    .max()
                {
                    right += 1;
                    saved += best - 1;
                }
            }
            let n = data.len().max(1) as f64;
            (
                t,
                100.0 * shown as f64 / n,
                right as f64 / shown.max(1) as f64,
                100.0 * saved as f64 / n,
            )
        })
        .collect()
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
        item_floor: env("KSR_ITEM_FLOOR", d.item_floor),
        min_confidence: DEFAULT_MIN_CONFIDENCE,
        ..d
    };
    eprintln!("{params:?}");
    let embedded = Corpus::embedded().documents;
    let gov = if flag("--no-gov") {
        Vec::new()
    } else {
        gov_reports()
    };
    // Government reports: whole, or with `--quick` their first 3000
    // characters; `KSR_GOV_CHARS` and `KSR_GOV_WINDOWS` type a sample of
    // that many characters spread over that many places in each report.
    let gov_plan = match std::env::var("KSR_GOV_CHARS") {
        Ok(_) => Plan {
            limit: env("KSR_GOV_CHARS", 0.0) as usize,
            windows: env("KSR_GOV_WINDOWS", 1.0) as usize,
        },
        Err(_) if flag("--quick") => Plan::first(3000),
        Err(_) => Plan::first(usize::MAX),
    };
    if flag("--calibrate") {
        calibrate(&embedded, &gov, &params, limit, gov_plan);
        return;
    }
    // A table over the embedded corpus, then over the government reports.
    let on_both = |table: fn(&str, &[Document], &[Document], &Params, Plan)| {
        let embedded_plan = Plan::first(limit);
        table(EMBEDDED, &embedded, &[], &params, embedded_plan);
        if !gov.is_empty() {
            table(GOV, &gov, &embedded, &params, gov_plan);
        }
    };
    if flag("--ceiling") {
        on_both(ceiling);
        return;
    }
    if flag("--curve") {
        on_both(curve);
        ghost_curve(&embedded, &params, limit);
        return;
    }
    measure(
        "Embedded corpus, leave one document out",
        &embedded,
        &[],
        &params,
        Plan::first(limit),
    );
    if gov.is_empty() {
        eprintln!("(no ../shared/corpus-gov: government reports skipped)");
        return;
    }
    let typed = if gov_plan.limit == usize::MAX {
        "whole reports".to_string()
    } else if gov_plan.windows > 1 {
        format!(
            "{} characters of each, from {} places",
            gov_plan.limit, gov_plan.windows
        )
    } else {
        format!("first {} characters of each", gov_plan.limit)
    };
    measure(
        &format!("Government reports, leave one report out (embedded corpus on; {typed})"),
        &gov,
        &embedded,
        &params,
        gov_plan,
    );
}
