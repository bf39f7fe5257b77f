//! Inline enumerations — 一是/二是, 一要/二要, 第一，第二，, 首先/其次/最后 —
//! wherever a clause starts, not only at the start of a paragraph (the
//! outline sees those only), grouped into lists.

use crate::outline::numeral::{is_chinese_numeral_char, parse_chinese};
use std::ops::Range;

/// How the items of a list are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// 一是 二是 三是
    Shi,
    /// 一要 二要 三要
    Yao,
    /// 第一， 第二，
    Di,
    /// 首先 其次 再次 最后
    Order,
}

/// One item's marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub family: Family,
    /// Its number; 最后 is numbered after the item before it.
    pub number: u32,
    /// 最后: the list ends here.
    pub last: bool,
    /// The marker (二是, 第二, 其次), byte offsets in the text.
    pub span: Range<usize>,
    /// The numeral in it (二), for renumbering; empty for 首先 … 最后.
    pub numeral: Range<usize>,
}

/// Whether a clause may start right after `c`.
fn opens_clause(c: char) -> bool {
    matches!(
        c,
        '：' | '；' | '。' | '，' | '！' | '？' | ':' | ';' | '!' | '?' | '\n' | '\r' | '*'
    ) || c.is_whitespace()
}

fn order_word(s: &str) -> Option<(u32, bool, usize)> {
    [
        ("首先", 1, false),
        ("其次", 2, false),
        ("再次", 3, false),
        ("最后", 0, true),
    ]
    .into_iter()
    .find(|(w, _, _)| s.starts_with(w))
    .map(|(w, n, last)| (n, last, w.len()))
}

/// The item marker starting at `at` in `text`, if there is one there.
fn item_at(text: &str, at: usize) -> Option<Item> {
    let s = &text[at..];
    let after = |len: usize| s[len..].chars().next();
    let pause = |c: Option<char>| matches!(c, Some('，' | ',' | '：' | ':' | '、'));
    if let Some((number, last, len)) = order_word(s) {
        // 首先， … : the word alone, not 首先要 (an adverb inside a clause).
        return pause(after(len)).then(|| Item {
            family: Family::Order,
            number,
            last,
            span: at..at + len,
            numeral: at..at,
        });
    }
    if let Some(rest) = s.strip_prefix('第') {
        let (number, len) = parse_chinese(rest)?;
        let len = '第'.len_utf8() + len;
        return (pause(after(len)) && after(len) != Some('、')).then(|| Item {
            family: Family::Di,
            number,
            last: false,
            span: at..at + len,
            numeral: at + '第'.len_utf8()..at + len,
        });
    }
    let (number, len) = parse_chinese(s)?;
    let family = match after(len)? {
        '是' => Family::Shi,
        '要' => Family::Yao,
        _ => return None,
    };
    // 一是 … but not 一是一、二是二 or 一要求.
    let next = s[len + '是'.len_utf8()..].chars().next();
    if matches!(next, Some('求' | '素' | '点' | '一' | '二' | '否')) {
        return None;
    }
    Some(Item {
        family,
        number,
        last: false,
        span: at..at + len + '是'.len_utf8(),
        numeral: at..at + len,
    })
}

/// Every item marker in `range` of `text` that opens a clause.
pub fn items(text: &str, range: Range<usize>) -> Vec<Item> {
    let mut out = Vec::new();
    let mut prev: Option<char> = text[..range.start].chars().next_back();
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        // Only a numeral or the first character of 第/首先/其次/再次/最后
        // can start an item.
        let may_start = is_chinese_numeral_char(c) || matches!(c, '第' | '首' | '其' | '再' | '最');
        if may_start && prev.is_none_or(opens_clause) {
            if let Some(item) = item_at(text, at) {
                out.push(item);
            }
        }
        prev = Some(c);
    }
    out
}

/// The list that starts with `items[0]` (a first item): the items of its
/// family that follow, up to the first that starts a new list (its 一 again)
/// or, for 首先 lists, after 最后. Items of other families are skipped.
pub fn list(items: &[Item]) -> Vec<&Item> {
    let Some(first) = items.first() else {
        return Vec::new();
    };
    let mut out = vec![first];
    for item in &items[1..] {
        if item.family != first.family {
            continue;
        }
        if item.number == 1 || out.last().is_some_and(|i| i.last) {
            break;
        }
        out.push(item);
    }
    out
}

/// Whether an item opens a list.
pub fn is_first(item: &Item) -> bool {
    item.number == 1
}
