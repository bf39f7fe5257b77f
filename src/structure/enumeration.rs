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
///
/// Read as bytes, looking at what follows each clause opener only: most of a
/// draft is Han characters, skipped three bytes at a time (this runs over the
/// whole draft at every keystroke).
pub fn items(text: &str, range: Range<usize>) -> Vec<Item> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut try_at = |at: usize| {
        // Only a numeral or the first character of 第/首先/其次/再次/最后
        // can start an item: never an ASCII character (after a clause
        // opener, most often the next word or a line break).
        let may_start = bytes[at..range.end].first().is_some_and(|&b| b >= 0x80)
            && text[at..range.end].chars().next().is_some_and(|c| {
                is_chinese_numeral_char(c) || matches!(c, '第' | '首' | '其' | '再' | '最')
            });
        if may_start {
            if let Some(item) = item_at(text, at) {
                out.push(item);
            }
        }
    };
    if text[..range.start]
        .chars()
        .next_back()
        .is_none_or(opens_clause)
    {
        try_at(range.start);
    }
    let mut i = range.start;
    while i < range.end {
        let b = bytes[i];
        let (len, opener) = match b {
            0..=0x7f => (1, opens_clause(b as char)),
            // The lead bytes of the non-ASCII openers: full-width marks
            // (U+FF01…), 。 and the ideographic space (U+300x), other
            // spaces (U+00A0, U+1680, U+2000…).
            0xe1 | 0xe2 | 0xe3 | 0xef => (3, opens_clause(decode3(&bytes[i..i + 3]))),
            0xc2 => {
                let c = text[i..].chars().next().expect("a char starts here");
                (c.len_utf8(), opens_clause(c))
            }
            0xc0..=0xdf => (2, false),
            0xe0..=0xef => (3, false),
            _ => (4, false),
        };
        i += len;
        if opener && i < range.end {
            try_at(i);
        }
    }
    out
}

/// The character of the three bytes `b` (UTF-8, a lead byte 0xE0–0xEF
/// and two continuation bytes), decoded without looking further.
fn decode3(b: &[u8]) -> char {
    let cp =
        (u32::from(b[0]) & 0x0f) << 12 | (u32::from(b[1]) & 0x3f) << 6 | u32::from(b[2]) & 0x3f;
    char::from_u32(cp).expect("valid UTF-8")
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`items`] finds, the plain way: every char, after every opener.
    fn every_char(text: &str, range: Range<usize>) -> Vec<Item> {
        let mut out = Vec::new();
        let mut prev = text[..range.start].chars().next_back();
        for (i, c) in text[range.clone()].char_indices() {
            if prev.is_none_or(opens_clause) {
                out.extend(item_at(text, range.start + i));
            }
            prev = Some(c);
        }
        out
    }

    #[test]
    fn reading_bytes_finds_what_reading_every_char_finds() {
        let text = "一是学习；二是落实。\u{3000}三是检查 四是总结\u{a0}五是\u{2028}六是!七是，\
                    第一，加强。第二，改进：首先，要学。其次，要做;最后，总结\n\
                    一要团结,二要奋斗😀三是其他𠀀一是一、二是二\r\n首先要说\t其次，";
        let ends: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        for &a in ends.iter().step_by(3) {
            for &b in ends.iter().filter(|&&b| b >= a).step_by(5) {
                assert_eq!(items(text, a..b), every_char(text, a..b), "{a}..{b}");
            }
        }
        assert!(items(text, 0..text.len()).len() >= 12);
    }
}
