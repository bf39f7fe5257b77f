//! Choosing the list: the candidates that save the most keystrokes
//! together, with no two that offer the writer the same choice.

use super::confidence::Evidence;
use super::sources::Cand;
use std::borrow::Cow;

/// A candidate continuation with its acceptance probability and what that
/// was estimated from.
#[derive(Clone)]
pub struct Scored<'a> {
    pub key: Cow<'a, str>,
    pub cand: Cand,
    pub confidence: f64,
    pub evidence: Evidence,
}

/// Punctuation a continuation may end with.
fn trim_punctuation(s: &str) -> &str {
    s.trim_end_matches(|c: char| !crate::text::is_word_char(c))
}

/// Picks up to `max_items` candidates greedily by marginal expected
/// keystrokes saved: the writer accepts the longest correct item, so a
/// prefix of an item already picked only adds where that item is wrong, and
/// only the characters it adds beyond the picked prefixes. Two items never
/// differ only by trailing punctuation, and a prefix of an item picked
/// earlier (ranked above it) is never picked. Returns each pick's gain.
pub fn select(pool: Vec<Scored<'_>>, max_items: usize) -> Vec<(Scored<'_>, f64)> {
    let mut pool = pool;
    let gain_alone = |s: &Scored| s.confidence * (s.cand.chars - 1) as f64;
    // Best single items first, so the greedy pass looks at few.
    pool.sort_by(|a, b| {
        gain_alone(b)
            .total_cmp(&gain_alone(a))
            .then(b.cand.chars.cmp(&a.cand.chars))
            .then(a.key.cmp(&b.key))
    });
    pool.truncate(max_items * 3 + 8);
    let mut chosen: Vec<(Scored, f64)> = Vec::new();
    while chosen.len() < max_items {
        let mut best: Option<(usize, f64)> = None;
        for (i, s) in pool.iter().enumerate() {
            let key = s.key.as_ref();
            let same_choice = chosen.iter().any(|(c, _)| {
                c.key.starts_with(key) || trim_punctuation(&c.key) == trim_punctuation(key)
            });
            if same_choice {
                continue;
            }
            let prefix_chars = chosen
                .iter()
                .filter(|(c, _)| key.starts_with(c.key.as_ref()))
                .map(|(c, _)| c.cand.chars)
                .max()
                .unwrap_or(1);
            let gain = s.confidence * s.cand.chars.saturating_sub(prefix_chars) as f64;
            if gain > best.map_or(0.0, |b| b.1) {
                best = Some((i, gain));
            }
        }
        let Some((i, gain)) = best else { break };
        chosen.push((pool.swap_remove(i), gain));
    }
    chosen
}
