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
    /// What the whole list looks like: the blended probability of the most
    /// and second most probable candidates, how many candidates there are
    /// and how spread their weight is (entropy, in nats). Templates that
    /// agree on one continuation make every item of the list likelier to
    /// be right or wrong together.
    pub best_probability: f64,
    pub second_probability: f64,
    pub candidates: usize,
    pub entropy: f64,
    /// Characters of the word run being typed (0 at a clause start).
    pub run_chars: usize,
}

/// Number of model inputs (a constant term included).
pub const FEATURES: usize = 24;

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
            // The list as a whole.
            (self.probability / self.best_probability.max(1e-6))
                .max(1e-6)
                .ln(),
            self.best_probability.max(1e-6).ln(),
            (self.best_probability.max(1e-6) / self.second_probability.max(1e-6))
                .ln()
                .min(10.0),
            ln1(self.candidates as f64),
            self.entropy,
            ln1(self.run_chars as f64),
            f64::from(u8::from(self.probability >= self.best_probability)),
            f64::from(u8::from(self.chars <= 2)),
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
    -3.5236, 0.4487, 1.2724, -0.0456, -0.0979, 1.0873, -1.2242, -0.7488, 0.2558, 0.4144, 0.8295,
    0.198, 0.3457, 0.1985, -0.6351, 0.3531, -0.2821, -0.4363, -0.032, 0.1826, -0.7196, -0.0308,
    0.3441, -0.1249,
];
