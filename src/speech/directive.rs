//! A target and a rate written in the draft itself, for the draft alone.
//!
//! Two forms, both ignored by Markdown renderers and by the count of spoken
//! characters:
//!
//! - a comment on the first line: `<!-- jianggao: targetMinutes=15 charsPerMinute=200 -->`
//!   (pairs separated by spaces, commas or semicolons; `=` or `:`);
//! - front matter, a block opened by `---` on the first line and closed by
//!   `---` (or `...`), holding `targetMinutes: 15` and `charsPerMinute: 200`
//!   lines (at any indentation, so under a `jianggao:` key too).
//!
//! A value is a positive number, optionally followed by a unit (`15分钟`,
//! `15 min`); anything else leaves the setting alone.

use super::count::front_matter_end;
use std::ops::Range;

/// What the draft says about its own delivery.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Directives {
    /// Minutes the speech must fit in.
    pub target_minutes: Option<f64>,
    /// Spoken characters a minute.
    pub chars_per_minute: Option<f64>,
}

/// Whether `text` may hold directives at all (it opens with a comment or
/// front matter): a look at its first characters, so that a draft without
/// a target costs the speaking-time check nothing.
pub fn possible(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!--") || head.starts_with("---")
}

/// The directives of `text`, whose lines are `lines`.
pub fn read(text: &str, lines: &[Range<usize>]) -> Directives {
    let mut found = Directives::default();
    let Some(first) = lines.first() else {
        return found;
    };
    if let Some(last) = front_matter_end(text, lines) {
        for line in &lines[1..last] {
            if let Some((key, value)) = text[line.clone()].trim().split_once(':') {
                set(&mut found, key, value);
            }
        }
    }
    let head = text[first.clone()].trim_start_matches('\u{feff}').trim();
    let comment = head
        .strip_prefix("<!--")
        .and_then(|s| s.strip_suffix("-->"))
        .map(str::trim)
        .and_then(|s| s.strip_prefix("jianggao"))
        .and_then(|s| s.trim_start().strip_prefix([':', '：']));
    if let Some(pairs) = comment {
        let separators = |c: char| c.is_whitespace() || matches!(c, ',' | '，' | ';' | '；');
        for pair in pairs.split(separators).filter(|p| !p.is_empty()) {
            if let Some((key, value)) = pair.split_once(['=', ':', '：']) {
                set(&mut found, key, value);
            }
        }
    }
    found
}

fn set(found: &mut Directives, key: &str, value: &str) {
    let slot = match key.trim() {
        "targetMinutes" => &mut found.target_minutes,
        "charsPerMinute" => &mut found.chars_per_minute,
        _ => return,
    };
    if let Some(v) = number(value) {
        *slot = Some(v);
    }
}

/// A positive number at the start of `value`, a unit after it allowed.
fn number(value: &str) -> Option<f64> {
    let value = value.trim().trim_matches(['"', '\'']);
    let end = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let v: f64 = value[..end].parse().ok()?;
    (v.is_finite() && v > 0.0).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    fn of(text: &str) -> Directives {
        read(text, &lines(text))
    }

    #[test]
    fn comment_and_front_matter() {
        let d = of("<!-- jianggao: targetMinutes=15, charsPerMinute=200 -->\n正文\n");
        assert_eq!(d.target_minutes, Some(15.0));
        assert_eq!(d.chars_per_minute, Some(200.0));
        let d = of("\u{feff}<!--jianggao：targetMinutes=12.5分钟-->\n");
        assert_eq!(d.target_minutes, Some(12.5));
        let d = of("---\ntitle: 讲话\njianggao:\n  targetMinutes: 40\n---\n正文\n");
        assert_eq!(d.target_minutes, Some(40.0));
        assert_eq!(d.chars_per_minute, None);
    }

    #[test]
    fn only_a_comment_or_front_matter_first_may_hold_directives() {
        assert!(possible("\u{feff}<!-- jianggao: targetMinutes=1 -->\n"));
        assert!(possible("---\ntargetMinutes: 1\n---\n"));
        assert!(!possible("# 讲话\n<!-- jianggao: targetMinutes=1 -->\n"));
    }

    #[test]
    fn anything_else_is_no_directive() {
        for text in [
            "正文\n<!-- jianggao: targetMinutes=15 -->\n",
            "<!-- 备注: targetMinutes=15 -->\n",
            "<!-- jianggao: targetMinutes=0 -->\n",
            "<!-- jianggao: targetMinutes=十五 -->\n",
            "<!-- jianggao: target=15 -->\n",
            "---\ntargetMinutes: 15\n",
        ] {
            assert_eq!(of(text), Directives::default(), "{text}");
        }
    }
}
