//! How long a draft takes to deliver: the characters a speaker says, line by
//! line, and the minutes they take at a rate of so many characters a minute.
//!
//! Pure core: plain `&str` in, byte ranges and counts out.
//!
//! - [`count`]: the spoken characters of each line — letters, digits and Han
//!   characters; not punctuation, spaces, Markdown marks, the numbers of
//!   section headings (一、（二）3.), link targets, URLs, HTML comments or
//!   front matter;
//! - [`directive`]: a target and a rate written in the draft itself (a
//!   first-line comment or front matter);
//! - [`wording`]: minutes and lengths as the writer reads them (约 4 分钟 · 880 字).

pub mod count;
pub mod directive;
pub mod wording;

use crate::outline::{Outline, Section};
use crate::text::Syntax;
pub use directive::Directives;
use std::ops::Range;

/// Spoken characters a minute unless the settings or the draft say otherwise.
/// A government work report of about 20,000 characters (≈ 17,800 spoken:
/// punctuation is about 11% of such a text) is read in close to two hours,
/// applause included: about 160 a minute. See the README.
pub const DEFAULT_CHARS_PER_MINUTE: f64 = 160.0;

/// The diagnostic code of an overrun.
pub const CODE: &str = "speaking-time";

/// What a draft takes to say: its spoken characters line by line, its title
/// and what it says about its own target and rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Speech {
    /// `cum[i]`: spoken characters in the lines before line `i`.
    cum: Vec<usize>,
    /// The first line with something to say, trimmed (the title).
    pub title: Option<Range<usize>>,
    pub directives: Directives,
}

impl Speech {
    /// The speech of `text`, whose lines are `lines` and outline `outline`.
    pub fn new(text: &str, syntax: Syntax, lines: &[Range<usize>], outline: &Outline) -> Speech {
        let spoken = count::spoken_per_line(text, syntax, lines, outline);
        let mut cum = Vec::with_capacity(spoken.len() + 1);
        cum.push(0);
        let mut title = None;
        for (i, n) in spoken.iter().enumerate() {
            if title.is_none() && *n > 0 {
                title = Some(trimmed(text, &lines[i]));
            }
            cum.push(cum[i] + n);
        }
        Speech {
            cum,
            title,
            directives: directive::read(text, lines),
        }
    }

    /// Whether anything is said after the title: a draft of one line (its
    /// title alone, or the first words typed) has no length worth showing.
    pub fn has_body(&self) -> bool {
        let Some(first) = self.cum.windows(2).position(|w| w[1] > w[0]) else {
            return false;
        };
        self.total() > self.cum[first + 1]
    }

    /// Spoken characters of the whole draft.
    pub fn total(&self) -> usize {
        self.cum.last().copied().unwrap_or(0)
    }

    /// Spoken characters of lines `first..=last` (0-based).
    pub fn lines(&self, first: usize, last: usize) -> usize {
        let end = (last + 1).min(self.cum.len() - 1);
        let first = first.min(end);
        self.cum[end] - self.cum[first]
    }

    /// Spoken characters of a section, its heading's number excluded.
    pub fn section(&self, section: &Section) -> usize {
        self.lines(section.heading.line, section.end_line)
    }

    /// The rate: the draft's own, else `setting` (characters a minute).
    pub fn rate(&self, setting: f64) -> f64 {
        self.directives
            .chars_per_minute
            .or(valid_rate(setting))
            .unwrap_or(DEFAULT_CHARS_PER_MINUTE)
    }

    /// The target in minutes: the draft's own, else `setting`; none when
    /// neither gives a positive one.
    pub fn target(&self, setting: Option<f64>) -> Option<f64> {
        self.directives
            .target_minutes
            .or(setting.filter(|m| m.is_finite() && *m > 0.0))
    }

    /// The overrun of the whole draft over its target, if it has one and
    /// runs over it: `(minutes, target, excess)`.
    pub fn overrun(&self, rate: f64, target: Option<f64>) -> Option<(f64, f64, f64)> {
        let target = target?;
        let minutes = minutes(self.total(), rate);
        (minutes > target).then_some((minutes, target, minutes - target))
    }
}

/// The sections whose speaking time is shown: the top level of the outline,
/// or, when a draft has one section at the top (its title as a Markdown
/// heading), the level below it. Enumerations (一是, 首先) are not timed.
pub fn timed_sections(outline: &Outline) -> Vec<&Section> {
    let mut level: Vec<&Section> = outline
        .sections
        .iter()
        .filter(|s| !s.heading.is_enumeration())
        .collect();
    while let [only] = level[..] {
        let below: Vec<&Section> = only
            .children
            .iter()
            .filter(|c| !c.heading.is_enumeration())
            .collect();
        if below.is_empty() {
            break;
        }
        level = below;
    }
    level
}

/// A usable rate: positive and finite.
pub fn valid_rate(rate: f64) -> Option<f64> {
    (rate.is_finite() && rate > 0.0).then_some(rate)
}

/// Minutes to say `chars` characters at `rate` a minute.
pub fn minutes(chars: usize, rate: f64) -> f64 {
    chars as f64 / valid_rate(rate).unwrap_or(DEFAULT_CHARS_PER_MINUTE)
}

fn trimmed(text: &str, line: &Range<usize>) -> Range<usize> {
    let s = &text[line.clone()];
    let start = line.start + (s.len() - s.trim_start().len());
    start..line.start + s.trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    fn speech(text: &str) -> Speech {
        let outline = crate::outline::outline(text);
        Speech::new(text, Syntax::Markdown, &lines(text), &outline)
    }

    #[test]
    fn sections_count_without_their_numbers() {
        let text =
            "关于工作的讲话\n\n一、总结成绩\n我们做了很多工作。\n二、部署任务\n要抓好落实。\n";
        let s = speech(text);
        let outline = crate::outline::outline(text);
        let counts: Vec<usize> = outline.sections.iter().map(|x| s.section(x)).collect();
        assert_eq!(counts, [4 + 8, 4 + 5]);
        assert_eq!(s.total(), 7 + 12 + 9);
        assert_eq!(&text[s.title.clone().unwrap()], "关于工作的讲话");
        assert!(s.has_body());
    }

    #[test]
    fn a_draft_of_one_line_has_no_body() {
        for text in ["", "\n\n", "同", "\n关于工作的讲话\n\n", "# 讲话\n\n，。\n"] {
            assert!(!speech(text).has_body(), "{text:?}");
        }
        assert!(speech("\n讲话\n\n同志们：\n").has_body());
    }

    #[test]
    fn a_title_heading_times_the_level_below() {
        let text = "# 讲话\n一、总结\n一是好。\n二、部署\n";
        let outline = crate::outline::outline(text);
        let names: Vec<&str> = timed_sections(&outline)
            .iter()
            .map(|s| s.heading.name.as_str())
            .collect();
        assert_eq!(names, ["一、总结", "二、部署"]);
        let flat = crate::outline::outline("一、总结\n一是好。\n");
        assert_eq!(timed_sections(&flat).len(), 1);
    }

    #[test]
    fn the_draft_overrides_the_settings() {
        let s = speech("<!-- jianggao: targetMinutes=1 charsPerMinute=10 -->\n标题\n");
        assert_eq!(s.rate(200.0), 10.0);
        assert_eq!(s.target(Some(30.0)), Some(1.0));
        assert_eq!(
            &"<!-- jianggao: targetMinutes=1 charsPerMinute=10 -->\n标题\n"
                [s.title.clone().unwrap()],
            "标题"
        );
        let plain = speech("标题\n");
        assert_eq!(plain.rate(200.0), 200.0);
        assert_eq!(plain.rate(-1.0), DEFAULT_CHARS_PER_MINUTE);
        assert_eq!(plain.target(Some(0.0)), None);
        assert_eq!(plain.overrun(1.0, Some(1.0)), Some((2.0, 1.0, 1.0)));
        assert_eq!(plain.overrun(2.0, Some(1.0)), None);
        assert_eq!(plain.overrun(1.0, None), None);
    }
}
