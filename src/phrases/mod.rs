//! Phrase completion mined from the corpus (issue #5 fills this in).

use crate::corpus::Corpus;

/// Standard phrases of the corpus, indexed for completion.
#[derive(Debug, Default)]
pub struct PhraseIndex {}

/// One ranked completion: the phrase and what it adds after the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Text to insert after the cursor.
    pub continuation: String,
}

impl PhraseIndex {
    pub fn build(_corpus: &Corpus) -> Self {
        PhraseIndex {}
    }

    /// Suggestions continuing `before_cursor` (the document text up to the cursor).
    pub fn complete(&self, _before_cursor: &str, _max_items: usize) -> Vec<Suggestion> {
        Vec::new()
    }
}
