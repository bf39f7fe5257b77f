//! Recognises the heading of one line: a section marker (篇一, 第一部分, 一、,
//! （一）, 1、, （1）, ①, 一是 …) with its rank, number and bracket width, or a
//! Markdown `#` heading without a number.
//!
//! Works on one line without its line break; every offset is a byte offset
//! into that line. Traditional script needs no folding: the numerals, 第, 篇,
//! 部分 and the punctuation are the same in both scripts.

use super::numeral::{self, Numeral};
use crate::text::{is_digit, is_sentence_end, is_space};
use std::ops::Range;

/// The rank of a marker, highest first, following GB/T 9704-2012 (一、 above
/// （一） above 1. above （1）) with the parts of a collection above them and
/// circled numbers and inline enumerations below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    /// 篇一, 第一篇, …篇十六 (one speech of a collection)
    Volume,
    /// 第一部分
    Part,
    /// 一、 第一、 (and 第一， opening a heading-shaped line)
    Chapter,
    /// （一） (一)
    Section,
    /// 1、 1. 1． ⒈
    Item,
    /// （1） (1) 1） ⑴
    SubItem,
    /// ① … ⑳
    Circled,
    /// 一是 / 一要 / 首先 / 其次 / 第三， opening a line of prose: a leaf
    /// that never changes how the numbered sections nest.
    Enumeration,
}

impl Rank {
    /// A short English name, for the command line and tests.
    pub fn label(self) -> &'static str {
        match self {
            Rank::Volume => "volume",
            Rank::Part => "part",
            Rank::Chapter => "chapter",
            Rank::Section => "section",
            Rank::Item => "item",
            Rank::SubItem => "subitem",
            Rank::Circled => "circled",
            Rank::Enumeration => "enumeration",
        }
    }
}

/// The width of the brackets around a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bracket {
    /// No brackets (一、 1.).
    None,
    /// （一）
    Full,
    /// (一)
    Half,
    /// （一) or (一）: one of each.
    Mixed,
}

/// A section marker found on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub rank: Rank,
    /// The number (首先 counts as 1, 其次 as 2, 再次 as 3).
    pub number: u32,
    /// How the number is written; `None` for 首先/其次/再次.
    pub numeral: Option<Numeral>,
    /// The number itself (一 in （一）、).
    pub number_span: Range<usize>,
    /// The whole marker (（一）、 or 第一部分 or 篇三).
    pub span: Range<usize>,
    pub bracket: Bracket,
}

/// What makes a line a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineHeading {
    /// The level of a Markdown ATX heading (`## …` is 2).
    pub markdown_level: Option<u8>,
    /// Where the heading's text starts, after indentation and Markdown marks.
    pub text_start: usize,
    /// The section marker; `None` for a Markdown heading without a number.
    pub marker: Option<Marker>,
}

fn skip_spaces(s: &str, from: usize) -> usize {
    from + s[from..].len() - s[from..].trim_start_matches(is_space).len()
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

/// Recognises the heading on `line`, if it is one.
pub fn parse(line: &str) -> Option<LineHeading> {
    let mut i = skip_spaces(line, 0);
    let mut markdown_level = None;
    let rest = &line[i..];
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    if hashes > 0 {
        let after = &rest[hashes..];
        if hashes <= 6 && (after.is_empty() || after.starts_with([' ', '\t'])) {
            markdown_level = Some(hashes as u8);
            i = skip_spaces(line, i + hashes);
        } else {
            return None;
        }
    } else if let Some(after) = ["- ", "* ", "+ ", "> "]
        .iter()
        .find_map(|b| rest.strip_prefix(b))
    {
        i = skip_spaces(line, line.len() - after.len());
    }
    // **一、加强学习** : emphasis around the whole heading.
    if line[i..].starts_with("**") || line[i..].starts_with("__") {
        i += 2;
    }
    let text_start = i;
    let marker = find_marker(&line[i..]).map(|m| Marker {
        number_span: m.number_span.start + i..m.number_span.end + i,
        span: m.span.start + i..m.span.end + i,
        ..m
    });
    match (&marker, markdown_level) {
        (Some(_), _) => Some(LineHeading {
            markdown_level,
            text_start,
            marker,
        }),
        (None, Some(_))
            if !line[text_start..]
                .trim_matches(|c: char| is_space(c) || c == '#')
                .is_empty() =>
        {
            Some(LineHeading {
                markdown_level,
                text_start,
                marker: None,
            })
        }
        _ => None,
    }
}

/// A marker at the start of `s` (or, for …篇三, at the end of a title).
fn find_marker(s: &str) -> Option<Marker> {
    let c = first_char(s)?;
    if let Some((number, numeral)) = numeral::enclosed(c) {
        let rank = match numeral {
            Numeral::Circled => Rank::Circled,
            Numeral::Parenthesized => Rank::SubItem,
            _ => Rank::Item,
        };
        let len = c.len_utf8();
        return Some(Marker {
            rank,
            number,
            numeral: Some(numeral),
            number_span: 0..len,
            span: 0..len,
            bracket: Bracket::None,
        });
    }
    match c {
        '第' => ordinal(s),
        '篇' => volume_prefix(s),
        '（' | '(' => bracketed(s),
        '首' | '其' | '再' => sequence_word(s),
        _ if numeral::is_chinese_numeral_char(c) => chinese(s),
        _ if is_digit(c) => digits(s),
        _ => None,
    }
    .or_else(|| volume_suffix(s))
}

fn plain(
    rank: Rank,
    number: u32,
    numeral: Numeral,
    number_span: Range<usize>,
    end: usize,
) -> Marker {
    Marker {
        rank,
        number,
        numeral: Some(numeral),
        span: 0..end,
        number_span,
        bracket: Bracket::None,
    }
}

/// 第一篇 第一部分 第一、 第一，
fn ordinal(s: &str) -> Option<Marker> {
    let start = '第'.len_utf8();
    let (n, len) = numeral::parse_chinese(&s[start..])?;
    let number_span = start..start + len;
    let after = &s[number_span.end..];
    let (rank, mark_len) = if after.starts_with('篇') {
        (Rank::Volume, '篇'.len_utf8())
    } else if after.starts_with("部分") {
        (Rank::Part, "部分".len())
    } else if after.starts_with('、') {
        (Rank::Chapter, '、'.len_utf8())
    } else if let Some(c @ ('，' | ',')) = first_char(after) {
        let rank = if heading_shaped(&after[c.len_utf8()..]) {
            Rank::Chapter
        } else {
            Rank::Enumeration
        };
        (rank, c.len_utf8())
    } else {
        return None;
    };
    Some(plain(
        rank,
        n,
        Numeral::Chinese,
        number_span.clone(),
        number_span.end + mark_len,
    ))
}

/// A short line that is one sentence at most: a heading, not a paragraph.
fn heading_shaped(text: &str) -> bool {
    let text = text.trim_end_matches(is_space);
    let body = text.strip_suffix(is_sentence_end).unwrap_or(text);
    body.chars().count() <= 40 && !body.contains(is_sentence_end)
}

/// 篇一 at the start of a line, followed by its title or nothing.
fn volume_prefix(s: &str) -> Option<Marker> {
    let start = '篇'.len_utf8();
    let (n, len) = numeral::parse_chinese(&s[start..])?;
    let end = start + len;
    let next = first_char(&s[end..]);
    if next.is_some_and(|c| !(is_space(c) || matches!(c, '：' | ':' | '、' | '　' | '*'))) {
        return None;
    }
    Some(plain(Rank::Volume, n, Numeral::Chinese, start..end, end))
}

/// 工会领导工作总结篇一: a short title ending in 篇 and a numeral, as the
/// template collections number their speeches.
fn volume_suffix(s: &str) -> Option<Marker> {
    // Short titles only (40 characters, 4 bytes each at most): a paragraph
    // that mentions 篇 is not folded to simplified script for nothing.
    if s.len() > 160 || !s.contains('篇') {
        return None;
    }
    let title = s.trim_end_matches(|c: char| is_space(c) || c == '*' || c == '#');
    if !crate::corpus::sections::is_section_heading(title) {
        return None;
    }
    let pian = title.rfind('篇')?;
    let start = pian + '篇'.len_utf8();
    let (n, len) = numeral::parse_chinese(&title[start..])?;
    (start + len == title.len()).then(|| Marker {
        span: pian..title.len(),
        ..plain(
            Rank::Volume,
            n,
            Numeral::Chinese,
            start..title.len(),
            title.len(),
        )
    })
}

/// （一） (一) （1） (1), optionally followed by 、 or a full stop.
fn bracketed(s: &str) -> Option<Marker> {
    let open = first_char(s)?;
    let start = open.len_utf8();
    let (n, len, numeral, rank) = if let Some((n, len)) = numeral::parse_chinese(&s[start..]) {
        (n, len, Numeral::Chinese, Rank::Section)
    } else {
        let (n, len, numeral) = numeral::parse_digits(&s[start..])?;
        (n, len, numeral, Rank::SubItem)
    };
    let number_span = start..start + len;
    let close = first_char(&s[number_span.end..]).filter(|c| matches!(c, '）' | ')'))?;
    let mut end = number_span.end + close.len_utf8();
    if let Some(c @ ('、' | '.' | '．')) = first_char(&s[end..]) {
        end += c.len_utf8();
    }
    let bracket = match (open == '（', close == '）') {
        (true, true) => Bracket::Full,
        (false, false) => Bracket::Half,
        _ => Bracket::Mixed,
    };
    Some(Marker {
        bracket,
        ..plain(rank, n, numeral, number_span, end)
    })
}

/// 一、 一． (chapters) and 一是 一要 三 要 (enumerations).
fn chinese(s: &str) -> Option<Marker> {
    let (n, len) = numeral::parse_chinese(s)?;
    let after = &s[len..];
    let c = first_char(after)?;
    let next = first_char(&after[c.len_utf8()..]);
    let rank = match c {
        // 一、二、三等奖 is a list of numbers, not a heading.
        '、' if !next.is_some_and(numeral::is_chinese_numeral_char) => Rank::Chapter,
        '．' | '.' if !next.is_some_and(is_digit) => Rank::Chapter,
        '是' | '要' => Rank::Enumeration,
        ' ' | '\u{3000}' if matches!(next, Some('是' | '要')) => Rank::Enumeration,
        _ => return None,
    };
    let end = if rank == Rank::Chapter {
        len + c.len_utf8()
    } else {
        len
    };
    Some(plain(rank, n, Numeral::Chinese, 0..len, end))
}

/// 1、 1. 1． 1 、 (items) and 1） 1) (sub-items), but not 3.5%, 1.2万家,
/// 1、2月份, 2006年 or 1-3月份.
fn digits(s: &str) -> Option<Marker> {
    let (n, len, numeral) = numeral::parse_digits(s)?;
    // "1 .加强" and "1 、大力": a space before the mark is a common slip.
    let mut at = len;
    for _ in 0..2 {
        if first_char(&s[at..]).is_some_and(|c| c == ' ' || c == '\u{3000}') {
            at += first_char(&s[at..])?.len_utf8();
        }
    }
    let c = first_char(&s[at..])?;
    let rank = match c {
        '、' | '.' | '．' => Rank::Item,
        '）' | ')' => Rank::SubItem,
        _ => return None,
    };
    let end = at + c.len_utf8();
    if first_char(&s[end..]).is_some_and(|c| is_digit(c) || c == '.') {
        return None;
    }
    Some(plain(rank, n, numeral, 0..len, end))
}

/// 首先， 其次， 再次， opening a line.
fn sequence_word(s: &str) -> Option<Marker> {
    let (n, word) = [(1, "首先"), (2, "其次"), (3, "再次")]
        .into_iter()
        .find(|(_, w)| s.starts_with(w))?;
    let next = first_char(&s[word.len()..])?;
    if !matches!(next, '，' | ',' | '：' | ':' | '要' | '是' | ' ') {
        return None;
    }
    Some(Marker {
        rank: Rank::Enumeration,
        number: n,
        numeral: None,
        number_span: 0..word.len(),
        span: 0..word.len(),
        bracket: Bracket::None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rank(line: &str) -> Option<(Rank, u32)> {
        parse(line)
            .and_then(|h| h.marker)
            .map(|m| (m.rank, m.number))
    }

    #[test]
    fn marker_spans_are_byte_offsets_in_the_line() {
        let line = "## （三）、加强建设";
        let h = parse(line).unwrap();
        let m = h.marker.unwrap();
        assert_eq!(h.markdown_level, Some(2));
        assert_eq!(&line[m.span.clone()], "（三）、");
        assert_eq!(&line[m.number_span.clone()], "三");
        assert_eq!(m.bracket, Bracket::Full);
    }

    #[test]
    fn ordinals_depend_on_the_line() {
        assert_eq!(
            rank("第一，要充分认识加强和改进工会工作的重要意义。"),
            Some((Rank::Chapter, 1))
        );
        let long = "第三，劳动争议纠纷发展呈现新趋势。从近年来本市劳动关系状况看，劳动争议案件数量居高不下。";
        assert_eq!(rank(long), Some((Rank::Enumeration, 3)));
        assert_eq!(rank("第一次会议"), None);
    }
}
