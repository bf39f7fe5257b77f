//! Where a stretch of the draft comes from: the longest stretch around a
//! position that occurs in the corpus, how often and in how many templates,
//! and a few of its occurrences with their file and line.
//!
//! Nothing is kept for this beyond what completion keeps already: the
//! suffix array finds the stretch and its occurrences, and each corpus
//! line's document, number and original text give the examples.

use super::{fold, Example, OwnDraft, PhraseIndex};
use std::ops::Range;

/// The shortest stretch worth showing, in characters.
pub const MIN_PROVENANCE_CHARS: usize = 4;

/// How far from the position a stretch may reach, in characters each way.
const WINDOW: usize = 200;

/// At most this many occurrences are looked at to count templates and pick
/// examples (a four-character stretch may occur tens of thousands of times).
const MAX_SCANNED: usize = 20_000;

/// Most examples shown.
const MAX_EXAMPLES: usize = 3;

/// A stretch of the draft found in the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// The stretch, bytes of the text given.
    pub range: Range<usize>,
    /// Its occurrences in the corpus.
    pub count: usize,
    /// In how many templates it occurs (of the occurrences looked at).
    pub templates: usize,
    /// Whether more occurrences were there than were looked at, so that
    /// `templates` is a lower bound.
    pub templates_at_least: bool,
    /// Up to three occurrences, from different templates, the user's own
    /// templates first.
    pub examples: Vec<Example>,
}

impl PhraseIndex {
    /// The longest stretch of `line` (a byte range of `text` holding no line
    /// break) that covers the character at byte `at` and occurs in the corpus,
    /// if it is at least [`MIN_PROVENANCE_CHARS`] long. Occurrences in `own`
    /// (the indexed copy of the draft asked about) do not count.
    pub fn provenance(
        &self,
        text: &str,
        line: Range<usize>,
        at: usize,
        own: OwnDraft,
    ) -> Option<Provenance> {
        let source = &text[line.clone()];
        let folded = fold::fold(source);
        // Byte offsets of each char, in the source and in the folded line
        // (folding keeps the chars, not always their lengths).
        let starts = |s: &str| -> Vec<usize> {
            s.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(s.len()))
                .collect()
        };
        let (src, fold_at) = (starts(source), starts(&folded));
        let n = src.len() - 1;
        if n == 0 || fold_at.len() != src.len() {
            return None;
        }
        let k = src
            .partition_point(|&b| line.start + b <= at)
            .saturating_sub(1)
            .min(n - 1);
        let occurs = |a: usize, b: usize| -> bool {
            let range = self
                .sa
                .find(&self.text, &folded.as_bytes()[fold_at[a]..fold_at[b]]);
            self.occurs_outside(range, own)
        };
        let mut end = k + 1;
        if !occurs(k, end) {
            return None;
        }
        while end < n.min(k + WINDOW) && occurs(k, end + 1) {
            end += 1;
        }
        let mut best = (k, end);
        // A stretch that starts earlier ends no later: [s, e) in the corpus
        // means [s + 1, e) is too.
        for start in (k.saturating_sub(WINDOW)..k).rev() {
            while end > k && !occurs(start, end) {
                end -= 1;
            }
            if end == k {
                break;
            }
            if end - start > best.1 - best.0 {
                best = (start, end);
            }
        }
        // Punctuation at either end only narrows the count (长廊。 is rarer
        // than 长廊): the stretch is its words.
        let (mut a, mut b) = best;
        let word = |i: usize| folded[fold_at[i]..].starts_with(crate::text::is_word_char);
        while a < b && !word(a) {
            a += 1;
        }
        while b > a && !word(b - 1) {
            b -= 1;
        }
        if b - a < MIN_PROVENANCE_CHARS {
            return None;
        }
        let stretch = &folded[fold_at[a]..fold_at[b]];
        let mut found = self.occurrences(stretch, own);
        found.range = line.start + src[a]..line.start + src[b];
        Some(found)
    }

    /// How often folded `stretch` occurs, in how many templates, and a few
    /// examples of it, leaving out those in `own`.
    fn occurrences(&self, stretch: &str, own: OwnDraft) -> Provenance {
        let sorted = self.sa.find(&self.text, stretch.as_bytes());
        let scanned = sorted.start..sorted.end.min(sorted.start + MAX_SCANNED);
        // The first occurrence in each template.
        let mut first_in: Vec<(u32, usize)> = self
            .sa
            .offsets(&self.text, scanned.clone())
            .map(|p| (self.line_at(p).doc, p))
            .collect();
        let in_own = first_in.iter().filter(|(doc, _)| own.is(*doc)).count();
        first_in.retain(|(doc, _)| !own.is(*doc));
        first_in.sort_unstable();
        first_in.dedup_by_key(|(doc, _)| *doc);
        let templates = first_in.len();
        // The user's own templates first, then in corpus order.
        first_in.sort_by_key(|&(doc, _)| (self.docs[doc as usize].file.is_none(), doc));
        let examples = first_in
            .iter()
            .take(MAX_EXAMPLES)
            .map(|&(_, p)| self.example(p, stretch.len()))
            .collect();
        Provenance {
            range: 0..0,
            count: sorted.len() - in_own,
            templates,
            templates_at_least: scanned.len() < sorted.len(),
            examples,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, Document};

    fn index(docs: &[(&str, &str)]) -> PhraseIndex {
        let documents = docs
            .iter()
            .map(|(name, text)| Document::parse(*name, text))
            .collect();
        PhraseIndex::build(&Corpus { documents })
    }

    #[test]
    fn the_longest_stretch_around_the_position() {
        let index = index(&[
            ("a.txt", "我们要全心全意依靠工人阶级。\n其他内容在这里。\n"),
            ("b.txt", "必须全心全意依靠群众。\n"),
        ]);
        let text = "前面𠀀文字全心全意依靠工人阶级，后面";
        let line = 0..text.len();
        let at = text.find("依靠").unwrap();
        let found = index
            .provenance(text, line.clone(), at, OwnDraft::NONE)
            .unwrap();
        assert_eq!(&text[found.range.clone()], "全心全意依靠工人阶级");
        assert_eq!((found.count, found.templates), (1, 1));
        let example = &found.examples[0];
        assert_eq!(example.sentence, "我们要全心全意依靠工人阶级。");
        assert_eq!(
            &example.sentence[example.phrase.clone()],
            "全心全意依靠工人阶级"
        );
        assert_eq!((example.source.as_str(), example.line), ("a.txt", 1));
        // Nothing of four characters around 后面.
        assert_eq!(
            index.provenance(text, line, text.find("后面").unwrap(), OwnDraft::NONE),
            None
        );
    }

    #[test]
    fn traditional_script_and_counts_over_templates() {
        let index = index(&[
            ("a.txt", "全心全意为人民服务。\n"),
            ("b.txt", "全心全意为人民服务。全心全意\n"),
        ]);
        let text = "全心全意為人民服務";
        let found = index
            .provenance(text, 0..text.len(), 0, OwnDraft::NONE)
            .unwrap();
        assert_eq!(found.range, 0..text.len());
        assert_eq!((found.count, found.templates), (2, 2));
        assert_eq!(found.examples.len(), 2);
    }

    #[test]
    fn the_drafts_own_indexed_copy_is_no_source() {
        let mut draft = Document::parse("draft.md", "各级工会要把讲政治贯穿工作全过程。\n");
        draft.draft = true;
        draft.file = Some("/ws/draft.md".into());
        let mut other = Document::parse("old.md", "把讲政治贯穿始终。\n");
        other.draft = true;
        other.file = Some("/ws/old.md".into());
        let index = PhraseIndex::build(&Corpus {
            documents: vec![draft, other],
        });
        let text = "各级工会要把讲政治贯穿工作全过程";
        let at = text.find("讲政治").unwrap();
        let own = index.own_draft([std::path::Path::new("/ws/draft.md")]);
        assert_ne!(own, OwnDraft::NONE);
        // Without the draft's copy, only the other draft's stretch is left.
        let found = index.provenance(text, 0..text.len(), at, own).unwrap();
        assert_eq!(&text[found.range.clone()], "把讲政治贯穿");
        assert_eq!((found.count, found.templates), (1, 1));
        assert_eq!(found.examples[0].source, "old.md");
        // Unnamed, the copy is the longest match.
        let all = index
            .provenance(text, 0..text.len(), at, OwnDraft::NONE)
            .unwrap();
        assert_eq!(all.range, 0..text.len());
        // A stretch only the draft's copy holds is no provenance at all.
        let only = text.find("各级").unwrap();
        assert_eq!(index.provenance(text, 0..text.len(), only, own), None);
    }
}
