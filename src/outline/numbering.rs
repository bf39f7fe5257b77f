//! Numbering checks over the siblings of each level: a skipped number, a
//! repeated one, a level that starts at 二 with no 一, a number lower than
//! the one before it, and brackets of both widths in one level; with the
//! edits that renumber the following siblings where the intent is clear.

use super::marker::{Bracket, Marker, Rank};
use super::numeral;
use super::{Outline, Section};
use std::ops::Range;

/// The code numbering problems are reported under (diagnostics, `jianggao check`).
pub const CODE: &str = "numbering";

/// What is wrong with a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IssueKind {
    /// 1、 then 3、
    Skipped,
    /// 2、 then 2、
    Repeated,
    /// a level whose first number is not 1 (二、 with no 一、)
    StartsLate,
    /// 四、 then 二、
    OutOfOrder,
    /// （一） and (二) in one level
    MixedBrackets,
}

impl IssueKind {
    pub fn label(self) -> &'static str {
        match self {
            IssueKind::Skipped => "skipped",
            IssueKind::Repeated => "repeated",
            IssueKind::StartsLate => "starts-late",
            IssueKind::OutOfOrder => "out-of-order",
            IssueKind::MixedBrackets => "mixed-brackets",
        }
    }
}

/// Replace the bytes of `range` with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

/// A quick fix: a title and the edits it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

/// One numbering problem, at the marker of the heading it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub kind: IssueKind,
    pub range: Range<usize>,
    pub message: String,
    pub fix: Option<Fix>,
}

/// Checks the numbering of every level of `outline` (built from `text`).
pub fn check(text: &str, outline: &Outline) -> Vec<Issue> {
    let mut issues = Vec::new();
    check_level(text, &outline.sections, &mut issues);
    issues.sort_by_key(|i| (i.range.start, i.kind.label()));
    issues
}

fn check_level(text: &str, siblings: &[Section], issues: &mut Vec<Issue>) {
    // Siblings of different ranks (after a skipped level) are separate levels.
    // For each level, whether lower-ranked siblings come before its first
    // heading: then a level starting at 二 may well lack only its 一 heading
    // (（一）（二） then 二、), and renumbering would be a guess.
    let mut levels: Vec<(Rank, bool, Vec<&Marker>)> = Vec::new();
    let mut lowest_so_far: Option<Rank> = None;
    for section in siblings {
        if let Some(marker) = &section.heading.marker {
            if marker.rank == Rank::Enumeration {
                continue;
            }
            match levels.iter_mut().find(|(r, _, _)| *r == marker.rank) {
                Some((_, _, level)) => level.push(marker),
                None => {
                    let after_lower = lowest_so_far.is_some_and(|r| r > marker.rank);
                    levels.push((marker.rank, after_lower, vec![marker]));
                }
            }
            lowest_so_far = lowest_so_far.max(Some(marker.rank));
        }
        check_level(text, &section.children, issues);
    }
    for (_, after_lower, level) in &levels {
        check_sequence(text, level, *after_lower, issues);
        check_brackets(text, level, issues);
    }
}

fn shown(text: &str, m: &Marker) -> String {
    text[m.span.clone()].trim().to_string()
}

fn number_text(text: &str, m: &Marker) -> String {
    text[m.number_span.clone()].to_string()
}

/// Writes `n` as `m` writes its number.
fn written(m: &Marker, n: u32) -> Option<String> {
    m.numeral.and_then(|style| numeral::format(n, style))
}

fn check_sequence(text: &str, level: &[&Marker], after_lower: bool, issues: &mut Vec<Issue>) {
    for (i, m) in level.iter().enumerate() {
        let Some(prev) = i.checked_sub(1).map(|p| level[p]) else {
            if m.number != 1 {
                let first = written(m, 1).unwrap_or_else(|| "1".into());
                issues.push(Issue {
                    kind: IssueKind::StartsLate,
                    range: m.span.clone(),
                    message: format!("本级编号从“{}”开始，缺少“{first}”", number_text(text, m)),
                    fix: if after_lower {
                        None
                    } else {
                        renumber(text, level, 0, 1)
                    },
                });
            }
            continue;
        };
        let expected = prev.number + 1;
        let (kind, message) = if m.number == prev.number {
            (
                IssueKind::Repeated,
                format!(
                    "编号重复：“{}”之后又是“{}”",
                    shown(text, prev),
                    shown(text, m)
                ),
            )
        } else if m.number > expected {
            let name = |n: u32| written(m, n).unwrap_or_else(|| n.to_string());
            let missing: Vec<String> = if m.number - expected > 3 {
                vec![format!("{}”至“{}", name(expected), name(m.number - 1))]
            } else {
                (expected..m.number).map(name).collect()
            };
            (
                IssueKind::Skipped,
                format!(
                    "编号不连续：“{}”之后是“{}”，缺少“{}”",
                    shown(text, prev),
                    shown(text, m),
                    missing.join("”“")
                ),
            )
        } else if m.number < prev.number && m.number != 1 {
            (
                IssueKind::OutOfOrder,
                format!(
                    "编号顺序颠倒：“{}”排在“{}”之后",
                    shown(text, m),
                    shown(text, prev)
                ),
            )
        } else {
            continue;
        };
        let fix = match kind {
            IssueKind::OutOfOrder => None,
            _ => renumber(text, level, i, expected),
        };
        issues.push(Issue {
            kind,
            range: m.span.clone(),
            message,
            fix,
        });
    }
}

/// Renumbers `level[from]` to `to`, and the siblings after it that were
/// numbered consecutively from it, keeping each one's style. `None` when a
/// number cannot be written in its style (㉑).
fn renumber(text: &str, level: &[&Marker], from: usize, to: u32) -> Option<Fix> {
    let base = level[from].number;
    let mut edits = Vec::new();
    let mut changes = Vec::new();
    for (k, m) in level[from..].iter().enumerate() {
        let k = k as u32;
        if k > 0 && m.number != base + k {
            break;
        }
        let new = written(m, to + k)?;
        let old = number_text(text, m);
        if new != old {
            changes.push(format!("{old}→{new}"));
            edits.push(Edit {
                range: m.number_span.clone(),
                text: new,
            });
        }
    }
    (!edits.is_empty()).then(|| Fix {
        title: format!("重新编号：{}", changes.join("，")),
        edits,
    })
}

fn check_brackets(text: &str, level: &[&Marker], issues: &mut Vec<Issue>) {
    let full = level.iter().filter(|m| m.bracket == Bracket::Full).count();
    let half = level.iter().filter(|m| m.bracket == Bracket::Half).count();
    let first = level
        .iter()
        .map(|m| m.bracket)
        .find(|b| matches!(b, Bracket::Full | Bracket::Half));
    let mixed = level.iter().any(|m| m.bracket == Bracket::Mixed);
    if !(mixed || full > 0 && half > 0) {
        return;
    }
    // The width most siblings use; on a tie, the first one's.
    let width = match full.cmp(&half) {
        std::cmp::Ordering::Greater => Bracket::Full,
        std::cmp::Ordering::Less => Bracket::Half,
        std::cmp::Ordering::Equal => first.unwrap_or(Bracket::Full),
    };
    let (open, close, name) = match width {
        Bracket::Half => ('(', ')', "半角"),
        _ => ('（', '）', "全角"),
    };
    for m in level
        .iter()
        .filter(|m| !matches!(m.bracket, Bracket::None | Bracket::Square) && m.bracket != width)
    {
        let open_len = text[m.span.start..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        // The closing bracket: right after the number, or after the 篇 of （第一篇）.
        let close_at = m.number_span.end
            + text[m.number_span.end..m.span.end]
                .find(['）', ')'])
                .unwrap_or(0);
        let close_len = text[close_at..].chars().next().map_or(0, char::len_utf8);
        issues.push(Issue {
            kind: IssueKind::MixedBrackets,
            range: m.span.clone(),
            message: format!("括号宽度不一致：“{}”的同级编号用{name}括号", shown(text, m)),
            fix: Some(Fix {
                title: format!("改用{name}括号“{open}{close}”"),
                edits: vec![
                    Edit {
                        range: m.span.start..m.span.start + open_len,
                        text: open.to_string(),
                    },
                    Edit {
                        range: close_at..close_at + close_len,
                        text: close.to_string(),
                    },
                ],
            }),
        });
    }
}
