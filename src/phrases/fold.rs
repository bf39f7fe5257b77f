//! Folding text for matching, and unfolding suggestions into the writer's style.
//!
//! Matching works on *folded* text: traditional characters folded to
//! simplified ones ([`to_simplified`]) and half-width punctuation widened
//! (`,` → `，`), both char for char, so a folded string has the same
//! characters at the same char positions as its source.
//!
//! A suggestion goes back in the writer's [`Style`]: their script (a
//! traditional draft gets traditional text, preferring the corpus's own
//! traditional surface forms) and their punctuation width.

use crate::text::script::{self, to_simplified, to_simplified_char, to_traditional_char, Script};

/// Half-width punctuation and its full-width form.
const WIDTH_PAIRS: &[(char, char)] = &[
    (',', '，'),
    (':', '：'),
    (';', '；'),
    ('!', '！'),
    ('?', '？'),
    ('(', '（'),
    (')', '）'),
];

fn widen(c: char) -> char {
    WIDTH_PAIRS.iter().find(|p| p.0 == c).map_or(c, |p| p.1)
}

fn narrow(c: char) -> char {
    WIDTH_PAIRS.iter().find(|p| p.1 == c).map_or(c, |p| p.0)
}

/// Folds `text` for matching: simplified script, full-width punctuation,
/// `\r\n` kept as is (callers split lines first).
pub fn fold(text: &str) -> String {
    let simplified = to_simplified(text);
    if simplified.bytes().any(|b| b.is_ascii_punctuation()) {
        simplified.chars().map(widen).collect()
    } else {
        simplified
    }
}

/// How the writer writes: script and punctuation width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub script: Script,
    /// Half-width `,` `:` … after Chinese text, as some traditional texts use.
    pub ascii_punctuation: bool,
}

/// The style of a draft, judged from its last few thousand characters.
pub fn detect_style(draft: &str) -> Style {
    let mut start = draft.len().saturating_sub(6000);
    while !draft.is_char_boundary(start) {
        start += 1;
    }
    let tail = &draft[start..];
    let (mut ascii, mut wide) = (0usize, 0usize);
    for c in tail.chars() {
        match c {
            ',' | ';' | ':' => ascii += 1,
            '，' | '；' | '：' => wide += 1,
            _ => {}
        }
    }
    Style {
        script: script::detect(tail),
        ascii_punctuation: ascii > wide,
    }
}

/// Renders a folded (simplified, full-width) suggestion in `style`.
/// `surface`, when given, is the same text as the corpus wrote it (same
/// chars at the same positions); its traditional forms are preferred.
pub fn unfold(folded: &str, surface: Option<&str>, style: Style) -> String {
    let mut surface = surface.map(str::chars);
    folded
        .chars()
        .map(|c| {
            let own = surface.as_mut().and_then(Iterator::next);
            let c = match style.script {
                Script::Simplified => c,
                Script::Traditional => match own {
                    Some(o) if to_simplified_char(o) == c && o != c => o,
                    _ => to_traditional_char(c),
                },
            };
            if style.ascii_punctuation {
                narrow(c)
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_chars_and_widens_punctuation() {
        let t = "同志們:今天,我們召開會議;";
        let f = fold(t);
        assert_eq!(f, "同志们：今天，我们召开会议；");
        assert_eq!(t.chars().count(), f.chars().count());
    }

    #[test]
    fn unfolds_into_traditional_style() {
        let style = Style {
            script: Script::Traditional,
            ascii_punctuation: true,
        };
        assert_eq!(
            unfold("发挥工会作用，服务大局", None, style),
            "發揮工會作用,服務大局"
        );
        // The corpus's own surface form wins.
        assert_eq!(unfold("后来", Some("後來"), style), "後來");
        assert_eq!(unfold("同志们：", None, Style::default()), "同志们：");
    }

    #[test]
    fn detects_draft_style() {
        let s = detect_style("同志們:今天,我們召開市總工會全委會,總結工作。");
        assert_eq!(s.script, Script::Traditional);
        assert!(s.ascii_punctuation);
        assert_eq!(
            detect_style("同志们：今天，我们召开会议。"),
            Style::default()
        );
    }
}
