//! Promised structure: a sentence that announces a count of points (下面，
//! 我讲三点意见。) checked against what follows it — the next-rank sections
//! (一、二、三、, or （一）（二） inside a chapter) or the enumeration (一是/二是,
//! 第一，第二，, 首先/其次/最后) — and the gaps and repeats of inline
//! enumerations, which the outline's numbering checks do not see.
//!
//! Pure core: the text and its outline in, byte ranges out.
//!
//! - [`announce`]: the announcements;
//! - [`enumeration`]: inline enumeration items and their lists.

pub mod announce;
pub mod enumeration;

use crate::outline::marker::Rank;
use crate::outline::numeral::chinese;
use crate::outline::{Edit, Outline, Section};
use announce::Announcement;
use enumeration::{Family, Item};
use std::ops::Range;

/// The finding code of every structure problem.
pub const CODE: &str = "structure";

/// A place a problem points at: a section or item that was counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub range: Range<usize>,
    /// What it is, in Chinese (第2点：“二、…”).
    pub label: String,
}

/// One structure problem, with its fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub range: Range<usize>,
    pub message: String,
    /// The sections or items counted (for an announcement), or the item
    /// before (for a gap or a repeat).
    pub counted: Vec<Counted>,
    /// Title and edits of the quick fix, if there is one.
    pub fix: Option<(String, Vec<Edit>)>,
}

/// Non-blank lines after the announcement's own line within which what it
/// announces must start.
const WINDOW_LINES: usize = 3;

/// Every structure problem of `text`, whose outline is `outline`.
pub fn check(text: &str, outline: &Outline) -> Vec<Problem> {
    check_items(text, outline, &enumeration::items(text, 0..text.len()))
}

/// [`check`], given the inline items of `text`
/// ([`enumeration::items`] of all of it).
pub fn check_items(text: &str, outline: &Outline, all_items: &[Item]) -> Vec<Problem> {
    let items = items_of(outline, all_items);
    let mut problems = Vec::new();
    for announcement in announce::find(text) {
        if let Some(p) = promise_kept(text, outline, &items, &announcement) {
            problems.push(p);
        }
    }
    problems.extend(list_problems(text, outline, &items));
    problems.sort_by_key(|p| (p.range.start, p.range.end));
    problems
}

/// The marker spans of the numbered headings (enumerations aside): items
/// there are the outline's, checked by its numbering checks.
fn heading_markers(outline: &Outline) -> Vec<Range<usize>> {
    outline
        .walk()
        .into_iter()
        .filter_map(|(_, s)| s.heading.marker.as_ref())
        .filter(|m| m.rank != Rank::Enumeration)
        .map(|m| m.span.clone())
        .collect()
}

/// Where what follows `at` must end: the end of the smallest numbered (or
/// Markdown) section that contains it, else the text's end.
fn scope_end(outline: &Outline, text_len: usize, at: usize) -> usize {
    fn go(sections: &[Section], at: usize) -> Option<usize> {
        let s = sections
            .iter()
            .filter(|s| !s.heading.is_enumeration())
            .find(|s| s.range.start <= at && at < s.range.end)?;
        Some(go(&s.children, at).unwrap_or(s.range.end))
    }
    go(&outline.sections, at).unwrap_or(text_len)
}

/// The end of the [`WINDOW_LINES`]th non-blank line after the line of `at`.
fn window_end(text: &str, at: usize) -> usize {
    let mut end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
    let mut seen = 0;
    while seen < WINDOW_LINES && end < text.len() {
        let start = end + text[end..].len() - text[end..].trim_start().len();
        if start >= text.len() {
            return text.len();
        }
        end = text[start..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| start + i);
        seen += 1;
    }
    end
}

/// The first numbered heading (enumerations aside) whose line starts at or
/// after `from`, with its siblings.
fn first_heading_after(sections: &[Section], from: usize) -> Option<(&[Section], usize)> {
    for (i, s) in sections.iter().enumerate() {
        if s.range.end <= from {
            continue;
        }
        if s.range.start >= from && s.heading.marker.is_some() && !s.heading.is_enumeration() {
            return Some((sections, i));
        }
        if let Some(found) = first_heading_after(&s.children, from) {
            return Some(found);
        }
    }
    None
}

/// The sections counted from `siblings[first]`: those of its rank after it,
/// up to a higher rank or a new 一.
fn counted_sections(siblings: &[Section], first: usize, scope_end: usize) -> Vec<&Section> {
    let rank = siblings[first].heading.rank();
    let mut out = vec![&siblings[first]];
    for s in &siblings[first + 1..] {
        if s.range.start >= scope_end {
            break;
        }
        match s.heading.rank() {
            Some(r) if Some(r) == rank => {
                if s.heading.marker.as_ref().is_some_and(|m| m.number == 1) {
                    break;
                }
                out.push(s);
            }
            Some(r) if Some(r) < rank => break,
            None => break,
            _ => {}
        }
    }
    out
}

/// Whether numbers run 1, 2, 3 … with neither gaps nor repeats.
fn in_order(numbers: impl Iterator<Item = u32>) -> bool {
    numbers.enumerate().all(|(i, n)| n == i as u32 + 1)
}

/// The count word for `n` before a classifier: 两 for 2 (兩 in a
/// traditional announcement).
fn count_word(n: u32, announced: &str) -> Option<String> {
    match n {
        2 if announced.contains(['兩', '點', '個', '項', '條', '講', '談', '從', '說']) => {
            Some("兩".into())
        }
        2 => Some("两".into()),
        _ => chinese(n),
    }
}

/// The items every announcement of `text` counted: `None` where what
/// follows cannot be told (no numbered structure soon after it, numbers out
/// of order, several lists).
pub fn counts(text: &str, outline: &Outline) -> Vec<(Announcement, Option<Vec<Counted>>)> {
    let items = items_of(outline, &enumeration::items(text, 0..text.len()));
    announce::find(text)
        .into_iter()
        .map(|a| {
            let counted = what_follows(text, outline, &items, &a);
            (a, counted)
        })
        .collect()
}

/// The inline items of `all`, those that are the outline's headings aside.
fn items_of(outline: &Outline, all: &[Item]) -> Vec<Item> {
    // In text order, so each item is looked up by binary search.
    let headings = heading_markers(outline);
    let is_heading = |at: usize| {
        let after = headings.partition_point(|h| h.start <= at);
        after > 0 && headings[after - 1].contains(&at)
    };
    all.iter()
        .filter(|i| !is_heading(i.span.start))
        .cloned()
        .collect()
}

/// The items from `items[k]` that start before `end`.
fn until(items: &[Item], k: usize, end: usize) -> &[Item] {
    let rest = &items[k..];
    &rest[..rest.partition_point(|i| i.span.start < end)]
}

/// A problem if `a` promises another count than what follows it has.
fn promise_kept(
    text: &str,
    outline: &Outline,
    items: &[Item],
    a: &Announcement,
) -> Option<Problem> {
    let counted = what_follows(text, outline, items, a)?;
    let found = counted.len() as u32;
    if found == a.count || found < 2 {
        // A lone 一、 is more likely a different structure than a broken promise.
        return None;
    }
    let phrase = &text[a.range.clone()];
    let promised = &text[a.number.clone()];
    let fix = count_word(found, phrase).map(|word| {
        (
            format!("改为“{word}”（后文共{found}点）"),
            vec![Edit {
                range: a.number.clone(),
                text: word,
            }],
        )
    });
    let shown = count_word(found, phrase).unwrap_or_else(|| found.to_string());
    let how = if found > a.count {
        "却列出了"
    } else {
        "只列出"
    };
    Some(Problem {
        range: a.range.clone(),
        message: format!("{}预告了{promised}点，后文{how}{shown}点", quoted(phrase)),
        counted,
        fix,
    })
}

/// What follows `a`: the sections or the items of the list it announces.
fn what_follows(
    text: &str,
    outline: &Outline,
    items: &[Item],
    a: &Announcement,
) -> Option<Vec<Counted>> {
    let scope = scope_end(outline, text.len(), a.range.start);
    // When the announcement's paragraph goes on (实现两个确保：经过…，确保…),
    // it is kept inline: only items in that paragraph count.
    let line_end = text[a.end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| a.end + i);
    let goes_on = text[a.end..line_end]
        .trim_start_matches(['：', ':', '。', '！', '!'])
        .trim()
        .chars()
        .any(|c| !matches!(c, '*' | '_'));
    let window = if goes_on {
        line_end
    } else {
        window_end(text, a.end)
    }
    .min(scope);
    let heading = first_heading_after(&outline.sections, a.end)
        .filter(|(sibs, i)| sibs[*i].range.start < window);
    let first_item = Some(items.partition_point(|i| i.span.start < a.end))
        .filter(|&k| items.get(k).is_some_and(|i| i.span.start < window));
    let counted: Vec<Counted> = match (heading, first_item) {
        (Some((sibs, i)), item)
            if item.is_none_or(|k| items[k].span.start > sibs[i].range.start) =>
        {
            let sections = counted_sections(sibs, i, scope);
            let numbers = sections
                .iter()
                .map(|s| s.heading.marker.as_ref().map_or(0, |m| m.number));
            if !in_order(numbers) {
                return None;
            }
            sections
                .iter()
                .enumerate()
                .map(|(n, s)| Counted {
                    range: s.heading.selection.clone(),
                    label: format!("第{}点：“{}”", n + 1, s.heading.name),
                })
                .collect()
        }
        (_, Some(k)) => {
            if !enumeration::is_first(&items[k]) {
                return None;
            }
            let in_scope = until(items, k, scope);
            let list = enumeration::list(in_scope);
            // Another list of the same kind later in the section: the points
            // are more likely unnumbered paragraphs, each with its list.
            let restarts = in_scope[1..]
                .iter()
                .any(|i| i.family == list[0].family && enumeration::is_first(i));
            if restarts && list.len() as u32 != a.count {
                return None;
            }
            let numbers = list.iter().map(|i| if i.last { 0 } else { i.number });
            let closed_by_last = list.last().is_some_and(|i| i.last);
            if !in_order(numbers.take(list.len() - usize::from(closed_by_last))) {
                return None;
            }
            // 最后 may close the speech rather than the list (最后，谢谢大家):
            // when the count is right without it, nothing can be told.
            if closed_by_last && list.len() as u32 == a.count + 1 {
                return None;
            }
            list.iter()
                .enumerate()
                .map(|(n, i)| Counted {
                    range: i.span.clone(),
                    label: format!("第{}点：“{}”", n + 1, &text[i.span.clone()]),
                })
                .collect()
        }
        _ => return None,
    };
    Some(counted)
}

/// `phrase` in quotes, unless it has its own (做到“三个坚持”).
fn quoted(phrase: &str) -> String {
    if phrase.contains(['“', '"', '「']) {
        phrase.to_string()
    } else {
        format!("“{phrase}”")
    }
}

fn item_name(text: &str, item: &Item) -> String {
    text[item.span.clone()].to_string()
}

/// 二是 for 2 in the style of `like`.
fn item_written(text: &str, like: &Item, n: u32) -> Option<String> {
    let numeral = chinese(n)?;
    let s = &text[like.span.clone()];
    Some(match like.family {
        Family::Di => format!("第{numeral}"),
        _ => format!("{numeral}{}", s.chars().last()?),
    })
}

/// Gaps and repeats in the lists of inline enumerations (一是/一要/第一): a
/// list starts at its 一 and stays inside its section.
fn list_problems(text: &str, outline: &Outline, items: &[Item]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (k, first) in items.iter().enumerate() {
        if !enumeration::is_first(first) || first.family == Family::Order {
            continue;
        }
        let scope = scope_end(outline, text.len(), first.span.start);
        let list = enumeration::list(until(items, k, scope));
        for pair in list.windows(2) {
            let (prev, item) = (pair[0], pair[1]);
            let expected = prev.number + 1;
            let message = if item.number == prev.number {
                format!(
                    "编号重复：“{}”之后又是“{}”",
                    item_name(text, prev),
                    item_name(text, item)
                )
            } else if item.number > expected {
                let missing: Vec<String> = (expected..item.number)
                    .take(3)
                    .filter_map(|n| item_written(text, item, n))
                    .collect();
                format!(
                    "编号不连续：“{}”之后是“{}”，缺少“{}”",
                    item_name(text, prev),
                    item_name(text, item),
                    missing.join("”“")
                )
            } else if item.number < prev.number {
                // Out of order: likely a list of another level; stop here.
                break;
            } else {
                continue;
            };
            let fix = renumber(text, &list, item, expected);
            problems.push(Problem {
                range: item.span.clone(),
                message,
                counted: vec![Counted {
                    range: prev.span.clone(),
                    label: format!("前一项：“{}”", item_name(text, prev)),
                }],
                fix,
            });
            // One problem per list: the fix renumbers the rest.
            break;
        }
    }
    problems
}

/// Renumbers `from` to `to` and the items after it in `list` that were
/// numbered consecutively from it.
fn renumber(text: &str, list: &[&Item], from: &Item, to: u32) -> Option<(String, Vec<Edit>)> {
    let start = list.iter().position(|i| i.span == from.span)?;
    let mut edits = Vec::new();
    let mut changes = Vec::new();
    for (k, item) in list[start..].iter().enumerate() {
        let k = k as u32;
        if k > 0 && item.number != from.number + k {
            break;
        }
        let new = chinese(to + k)?;
        let old = &text[item.numeral.clone()];
        if new != old {
            changes.push(format!(
                "{}→{}",
                item_name(text, item),
                item_written(text, item, to + k)?
            ));
            edits.push(Edit {
                range: item.numeral.clone(),
                text: new,
            });
        }
    }
    (!edits.is_empty()).then(|| (format!("重新编号：{}", changes.join("，")), edits))
}
