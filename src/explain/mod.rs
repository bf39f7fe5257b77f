//! What a hover says about a place in a draft: a placeholder and what to
//! fill in, a section heading's length and speaking time, or where the
//! stretch of text there comes from in the templates.
//!
//! Pure core: an [`Analysis`], a byte offset and the phrase index in; an
//! [`Explanation`] out, rendered as Markdown or plain text ([`render`]).

pub mod render;

use crate::analysis::{Analysis, Checks};
use crate::outline::Section;
use crate::phrases::{OwnDraft, PhraseIndex, Provenance};
use crate::placeholder::Kind;
use crate::speech;
use std::ops::Range;
use std::sync::Arc;

/// What is said about one place of the draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The stretch of the draft it is about (bytes).
    pub range: Range<usize>,
    pub about: About,
}

#[derive(Debug, Clone, PartialEq)]
pub enum About {
    /// An unfilled placeholder: the finding's message and what to fill in.
    Placeholder { message: String, fill: &'static str },
    /// A section heading, and the corpus stretch on it if there is one.
    Heading {
        name: String,
        /// Length in characters (spaces not counted), as the outline says.
        chars: usize,
        /// Spoken characters (punctuation and its number not counted).
        spoken: usize,
        /// Spoken characters a minute.
        rate: f64,
        /// The corpus stretch on the heading, with the draft's text of it.
        phrase: Option<(String, Provenance)>,
    },
    /// A stretch found in the corpus, with the draft's text of it.
    Phrase { text: String, found: Provenance },
}

/// The explanation of byte `at` of the analysed draft: a placeholder
/// `checks` report there first, else a section heading there, else the
/// longest stretch around it found in `index`. `chars_per_minute` is the
/// setting (the draft's own rate wins). `own`: the draft's copy in the
/// index, never cited as a source of itself.
pub fn explain(
    analysis: &Analysis,
    checks: &Arc<Checks>,
    index: Option<(&PhraseIndex, OwnDraft)>,
    at: usize,
    chars_per_minute: f64,
) -> Option<Explanation> {
    let text = analysis.text();
    let placeholder = analysis
        .findings_in(checks, &(at..at))
        .into_iter()
        .find_map(|f| Some((Kind::from_code(f.code)?, f)).filter(|(_, f)| f.range.contains(&at)));
    if let Some((kind, finding)) = placeholder {
        return Some(Explanation {
            range: finding.range,
            about: About::Placeholder {
                message: finding.message,
                fill: kind.what_to_fill(),
            },
        });
    }
    let lines = analysis.lines();
    let line_no = lines
        .partition_point(|l| l.end < at)
        .min(lines.len().saturating_sub(1));
    let line = lines.get(line_no)?.clone();
    let phrase = index
        .and_then(|(index, own)| index.provenance(text, line, at, own))
        .map(|found| (text[found.range.clone()].to_string(), found));
    if let Some(section) = heading_at(analysis, at) {
        let speech = analysis.speech();
        return Some(Explanation {
            range: section.heading.selection.clone(),
            about: About::Heading {
                name: section.heading.name.clone(),
                chars: section.chars,
                spoken: speech.section(section),
                rate: speech.rate(chars_per_minute),
                phrase,
            },
        });
    }
    let (text, found) = phrase?;
    Some(Explanation {
        range: found.range.clone(),
        about: About::Phrase { text, found },
    })
}

/// The section (not an enumeration) whose heading holds byte `at`.
fn heading_at(analysis: &Analysis, at: usize) -> Option<&Section> {
    analysis
        .outline()
        .walk()
        .into_iter()
        .map(|(_, s)| s)
        .filter(|s| !s.heading.is_enumeration())
        .find(|s| {
            let start = s
                .heading
                .marker
                .as_ref()
                .map_or(s.heading.selection.start, |m| {
                    m.span.start.min(s.heading.selection.start)
                });
            (start..s.heading.selection.end).contains(&at)
        })
}

/// Minutes of a heading's section, for [`render`].
fn minutes(spoken: usize, rate: f64) -> String {
    speech::wording::minutes_text(speech::minutes(spoken, rate))
}
