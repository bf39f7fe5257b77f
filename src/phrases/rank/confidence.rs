//! How likely the writer is to accept a suggestion: a logistic model over
//! the evidence for it, fitted on leave-one-document-out typing
//! (`cargo bench --bench ksr -- --calibrate`, see the README).

/// The evidence for one suggestion, as the model reads it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Evidence {
    /// Blended probability of the continuation among all candidates.
    pub probability: f64,
    /// Characters of the longest context it was seen after.
    pub order: usize,
    /// Characters of the longest context matched at all.
    pub best_order: usize,
    /// Occurrences of its longest context, and the share of those read that
    /// continue with it.
    pub occurrences: usize,
    pub share: f64,
    /// Characters it adds.
    pub chars: usize,
    /// The cursor is at a clause start (after ，、：；。 or a line start).
    pub clause_start: bool,
    /// Found only in the open draft.
    pub draft_only: bool,
    /// It starts inside a corpus word: it finishes the word being typed.
    pub inside_word: bool,
    /// Occurrences read after its longest context that continue with it.
    pub hits: usize,
    /// Its longest context reaches back to the start of the clause.
    pub whole_clause: bool,
    /// In how many templates it follows that context: a standard phrase
    /// recurs across templates, one writer's wording does not.
    pub templates: usize,
}

/// Number of model inputs (a constant term included).
pub const FEATURES: usize = 16;

impl Evidence {
    /// The model's inputs.
    pub fn features(&self) -> [f64; FEATURES] {
        let ln1 = |x: f64| (1.0 + x).ln();
        [
            1.0,
            self.probability.max(1e-6).ln(),
            ln1(self.order as f64),
            ln1(self.best_order.saturating_sub(self.order) as f64),
            ln1(self.occurrences as f64),
            self.share,
            ln1(self.chars as f64),
            f64::from(u8::from(self.clause_start)),
            f64::from(u8::from(self.draft_only)),
            f64::from(u8::from(self.inside_word)),
            ln1(self.hits as f64),
            f64::from(u8::from(self.whole_clause)),
            // Agreement counts for more where the context is common.
            self.share * ln1(self.occurrences as f64),
            self.share * f64::from(u8::from(self.inside_word)),
            self.share * ln1(self.order as f64),
            ln1(self.templates as f64),
        ]
    }

    /// Estimated probability that the writer accepts the suggestion.
    pub fn confidence(&self) -> f64 {
        let z: f64 = self
            .features()
            .iter()
            .zip(WEIGHTS)
            .map(|(x, w)| x * w)
            .sum();
        1.0 / (1.0 + (-z).exp())
    }
}

/// The fitted weights, in the order of [`Evidence::features`].
const WEIGHTS: [f64; FEATURES] = [
    -0.5996, 0.2177, -0.7384, -0.1227, -0.3472, 0.7621, -1.3582, -0.8752, 0.3716, 0.7125, 1.1783,
    0.0344, 0.2273, 0.1387, -0.2532, 0.0152,
];
