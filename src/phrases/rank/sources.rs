//! Where candidate continuations come from: the corpus, through the
//! suffix array, and the open draft around the cursor.

use super::super::{fold, segment, OwnDraft, PhraseIndex, DOC_END};
use super::context::Context;
use super::Params;
use crate::text::{is_sentence_end, is_word_char};
use std::borrow::Cow;
use std::collections::HashMap;

/// One candidate continuation (folded text) and the evidence for it.
#[derive(Debug, Clone, Copy)]
pub struct Cand {
    /// Blended weight of the contexts that continue with it.
    pub weight: f64,
    pub chars: usize,
    /// Folded corpus byte offset of a corpus occurrence of the continuation.
    pub corpus_pos: Option<usize>,
    /// Byte offset of a draft occurrence of the continuation (in the window).
    pub draft_at: Option<usize>,
    /// The longest context (in characters) after which it was seen.
    pub order: usize,
    /// Occurrences of that context read, and how many continued with this.
    pub sampled: usize,
    pub hits: usize,
    /// Occurrences of that context in the corpus (or the draft).
    pub occurrences: usize,
    /// The corpus occurrence starts inside a word.
    pub inside_word: bool,
    /// The templates of the occurrences after its longest context, as a
    /// set of document numbers modulo 64.
    pub templates: u64,
}

/// The candidates of one request, keyed by folded continuation.
#[derive(Debug, Default)]
pub struct Pool<'a> {
    pub cands: HashMap<Cow<'a, str>, Cand>,
    /// Sum of the weights of the contexts used.
    pub total: f64,
    /// The longest context matched, in characters.
    pub best_order: usize,
}

/// What one context (an order) says: its length, its occurrences and weight.
#[derive(Debug, Clone, Copy)]
struct Order {
    chars: usize,
    occurrences: usize,
    sampled: usize,
    weight: f64,
}

impl<'a> Pool<'a> {
    fn add(&mut self, key: Cow<'a, str>, chars: usize, weight: f64, order: Order) -> &mut Cand {
        let c = self.cands.entry(key).or_insert(Cand {
            weight: 0.0,
            chars,
            corpus_pos: None,
            draft_at: None,
            order: 0,
            sampled: 0,
            hits: 0,
            occurrences: 0,
            inside_word: false,
            templates: 0,
        });
        c.weight += weight;
        if order.chars > c.order {
            *c = Cand {
                order: order.chars,
                sampled: order.sampled,
                hits: 0,
                occurrences: order.occurrences,
                templates: 0,
                ..*c
            };
        }
        if order.chars == c.order {
            c.hits += 1;
        }
        c
    }
}

/// Walks the continuation starting at byte `start` of `text`, calling
/// `found(end, chars)` at every place a suggestion may end: after a word
/// (`is_bound`) or punctuation, at most `max_chars` characters, never past
/// a sentence end or a line.
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

/// The belief that a continuation found after a context of `m` characters
/// holds for one more character.
fn hold(params: &Params, m: usize) -> f64 {
    (1.0 - params.fade / (m as f64 + 1.0)).max(0.0)
}

fn order_weight(params: &Params, m: usize) -> f64 {
    (m as f64).powf(params.order_weight)
}

/// Adds the continuations of the longest distinct contexts that occur in
/// the corpus, outside the draft's own indexed copy `own`, and start at a
/// word of the draft.
pub fn corpus<'a>(
    index: &'a PhraseIndex,
    ctx: &Context,
    params: &Params,
    own: OwnDraft,
    pool: &mut Pool<'a>,
) {
    let text = &ctx.text;
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let mut orders = Vec::new();
    for m in 1..=bounds.len() {
        let pattern = &text.as_bytes()[bounds[bounds.len() - m]..];
        let range = index.sa.find(&index.text, pattern);
        if !index.occurs_outside(range.clone(), own) {
            break;
        }
        if ctx.starts_word(m) {
            orders.push((m, pattern.len(), range));
        }
    }
    let mut last_len = usize::MAX;
    let mut used = 0;
    for (m, pattern_len, range) in orders.into_iter().rev() {
        if used == params.orders {
            break;
        }
        if range.len() == last_len {
            continue; // the same occurrences as a longer context
        }
        // A context of one or two characters says little: it is used only
        // when nothing longer matched, or it holds the writer's clause start.
        if m <= params.short_context && pool.best_order > params.short_context {
            break;
        }
        last_len = range.len();
        used += 1;
        pool.best_order = pool.best_order.max(m);
        let n = range.len();
        let s = n.min(params.sample);
        let w = order_weight(params, m) * n as f64 / (n as f64 + params.escape);
        pool.total += w;
        let order = Order {
            chars: m,
            occurrences: n,
            sampled: s,
            weight: w,
        };
        let hold = hold(params, m);
        for k in 0..s {
            let pos = index.sa.offset(&index.text, range.start + k * n / s) + pattern_len;
            if index.in_own(pos, own) {
                continue;
            }
            let template = 1u64 << (index.document_of(pos) % 64);
            walk(
                &index.text,
                pos,
                params.max_continuation,
                |e| index.bounds.get(e),
                |end, chars| {
                    let weight = order.weight / s as f64 * hold.powi(chars as i32);
                    let key = Cow::Borrowed(&index.text[pos..end]);
                    let cand = pool.add(key, chars, weight, order);
                    if cand.order == order.chars {
                        cand.templates |= template;
                    }
                    if cand.corpus_pos.is_none() {
                        cand.corpus_pos = Some(pos);
                        cand.inside_word = !index.bounds.get(pos);
                    }
                },
            );
        }
    }
}

/// Where completion looks for the phrases the writer already used: the
/// draft around the cursor, and the other open documents as if on the lines
/// after it (offsets past the window and one line break are theirs). Kept
/// apart, not joined: joining copied up to 1 MB at every request.
pub struct Hay<'a> {
    pub window: &'a str,
    pub others: &'a str,
}

impl<'a> Hay<'a> {
    /// Each part with the offset of its start.
    fn parts(&self) -> impl Iterator<Item = (&'a str, usize)> {
        let others = (!self.others.is_empty()).then_some((self.others, self.window.len() + 1));
        std::iter::once((self.window, 0)).chain(others)
    }

    /// The text from offset `at` to the end of its part.
    pub fn from(&self, at: usize) -> &'a str {
        match at.checked_sub(self.window.len() + 1) {
            Some(at) => &self.others[at..],
            None => &self.window[at..],
        }
    }

    /// Whether offset `at` lies in the other documents.
    pub fn in_others(&self, at: usize) -> bool {
        at > self.window.len()
    }
}

/// Adds the phrases the writer already used in `hay` (the draft around the
/// cursor, which is at byte `cursor` of its window) after the same context. The
/// draft is consistent with itself in script and punctuation, so it is
/// searched as written; only the continuations found are folded.
pub fn draft(hay: &Hay, cursor: usize, ctx: &Context, params: &Params, pool: &mut Pool<'_>) {
    let Some(needle_start) = hay.window[..cursor]
        .char_indices()
        .rev()
        .nth(params.draft_needle.saturating_sub(1))
        .map(|(i, _)| i)
    else {
        return;
    };
    let needle = &hay.window[needle_start..cursor];
    if needle.contains(['\n', '\r']) {
        return;
    }
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let mut occurrences = Vec::new();
    for (part, offset) in hay.parts() {
        for s in finder.find_iter(part.as_bytes()) {
            let e = s + needle.len();
            if offset == 0 && s < cursor && e > needle_start {
                continue; // the text at the cursor itself
            }
            // How far back the match goes, cut back to where a draft word starts.
            let matched = part[..s]
                .chars()
                .rev()
                .zip(hay.window[..needle_start].chars().rev())
                .take(params.max_context)
                .take_while(|(a, b)| a == b && !matches!(a, '\n' | '\r'))
                .count()
                + params.draft_needle;
            let Some(m) = (params.draft_needle..=matched)
                .rev()
                .find(|&m| m > ctx.chars() || ctx.starts_word(m))
            else {
                continue;
            };
            occurrences.push((offset + e, m));
        }
    }
    // The longest matches first, then the nearest.
    occurrences.sort_by_key(|&(e, m)| (std::cmp::Reverse(m), e.abs_diff(cursor)));
    occurrences.truncate(params.draft_sample);
    let Some(max_m) = occurrences.iter().map(|o| o.1).max() else {
        return;
    };
    let sum: f64 = occurrences.iter().map(|o| order_weight(params, o.1)).sum();
    let w_total = params.draft_weight * order_weight(params, max_m);
    pool.total += w_total;
    pool.best_order = pool.best_order.max(max_m);
    for &(e, m) in &occurrences {
        let raw: String = hay
            .from(e)
            .chars()
            .take_while(|c| !matches!(c, '\n' | '\r'))
            .take(params.max_continuation)
            .collect();
        let folded = fold::fold(&raw);
        let ends = segment::word_ends(&folded);
        let order = Order {
            chars: m,
            occurrences: occurrences.iter().filter(|o| o.1 == m).count(),
            sampled: occurrences.iter().filter(|o| o.1 == m).count(),
            weight: w_total * order_weight(params, m) / sum,
        };
        let hold = hold(params, m);
        walk(
            &folded,
            0,
            params.max_continuation,
            |end| ends.binary_search(&end).is_ok(),
            |end, chars| {
                let weight = order.weight * hold.powi(chars as i32);
                let key = Cow::Owned(folded[..end].to_string());
                pool.add(key, chars, weight, order)
                    .draft_at
                    .get_or_insert(e);
            },
        );
    }
}
