//! Candidate continuations and their ranking by expected keystrokes saved.
//!
//! For the text before the cursor we take its *context*: the current line
//! (indentation and Markdown marks dropped) after the end of the previous
//! line, folded, at most [`Params::max_context`] characters. Every suffix of
//! the context that occurs in the corpus is an *order* (its length in
//! characters). The longest orders that differ in what they match are
//! blended, PPM style: an order of length m weighs m^[`Params::order_weight`],
//! so the longest matching context dominates and shorter ones add what it
//! has not seen. Each order spreads its weight over what follows its
//! occurrences, read up to the end of the sentence and cut at every word
//! boundary (and after punctuation): a continuation's probability is the
//! blended share of occurrences it continues. The open draft is one more
//! source, weighed by [`Params::draft_weight`].
//!
//! A continuation of n characters saves n − 1 keystrokes when accepted
//! (accepting costs one), so candidates rank by probability × (n − 1).

use super::fold;
use super::{segment, Origin, PhraseIndex, Suggestion, DOC_END};
use crate::corpus::clean::strip_markdown_prefix;
use crate::text::{is_sentence_end, is_word_char, word_run_start};
use std::borrow::Cow;
use std::collections::HashMap;

/// Tuning of the ranking; the defaults were chosen with the KSR benchmark
/// (`cargo bench --bench ksr`).
#[derive(Debug, Clone)]
pub struct Params {
    /// Longest context matched, in characters.
    pub max_context: usize,
    /// Longest continuation offered, in characters.
    pub max_continuation: usize,
    /// How many context lengths are blended.
    pub orders: usize,
    /// An order of m characters weighs m^order_weight.
    pub order_weight: f64,
    /// Occurrences read per order (evenly spread over all of them).
    pub sample: usize,
    /// Weight of the open draft relative to an equally long corpus context.
    pub draft_weight: f64,
    /// Bytes of the draft around the cursor searched for phrases already used.
    pub draft_window: usize,
    /// Characters of the draft's own context looked up in the draft.
    pub draft_needle: usize,
    /// Draft occurrences read at most (the longest matches, then the nearest).
    pub draft_sample: usize,
    /// How fast belief in a continuation fades with its length: after a
    /// context of m characters each further character holds with
    /// probability 1 − fade / (m + 1).
    pub fade: f64,
}

impl Params {
    /// Bytes of the draft before and after the cursor that completion reads:
    /// a caller may pass just that much of a long draft.
    pub fn draft_span(&self) -> (usize, usize) {
        (self.draft_window, self.draft_window / 4)
    }
}

impl Default for Params {
    fn default() -> Self {
        Params {
            max_context: 20,
            max_continuation: 32,
            orders: 4,
            order_weight: 1.0,
            sample: 64,
            draft_weight: 1.0,
            draft_window: 64 * 1024,
            draft_needle: 3,
            draft_sample: 16,
            fade: 1.8,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Cand {
    weight: f64,
    chars: usize,
    /// Folded corpus byte offset of a corpus occurrence of the continuation.
    corpus_pos: Option<usize>,
    /// Byte offset of a draft occurrence of the continuation (in the window).
    draft_at: Option<usize>,
}

/// The folded matching context before the cursor, and how many of its last
/// characters belong to the run of word characters being typed.
fn context(before: &str, max_chars: usize) -> (String, usize) {
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let clean = |s: &str| -> String {
        strip_markdown_prefix(s)
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
            .to_string()
    };
    let current = clean(&before[line_start..]);
    let run_start = word_run_start(before, before.len());
    let run_chars = before[run_start.max(line_start)..].chars().count();
    let mut ctx = String::new();
    let current_chars = current.chars().count();
    if current_chars < max_chars && line_start > 0 {
        let prev_all = before[..line_start].trim_end_matches(['\n', '\r']);
        let prev_start = prev_all.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let prev = clean(&prev_all[prev_start..]);
        let prev = prev.trim_end();
        let keep = max_chars - current_chars - 1;
        let skip = prev.chars().count().saturating_sub(keep);
        ctx.extend(prev.chars().skip(skip));
        ctx.push('\n');
    }
    let skip = current_chars.saturating_sub(max_chars);
    ctx.extend(current.chars().skip(skip));
    (fold::fold(&ctx), run_chars.min(current_chars))
}

/// Walks the continuation starting at byte `start` of `text`, calling
/// `found(end, chars)` at every place a suggestion may end.
fn walk(
    text: &str,
    start: usize,
    max_chars: usize,
    is_bound: impl Fn(usize) -> bool,
    mut found: impl FnMut(usize, usize),
) {
    let mut end = start;
    for (chars, c) in text[start..].chars().enumerate() {
        if matches!(c, '\n' | '\r' | DOC_END) {
            break;
        }
        end += c.len_utf8();
        let chars = chars + 1;
        if chars >= 2 && (!is_word_char(c) || is_bound(end)) {
            found(end, chars);
        }
        if is_sentence_end(c) || chars >= max_chars {
            break;
        }
    }
}

pub fn complete(
    index: &PhraseIndex,
    draft: &str,
    cursor: usize,
    max_items: usize,
    params: &Params,
) -> Vec<Suggestion> {
    let mut cursor = cursor.min(draft.len());
    while !draft.is_char_boundary(cursor) {
        cursor -= 1;
    }
    if max_items == 0 {
        return Vec::new();
    }
    let before = &draft[..cursor];
    let (ctx, run_chars) = context(before, params.max_context);
    let lambda = |m: usize| (m as f64).powf(params.order_weight);
    let hold = |m: usize| (1.0 - params.fade / (m as f64 + 1.0)).max(0.0);

    // The open draft around the cursor. The draft is consistent with itself
    // in script and punctuation, so it is searched as written; only the
    // continuations found are folded.
    let (span_before, span_after) = params.draft_span();
    let window_start = floor_boundary(draft, cursor.saturating_sub(span_before));
    let window_end = floor_boundary(draft, (cursor + span_after).min(draft.len()));
    let hay = &draft[window_start..window_end];
    let cursor_h = cursor - window_start;
    let needle_start = hay[..cursor_h]
        .char_indices()
        .rev()
        .nth(params.draft_needle.saturating_sub(1))
        .map(|(i, _)| i);
    let mut cands: HashMap<Cow<str>, Cand> = HashMap::new();
    let mut total = 0.0;
    let mut best_order = 0;

    // Corpus: the longest distinct orders.
    let bounds: Vec<usize> = ctx.char_indices().map(|(i, _)| i).collect();
    let mut orders = Vec::new();
    for m in 1..=bounds.len() {
        let pattern = &ctx.as_bytes()[bounds[bounds.len() - m]..];
        let range = index.sa.find(&index.text, pattern);
        if range.is_empty() {
            break;
        }
        orders.push((m, pattern.len(), range));
    }
    let mut last_len = usize::MAX;
    let mut used = 0;
    for (m, pattern_len, range) in orders.iter().rev() {
        if used == params.orders {
            break;
        }
        if range.len() == last_len {
            continue;
        }
        last_len = range.len();
        used += 1;
        best_order = best_order.max(*m);
        let n = range.len();
        let s = n.min(params.sample);
        let w = lambda(*m);
        total += w;
        for k in 0..s {
            let pos = index.sa.offset(&index.text, range.start + k * n / s) + pattern_len;
            walk(
                &index.text,
                pos,
                params.max_continuation,
                |e| index.bounds.get(e),
                |end, chars| {
                    let c = cands
                        .entry(Cow::Borrowed(&index.text[pos..end]))
                        .or_insert(Cand {
                            weight: 0.0,
                            chars,
                            corpus_pos: Some(pos),
                            draft_at: None,
                        });
                    c.weight += w / s as f64 * hold(*m).powi(chars as i32);
                },
            );
        }
    }

    let mut draft_occurrences = Vec::new();
    if let Some(ns) = needle_start {
        let needle = &hay[ns..cursor_h];
        if !needle.contains(['\n', '\r']) {
            for s in memchr::memmem::find_iter(hay.as_bytes(), needle.as_bytes()) {
                let e = s + needle.len();
                if s < cursor_h && e > ns {
                    continue; // the text at the cursor itself
                }
                // How far back the match goes.
                let m = hay[..s]
                    .chars()
                    .rev()
                    .zip(hay[..ns].chars().rev())
                    .take(params.max_context)
                    .take_while(|(a, b)| a == b && !matches!(a, '\n' | '\r'))
                    .count()
                    + params.draft_needle;
                draft_occurrences.push((e, m));
            }
        }
    }
    // The longest matches first, then the nearest.
    draft_occurrences.sort_by_key(|&(e, m)| (std::cmp::Reverse(m), e.abs_diff(cursor_h)));
    draft_occurrences.truncate(params.draft_sample);
    if let Some(max_m) = draft_occurrences.iter().map(|o| o.1).max() {
        let sum: f64 = draft_occurrences.iter().map(|o| lambda(o.1)).sum();
        let w_total = params.draft_weight * lambda(max_m);
        total += w_total;
        best_order = best_order.max(max_m);
        for &(e, m) in &draft_occurrences {
            let raw: String = hay[e..]
                .chars()
                .take_while(|c| !matches!(c, '\n' | '\r'))
                .take(params.max_continuation)
                .collect();
            let folded = fold::fold(&raw);
            let ends = segment::word_ends(&folded);
            let w = w_total * lambda(m) / sum;
            walk(
                &folded,
                0,
                params.max_continuation,
                |end| ends.binary_search(&end).is_ok(),
                |end, chars| {
                    let c = cands
                        .entry(Cow::Owned(folded[..end].to_string()))
                        .or_insert(Cand {
                            weight: 0.0,
                            chars,
                            corpus_pos: None,
                            draft_at: None,
                        });
                    c.weight += w * hold(m).powi(chars as i32);
                    c.draft_at.get_or_insert(e);
                },
            );
        }
    }
    if total == 0.0 {
        return Vec::new();
    }
    let ranked = select(cands, total, max_items);

    let style = if before
        .chars()
        .filter(|&c| crate::text::is_han(c))
        .take(20)
        .count()
        >= 20
    {
        fold::detect_style(before)
    } else {
        fold::detect_style(draft)
    };
    let typed_chars = best_order.min(run_chars);
    let typed_start = before
        .char_indices()
        .rev()
        .nth(typed_chars.wrapping_sub(1))
        .map_or(cursor, |(i, _)| i);
    let typed = &before[typed_start..];
    ranked
        .into_iter()
        .map(|(key, cand, score)| {
            let surface = match (cand.corpus_pos, cand.draft_at) {
                (Some(pos), _) => index.surface(pos..pos + key.len()),
                (None, Some(at)) => Some(hay[at..].chars().take(cand.chars).collect()),
                (None, None) => None,
            };
            let continuation = fold::unfold(&key, surface.as_deref(), style);
            let mut folded_phrase = fold::fold(typed);
            folded_phrase.push_str(&key);
            let (mut count, mut templates, mut first) = index.frequency(&folded_phrase);
            let mut example_len = folded_phrase.len();
            if count == 0 {
                (count, templates, first) = index.frequency(&key);
                example_len = key.len();
            }
            let example = first.map(|p| index.example(p, example_len));
            Suggestion {
                phrase: format!("{typed}{continuation}"),
                continuation,
                typed_len: typed.len(),
                count,
                templates,
                score,
                origin: if cand.corpus_pos.is_some() {
                    Origin::Corpus
                } else {
                    Origin::Draft
                },
                example,
            }
        })
        .collect()
}

/// Picks up to `max_items` candidates greedily by marginal expected
/// keystrokes saved: the writer accepts the longest correct item, so a
/// prefix of an item already picked only adds where that item is wrong, and
/// only the characters it adds beyond the picked prefixes.
fn select(
    cands: HashMap<Cow<'_, str>, Cand>,
    total: f64,
    max_items: usize,
) -> Vec<(Cow<'_, str>, Cand, f64)> {
    let mut pool: Vec<(Cow<str>, Cand, f64)> = cands
        .into_iter()
        .map(|(k, c)| {
            let p = c.weight / total;
            (k, c, p)
        })
        .collect();
    // Best single items first, so the greedy pass looks at few.
    pool.sort_by(|a, b| {
        let ga = a.2 * (a.1.chars - 1) as f64;
        let gb = b.2 * (b.1.chars - 1) as f64;
        gb.total_cmp(&ga)
            .then(b.1.chars.cmp(&a.1.chars))
            .then(a.0.cmp(&b.0))
    });
    pool.truncate(max_items * 3 + 8);
    let mut chosen: Vec<(Cow<str>, Cand, f64)> = Vec::new();
    let mut gains = Vec::new();
    while chosen.len() < max_items {
        let mut best: Option<(usize, f64)> = None;
        for (i, (key, cand, p)) in pool.iter().enumerate() {
            let prefix_chars = chosen
                .iter()
                .filter(|(k, ..)| key.starts_with(k.as_ref()))
                .map(|(_, c, _)| c.chars)
                .max()
                .unwrap_or(1);
            let extensions: f64 = chosen
                .iter()
                .filter(|(k, ..)| k.starts_with(key.as_ref()))
                .filter(|(k, ..)| {
                    // Only the shortest extensions on each branch.
                    !chosen.iter().any(|(j, ..)| {
                        j.len() < k.len()
                            && j.starts_with(key.as_ref())
                            && k.starts_with(j.as_ref())
                    })
                })
                .map(|(.., q)| *q)
                .sum();
            let gain = (p - extensions).max(0.0) * cand.chars.saturating_sub(prefix_chars) as f64;
            if gain > best.map_or(0.0, |b| b.1) {
                best = Some((i, gain));
            }
        }
        let Some((i, gain)) = best else { break };
        chosen.push(pool.swap_remove(i));
        gains.push(gain);
    }
    chosen
        .into_iter()
        .zip(gains)
        .map(|((key, cand, _), gain)| (key, cand, gain))
        .collect()
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
