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
    /// 篇一, 第一篇, …篇十六, 篇1, 第1篇, 【第一篇】, （篇一） (one speech of
    /// a collection)
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
    /// 【篇一】, [篇一], 〔篇一〕, ［篇一］: square brackets, which only
    /// collection titles use.
    Square,
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
    parse_expecting(line, None)
}

/// Like [`parse`], where the previous item was numbered `next_item - 1`: then
/// `20.2026年10件民生实事` is item 20 rather than the number 20.2026, which
/// it would be out of sequence.
pub fn parse_expecting(line: &str, next_item: Option<u32>) -> Option<LineHeading> {
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
    let marker = find_marker(&line[i..], next_item).map(|m| Marker {
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
fn find_marker(s: &str, next_item: Option<u32>) -> Option<Marker> {
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
        '（' | '(' => bracketed_volume(s).or_else(|| bracketed(s)),
        '【' | '[' | '〔' | '［' => bracketed_volume(s),
        '首' | '其' | '再' => sequence_word(s),
        _ if numeral::is_chinese_numeral_char(c) => chinese(s),
        _ if is_digit(c) => digits(s, next_item),
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

/// 第一篇 第1篇 第一部分 第一、 第一，
fn ordinal(s: &str) -> Option<Marker> {
    if let Some(volume) = volume_core(s) {
        // 第一篇：…, 第1篇 在…的讲话, 第二篇在…的讲话; not 第3篇文章指出，…。
        let rest = &s[volume.len..];
        let separated = first_char(rest).is_none_or(|c| {
            is_space(c) || matches!(c, '：' | ':' | '、' | '，' | ',' | '.' | '．' | '*')
        });
        let title = rest.chars().count() <= 40 && !rest.contains(is_sentence_end);
        return (separated || title).then(|| volume.marker(0));
    }
    let start = '第'.len_utf8();
    let (n, len) = numeral::parse_chinese(&s[start..])?;
    let number_span = start..start + len;
    let after = &s[number_span.end..];
    let (rank, mark_len) = if after.starts_with("部分") {
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

/// The number of a collection title (篇一, 篇1, 第一篇, 第1篇) at the start
/// of a string.
struct VolumeCore {
    number: u32,
    numeral: Numeral,
    number_span: Range<usize>,
    len: usize,
}

impl VolumeCore {
    /// The marker, its spans shifted by `at` bytes.
    fn marker(self, at: usize) -> Marker {
        let number_span = self.number_span.start + at..self.number_span.end + at;
        Marker {
            span: at..at + self.len,
            ..plain(
                Rank::Volume,
                self.number,
                self.numeral,
                number_span,
                at + self.len,
            )
        }
    }
}

/// A Chinese numeral (一 … 九十九) or one or two digits.
fn any_number(s: &str) -> Option<(u32, usize, Numeral)> {
    numeral::parse_chinese(s)
        .map(|(n, len)| (n, len, Numeral::Chinese))
        .or_else(|| numeral::parse_digits(s))
}

/// 篇一 篇1 第一篇 第1篇 at the start of `s`; not 第一篇章, 第一篇幅 (words).
fn volume_core(s: &str) -> Option<VolumeCore> {
    let ordinal = s.starts_with('第');
    if !ordinal && !s.starts_with('篇') {
        return None;
    }
    let start = first_char(s)?.len_utf8();
    let (number, len, numeral) = any_number(&s[start..])?;
    let mut end = start + len;
    if ordinal {
        end += s[end..].starts_with('篇').then_some('篇'.len_utf8())?;
        if first_char(&s[end..]).is_some_and(|c| matches!(c, '章' | '幅' | '目')) {
            return None;
        }
    }
    Some(VolumeCore {
        number,
        numeral,
        number_span: start..start + len,
        len: end,
    })
}

/// 篇一 or 篇1 at the start of a line, followed by its title or nothing.
fn volume_prefix(s: &str) -> Option<Marker> {
    let core = volume_core(s)?;
    let next = first_char(&s[core.len..]);
    if next.is_some_and(|c| !(is_space(c) || matches!(c, '：' | ':' | '、' | '　' | '*'))) {
        return None;
    }
    Some(core.marker(0))
}

/// The closing bracket of `open`, and the width of the pair.
fn closing_bracket(open: char) -> Option<(char, Bracket)> {
    Some(match open {
        '（' => ('）', Bracket::Full),
        '(' => (')', Bracket::Half),
        '【' => ('】', Bracket::Square),
        '[' => (']', Bracket::Square),
        '〔' => ('〕', Bracket::Square),
        '［' => ('］', Bracket::Square),
        _ => return None,
    })
}

/// 【第一篇】 （篇一） [篇2] at the start of `s`, followed by anything.
fn bracketed_volume(s: &str) -> Option<Marker> {
    let open = first_char(s)?;
    let (close, mut bracket) = closing_bracket(open)?;
    let at = open.len_utf8();
    let core = volume_core(&s[at..])?;
    let end = at + core.len;
    let closed = first_char(&s[end..])?;
    if closed != close {
        // （篇一) or (篇一）: one of each width.
        matches!((open, closed), ('（', ')') | ('(', '）')).then_some(())?;
        bracket = Bracket::Mixed;
    }
    let len = end + closed.len_utf8();
    Some(Marker {
        span: 0..len,
        bracket,
        ..core.marker(at)
    })
}

/// 工会领导工作总结篇一, ……工作总结 篇1, ……范文（篇二）, ……【第三篇】: a short
/// title ending in a collection number, as the template collections number
/// their speeches.
fn volume_suffix(s: &str) -> Option<Marker> {
    // Short titles only (40 characters, 4 bytes each at most).
    if s.len() > 160 || !s.contains('篇') {
        return None;
    }
    let title = s.trim_end_matches(|c: char| is_space(c) || c == '*' || c == '#');
    if title.chars().count() > 40 || title.contains(['。', '，']) {
        return None;
    }
    let last = title.chars().next_back()?;
    let start = match last {
        '）' | ')' | '】' | ']' | '〕' | '］' => {
            title.rfind(['（', '(', '【', '[', '〔', '［'])?
        }
        _ => title.rfind('篇')?,
    };
    if start == 0 {
        return None;
    }
    let tail = &title[start..];
    if first_char(tail)? == '篇' {
        let core = volume_core(tail).filter(|core| core.len == tail.len())?;
        return Some(core.marker(start));
    }
    let m = bracketed_volume(tail).filter(|m| m.span.end == tail.len())?;
    Some(Marker {
        span: start..title.len(),
        number_span: m.number_span.start + start..m.number_span.end + start,
        ..m
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
/// 1、2月份, 2006年 or 1-3月份 — unless the number is `next_item`, the one the
/// items before it lead to.
fn digits(s: &str, next_item: Option<u32>) -> Option<Marker> {
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
        let in_sequence = rank == Rank::Item && next_item == Some(n);
        if !in_sequence || reads_as_a_decimal(&s[end..]) {
            return None;
        }
    }
    Some(plain(rank, n, numeral, 0..len, end))
}

/// The digits after `3.` continue a quantity (3.5%, 1.2万, 2.5倍, 1.2.3)
/// rather than open a title (20.2026年…, 21.5+2就业之家).
fn reads_as_a_decimal(after_mark: &str) -> bool {
    let rest = after_mark.trim_start_matches(is_digit);
    rest.is_empty() || rest.starts_with(['%', '％', '‰', '万', '亿', '千', '百', '倍', '.', '．'])
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
