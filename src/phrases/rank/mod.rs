//! Candidate continuations, their confidence and the list offered.
//!
//! For the text before the cursor we take its [`context::Context`]: the
//! current line after the end of the previous one, folded. Every suffix of
//! it that occurs in the corpus and starts where a word of the draft starts
//! is an *order* (its length in characters). The longest orders that differ
//! in what they match are blended, PPM style ([`sources`]): an order of
//! length m weighs m^[`Params::order_weight`], so the longest matching
//! context dominates; one- and two-character contexts count only when
//! nothing longer matched. Each order spreads its weight over what follows
//! its occurrences, read up to the end of the sentence and cut at every
//! word boundary (and after punctuation). The open draft is one more
//! source, weighed by [`Params::draft_weight`].
//!
//! Each candidate's evidence gives its [`confidence`]: the probability that
//! the writer accepts it. Candidates below [`Params::item_floor`] are
//! dropped; the rest are chosen by expected keystrokes saved ([`select`]),
//! a continuation of n characters saving n − 1 keystrokes when accepted.
//! The list is offered when it is likely as a whole to hold the writer's
//! continuation ([`Params::min_confidence`], see `choose`), else the list
//! of the candidates that clear that threshold alone.

mod confidence;
mod context;
mod select;
mod sources;

use super::fold;
use super::{Drafts, Origin, PhraseIndex, Suggestion};
pub use confidence::{Evidence, FEATURES};
use context::Context;
use select::Scored;

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
    /// An order of m characters seen n times weighs
    /// m^order_weight × n / (n + escape): a long context seen once says
    /// less than a shorter one seen often.
    pub order_weight: f64,
    pub escape: f64,
    /// Contexts this short (in characters) are used only when no longer
    /// one matched, and what they suggest is offered only where the corpus
    /// agrees on it: at least `short_min_hits` of the occurrences read,
    /// and at least `short_min_share` of them.
    pub short_context: usize,
    pub short_min_hits: usize,
    pub short_min_share: f64,
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
    /// A list is offered when it is at least this likely to hold the
    /// writer's continuation (see [`list_confidence`]), or when one of its
    /// items is this likely alone.
    pub min_confidence: f64,
    /// Items less likely than this to be accepted are never offered.
    pub item_floor: f64,
}

/// The default of [`Params::min_confidence`] (the `completion.minConfidence`
/// setting), chosen with the KSR benchmark (see the README).
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.2;

/// The default of the `completion.inline.minConfidence` setting: ghost text
/// is shown only for a suggestion this likely to be accepted.
pub const DEFAULT_INLINE_MIN_CONFIDENCE: f64 = 0.8;

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
            escape: 1.0,
            short_context: 2,
            short_min_hits: 3,
            short_min_share: 0.2,
            sample: 64,
            draft_weight: 1.0,
            draft_window: 64 * 1024,
            draft_needle: 3,
            draft_sample: 16,
            fade: 1.8,
            min_confidence: DEFAULT_MIN_CONFIDENCE,
            item_floor: 0.02,
        }
    }
}

pub fn complete(
    index: &PhraseIndex,
    draft: &str,
    cursor: usize,
    drafts: Drafts<'_>,
    max_items: usize,
    params: &Params,
) -> Vec<Suggestion> {
    let cursor = floor_boundary(draft, cursor.min(draft.len()));
    if max_items == 0 {
        return Vec::new();
    }
    let before = &draft[..cursor];
    let ctx = Context::of(before, params.max_context);

    let (span_before, span_after) = params.draft_span();
    let window_start = floor_boundary(draft, cursor.saturating_sub(span_before));
    let window_end = floor_boundary(draft, (cursor + span_after).min(draft.len()));
    let window = &draft[window_start..window_end];
    // The other open documents follow the window, on lines of their own:
    // searched the same way, and told apart by where a phrase was found.
    let hay = sources::Hay {
        window,
        others: drafts.others,
    };

    let mut pool = sources::Pool::default();
    sources::corpus(index, &ctx, params, drafts.own, &mut pool);
    sources::draft(&hay, cursor - window_start, &ctx, params, &mut pool);
    if pool.total == 0.0 {
        return Vec::new();
    }
    // What already follows the cursor is never offered: accepting it would
    // write it twice (a line written twice in the draft, or another draft's
    // copy of it, holds it after the same context).
    let following = fold::fold(
        &draft[cursor..]
            .chars()
            .take_while(|c| !matches!(c, '\n' | '\r'))
            .take(params.max_continuation)
            .collect::<String>(),
    );
    let clause_start = ctx.at_clause_start();
    let clause_chars = ctx.clause_chars();
    let (total, best_order) = (pool.total, pool.best_order);
    let list = ListShape::of(&pool, total);
    let run_chars = ctx.run_chars;
    let scored: Vec<Scored> = pool
        .cands
        .into_iter()
        .map(|(key, cand)| {
            let evidence = Evidence {
                probability: cand.weight / total,
                order: cand.order,
                best_order,
                occurrences: cand.occurrences,
                share: cand.hits as f64 / cand.sampled.max(1) as f64,
                chars: cand.chars,
                clause_start,
                draft_only: cand.corpus_pos.is_none(),
                inside_word: cand.inside_word,
                hits: cand.hits,
                whole_clause: cand.order > clause_chars,
                templates: cand.templates.count_ones() as usize,
                best_probability: list.best,
                second_probability: list.second,
                candidates: list.candidates,
                entropy: list.entropy,
                run_chars,
            };
            Scored {
                key,
                cand,
                confidence: evidence.confidence(),
                evidence,
            }
        })
        .filter(|s| {
            s.confidence >= params.item_floor.min(params.min_confidence)
                && !weak_short_context(&s.evidence, params)
                && !following.starts_with(&*s.key)
        })
        .collect();
    let ranked = choose(scored, max_items, params);

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
    let typed_chars = best_order.min(ctx.run_chars);
    let typed_start = before
        .char_indices()
        .rev()
        .nth(typed_chars.wrapping_sub(1))
        .map_or(cursor, |(i, _)| i);
    let typed = &before[typed_start..];
    ranked
        .into_iter()
        .map(|(s, gain)| {
            let cand = s.cand;
            let key = s.key;
            let surface = match (cand.corpus_pos, cand.draft_at) {
                (Some(pos), _) => index.surface(pos..pos + key.len()),
                (None, Some(at)) => Some(hay.from(at).chars().take(cand.chars).collect()),
                (None, None) => None,
            };
            let continuation = fold::unfold(&key, surface.as_deref(), style);
            let mut folded_phrase = fold::fold(typed);
            folded_phrase.push_str(&key);
            let (mut count, mut templates, mut first) = index.frequency(&folded_phrase);
            let mut counted: &str = &folded_phrase;
            if count == 0 {
                (count, templates, first) = index.frequency(&key);
                counted = &key;
            }
            let example = first.map(|p| index.example(p, counted.len()));
            let origin = match (cand.corpus_pos, cand.draft_at) {
                (Some(_), _) if index.only_in_drafts(counted) => Origin::Drafts,
                (Some(_), _) => Origin::Corpus,
                (None, Some(at)) if hay.in_others(at) => Origin::Drafts,
                (None, _) => Origin::Draft,
            };
            Suggestion {
                phrase: format!("{typed}{continuation}"),
                continuation,
                typed_len: typed.len(),
                count,
                templates,
                score: gain,
                confidence: s.confidence,
                evidence: s.evidence,
                origin,
                example,
            }
        })
        .collect()
}

/// The list offered: the best list of candidates (each at least
/// [`Params::item_floor`] likely) when it is at least as likely
/// likely as a whole to hold the writer's continuation, else the best list
/// of the candidates that clear [`Params::min_confidence`] alone (with one item, the
/// same as asking each item to clear it). Never an item below the floor.
fn choose<'a>(
    scored: Vec<Scored<'a>>,
    max_items: usize,
    params: &Params,
) -> Vec<(Scored<'a>, f64)> {
    if params.min_confidence <= params.item_floor {
        return select::select(scored, max_items);
    }
    let confident: Vec<Scored> = scored
        .iter()
        .filter(|s| s.confidence >= params.min_confidence)
        .cloned()
        .collect();
    let broad = select::select(scored, max_items);
    if list_confidence(&broad) >= params.min_confidence {
        return broad;
    }
    select::select(confident, max_items)
}

/// The probability that a list holds the writer's continuation. Two items
/// of which neither extends the other cannot both be right, and an item is
/// right whenever an item that extends it is: the sum of the confidences of
/// the items that extend no other item.
fn list_confidence(list: &[(Scored<'_>, f64)]) -> f64 {
    list.iter()
        .filter(|(a, _)| {
            !list
                .iter()
                .any(|(b, _)| b.key.len() < a.key.len() && a.key.starts_with(&*b.key))
        })
        .map(|(a, _)| a.confidence)
        .sum()
}

/// What the candidates of one request look like together.
struct ListShape {
    best: f64,
    second: f64,
    candidates: usize,
    entropy: f64,
}

impl ListShape {
    fn of(pool: &sources::Pool<'_>, total: f64) -> ListShape {
        // Sorted, so that the sums do not depend on the map's order.
        let mut ps: Vec<f64> = pool.cands.values().map(|c| c.weight / total).collect();
        ps.sort_unstable_by(|a, b| b.total_cmp(a));
        let best = ps.first().copied().unwrap_or(0.0);
        let second = ps.get(1).copied().unwrap_or(0.0);
        let sum: f64 = ps.iter().sum();
        let entropy = ps
            .iter()
            .map(|p| p / sum.max(1e-12))
            .filter(|&q| q > 0.0)
            .map(|q| -q * q.ln())
            .sum();
        ListShape {
            best,
            second,
            candidates: ps.len(),
            entropy,
        }
    }
}

/// Continuations seen after a context of one or two characters only are
/// offered where the corpus agrees on them ([`Params::short_min_hits`],
/// [`Params::short_min_share`]). Otherwise a single 审 would offer every
/// word that follows 审 anywhere.
fn weak_short_context(e: &Evidence, params: &Params) -> bool {
    e.order <= params.short_context
        && !e.draft_only
        && (e.hits < params.short_min_hits || e.share < params.short_min_share)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
