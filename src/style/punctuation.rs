//! Punctuation in Chinese prose (GB/T 15834): half-width marks where the
//! full-width ones belong, straight quotes, doubled marks, the ellipsis and
//! the dash written the Western way, and spaces between Chinese characters
//! or between Chinese and digits (2025 年 → 2025年).
//!
//! Only prose is looked at ([`super::prose`]): code, URLs, e-mail addresses
//! and the section marker opening a line are not. A half-width mark is
//! reported only with Chinese on its side, never in numbers (3.5%, 1,000,
//! 10:30) or Latin text.

use super::candidates::{DOUBLED, PUNCTUATION};
use super::prose::{for_each_line, Line};
use super::Problem;
use crate::outline::numeral::is_chinese_numeral_char;
use crate::placeholder::traps::is_cjk_punct;
use crate::text::{is_digit, is_han, Syntax};

/// Every punctuation problem of `text`, in text order.
pub fn check(text: &str, syntax: Syntax) -> Vec<Problem> {
    let mut out = Vec::new();
    for_each_line(text, syntax, |line| check_line(line, &mut out));
    out
}

/// Chinese on the side of a mark: a Han character or full-width punctuation.
fn is_chinese(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Horizontal space a half-width mark may have around it.
fn is_gap(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Index of the nearest char of context before `i`, skipping spaces, `*`
/// (Markdown emphasis: **重点**:) and other half-width marks (条件?;).
fn left(line: &Line, i: usize) -> Option<usize> {
    (0..i)
        .rev()
        .find(|&k| {
            !matches!(
                line.chars[k].1,
                ' ' | '\t' | '*' | ',' | ';' | ':' | '?' | '!'
            )
        })
        .filter(|&k| line.is_context(k))
}

/// Whether the char before a mark at `i`, at `l`, is a short Latin token
/// right after Chinese: a placeholder (和谐XX,需要) or a stray letter.
fn short_latin_after_chinese(line: &Line, l: usize) -> bool {
    let letters = line.chars[..=l]
        .iter()
        .rev()
        .take_while(|&&(_, c)| c.is_ascii_alphabetic())
        .count();
    (1..=2).contains(&letters)
        && l + 1 >= letters
        && (l + 1 == letters || is_chinese(line.chars[l + 1 - letters - 1].1))
}

/// Index of the nearest prose char at or after `i`, skipping spaces and `*`.
fn right(line: &Line, i: usize) -> Option<usize> {
    (i..line.chars.len())
        .find(|&k| !matches!(line.chars[k].1, ' ' | '\t' | '*'))
        .filter(|&k| line.is_prose(k))
}

fn run_len(line: &Line, i: usize, c: char) -> usize {
    line.chars[i..].iter().take_while(|&&(_, d)| d == c).count()
}

/// Chars `from..to` widened over the spaces right around them.
fn with_gaps(line: &Line, from: usize, to: usize) -> std::ops::Range<usize> {
    let mut a = from;
    while a > 0 && is_gap(line.chars[a - 1].1) && line.is_prose(a - 1) {
        a -= 1;
    }
    let mut b = to;
    while b < line.chars.len() && is_gap(line.chars[b].1) && line.is_prose(b) {
        b += 1;
    }
    // Spaces only where the mark sits inside the line, never at its ends.
    if a == 0 {
        a = from;
    }
    if b == line.chars.len() {
        b = to;
    }
    a..b
}

fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        '.' => '。',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        other => other,
    }
}

/// The punctuation problems of one line.
pub fn check_line(line: &Line, out: &mut Vec<Problem>) {
    // Nothing it looks at (most lines: Han characters, ，and 。).
    if line.candidates & (PUNCTUATION | DOUBLED) == 0 {
        return;
    }
    let n = line.chars.len();
    let english = is_english(line);
    let mut i = 0;
    while i < n {
        if !line.is_prose(i) {
            i += 1;
            continue;
        }
        let c = line.chars[i].1;
        let step = match c {
            // An English line keeps its half-width marks and quotes.
            ',' | ';' | ':' | '?' | '!' | '.' | '(' if english => 1,
            ',' | ';' | ':' | '?' | '!' => half_width_mark(line, i, out),
            '.' => dots(line, i, out),
            '。' => periods(line, i, out),
            '，' | '：' | '；' | '、' => doubled(line, i, c, out),
            '…' => ellipsis_char(line, i, out),
            '-' => dash(line, i, out),
            '(' => {
                parentheses(line, i, out);
                1
            }
            ' ' | '\t' => spaces(line, i, out),
            _ => 1,
        };
        i += step.max(1);
    }
    if !english {
        quotes(line, '"', '“', '”', out);
        quotes(line, '\'', '‘', '’', out);
    }
}

/// A line written in English that names a few Chinese words — a reference
/// (Smith J, 张三, Li K.), a note in a bilingual draft: its prose has at
/// least [`ENGLISH_LETTERS`] Latin letters and three times as many as Han
/// characters.
fn is_english(line: &Line) -> bool {
    let (mut letters, mut han) = (0, 0);
    for (i, &(_, c)) in line.chars.iter().enumerate() {
        if line.is_prose(i) {
            letters += usize::from(c.is_ascii_alphabetic());
            han += usize::from(is_han(c));
        }
    }
    letters >= ENGLISH_LETTERS && letters > 3 * han
}

/// Latin letters a line needs to count as English (a few words).
const ENGLISH_LETTERS: usize = 20;

fn half_width_mark(line: &Line, i: usize, out: &mut Vec<Problem>) -> usize {
    let c = line.chars[i].1;
    let left_at = left(line, i);
    let l = left_at.map(|k| line.chars[k].1);
    let r = right(line, i + 1).map(|k| line.chars[k].1);
    // ![image](…) in Markdown.
    if c == '!' && r == Some('[') {
        return 1;
    }
    // After 、 or ， a ? stands for a character lost in an encoding.
    if matches!(c, '?' | '!') && matches!(l, Some('、' | '，')) {
        return 1;
    }
    let after_chinese = l.is_some_and(is_chinese) && !r.is_some_and(|r| r.is_ascii_alphabetic());
    let before_chinese = r.is_some_and(is_han)
        && (l.is_some_and(|l| l.is_ascii_digit() || l == '%')
            || left_at.is_some_and(|k| short_latin_after_chinese(line, k)));
    if after_chinese || before_chinese {
        let wide = full_width(c).to_string();
        let range = line.bytes(with_gaps(line, i, i + 1));
        out.push(Problem::replace(
            range,
            format!("中文里用了半角标点“{c}”，应为全角“{wide}”"),
            &wide,
        ));
    }
    1
}

/// `.` after Chinese ends a sentence (。); a run of dots is an ellipsis.
fn dots(line: &Line, i: usize, out: &mut Vec<Problem>) -> usize {
    let n = run_len(line, i, '.');
    let l = left(line, i).map(|k| line.chars[k].1);
    let r = right(line, i + n).map(|k| line.chars[k].1);
    let chinese_side = l.is_some_and(is_chinese) || r.is_some_and(is_chinese);
    if n == 1 {
        if l.is_some_and(is_chinese) && r.is_none_or(|r| is_chinese(r) && r != '…') {
            let range = line.bytes(with_gaps(line, i, i + 1));
            out.push(Problem::replace(
                range,
                "中文里用了半角句点“.”，应为句号“。”".into(),
                "。",
            ));
        }
    } else if n >= 3 && chinese_side {
        out.push(ellipsis(line, i, n, "..."));
    }
    n
}

fn ellipsis(line: &Line, i: usize, n: usize, written: &str) -> Problem {
    Problem::replace(
        line.bytes(i..i + n),
        format!("省略号写成了“{written}”，应为“……”"),
        "……",
    )
}

fn periods(line: &Line, i: usize, out: &mut Vec<Problem>) -> usize {
    let n = run_len(line, i, '。');
    if n == 2 {
        out.push(Problem::replace(
            line.bytes(i..i + 2),
            "标点重复“。。”".into(),
            "。",
        ));
    } else if n >= 3 {
        out.push(ellipsis(line, i, n, "。。。"));
    }
    n
}

fn doubled(line: &Line, i: usize, c: char, out: &mut Vec<Problem>) -> usize {
    let n = run_len(line, i, c);
    if n >= 2 {
        let written: String = std::iter::repeat_n(c, n).collect();
        out.push(Problem::replace(
            line.bytes(i..i + n),
            format!("标点重复“{written}”"),
            &c.to_string(),
        ));
    }
    n
}

/// A lone `…` (the ellipsis is two of them, ……).
fn ellipsis_char(line: &Line, i: usize, out: &mut Vec<Problem>) -> usize {
    let n = run_len(line, i, '…');
    let l = i.checked_sub(1).and_then(|k| line.char_at(k));
    let r = line.char_at(i + n);
    if n == 1 && (l.is_some_and(is_chinese) || r.is_some_and(is_chinese)) {
        out.push(ellipsis(line, i, 1, "…"));
    }
    n
}

/// `-` or `--` between Chinese clauses (not between numerals: 一-三).
fn dash(line: &Line, i: usize, out: &mut Vec<Problem>) -> usize {
    let n = run_len(line, i, '-');
    let l = left(line, i).map(|k| line.chars[k].1);
    let r = right(line, i + n).map(|k| line.chars[k].1);
    let numerals = l.is_some_and(is_chinese_numeral_char) && r.is_some_and(is_chinese_numeral_char);
    // A single hyphen between names is the connecting mark of GB/T 15834
    // (北京-雄安, 科技-产业-金融); spaced out or doubled it is a dash.
    let spaced = i > 0 && is_gap(line.chars[i - 1].1) || line.char_at(i + n).is_some_and(is_gap);
    if n <= 2
        && (n == 2 || spaced)
        && l.is_some_and(is_chinese)
        && r.is_some_and(is_han)
        && !numerals
    {
        let written: String = std::iter::repeat_n('-', n).collect();
        out.push(Problem::replace(
            line.bytes(with_gaps(line, i, i + n)),
            format!("破折号写成了“{written}”，应为“——”"),
            "——",
        ));
    }
    n
}

/// A `(` … `)` pair around Chinese. Brackets around a number alone ((一),
/// (1)) are numbering, the outline's business; `](` is a Markdown link.
fn parentheses(line: &Line, i: usize, out: &mut Vec<Problem>) {
    if i > 0 && line.chars[i - 1].1 == ']' {
        return;
    }
    let Some(close) = (i + 1..line.chars.len()).find(|&k| matches!(line.chars[k].1, ')' | '('))
    else {
        return;
    };
    if line.chars[close].1 != ')' || !line.is_prose(close) {
        return;
    }
    let inside = &line.chars[i + 1..close];
    let numeral = inside
        .iter()
        .all(|&(_, c)| is_chinese_numeral_char(c) || is_digit(c));
    if numeral || !inside.iter().any(|&(_, c)| is_han(c)) {
        return;
    }
    // In an English sentence — "The report (政府工作报告) is read" —
    // half-width brackets are right: Chinese on neither side, a Latin
    // letter on one.
    let outside = [left(line, i), right(line, close + 1)].map(|k| k.map(|k| line.chars[k].1));
    if outside.iter().all(|c| c.is_none_or(|c| !is_chinese(c)))
        && outside
            .iter()
            .any(|c| c.is_some_and(|c| c.is_ascii_alphabetic()))
    {
        return;
    }
    for (k, wide) in [(i, "（"), (close, "）")] {
        let c = line.chars[k].1;
        out.push(Problem::replace(
            line.bytes(k..k + 1),
            format!("中文里用了半角括号“{c}”，应为全角“{wide}”"),
            wide,
        ));
    }
}

/// Spaces between Chinese characters, or between Chinese and digits.
fn spaces(line: &Line, i: usize, out: &mut Vec<Problem>) -> usize {
    let mut j = i;
    while j < line.chars.len() && is_gap(line.chars[j].1) {
        j += 1;
    }
    if i == 0 || j == line.chars.len() || !line.is_prose(i - 1) || !line.is_prose(j) {
        return j - i;
    }
    let (a, b) = (line.chars[i - 1].1, line.chars[j].1);
    let digit = |c: char| is_digit(c);
    let wanted = (is_han(a) && (is_han(b) || digit(b))) || (digit(a) && is_han(b));
    if !wanted
        || spaced_out(line, is_han(a) && is_han(b))
        || after_ordinal(line, i)
        || line.text.starts_with('|')
        || in_quotes(line, i)
    {
        return j - i;
    }
    let message = if is_han(a) && is_han(b) {
        "汉字之间多了空格"
    } else {
        "汉字与数字之间多了空格"
    };
    out.push(Problem {
        fix: Some(super::Fix {
            title: "删除空格".into(),
            edits: vec![super::Edit {
                range: line.bytes(i..j),
                text: String::new(),
            }],
        }),
        ..Problem::replace(line.bytes(i..j), message.into(), "")
    });
    j - i
}

/// A line laid out with spaces rather than written as prose: a title, a
/// signature (省长 王清宪), a name (龚 正), a spaced-out heading (全 年 工 作
/// 总 结): no full-width punctuation, and spaced three times or, for a space
/// between Han characters (`between_han`), short.
fn spaced_out(line: &Line, between_han: bool) -> bool {
    let chars = &line.chars;
    if chars.iter().any(|&(_, c)| is_cjk_punct(c)) {
        return false;
    }
    let gaps = (1..chars.len().saturating_sub(1))
        .filter(|&k| is_gap(chars[k].1) && is_han(chars[k - 1].1) && is_han(chars[k + 1].1))
        .count();
    gaps >= 3 || (between_han && chars.len() <= 30)
}

/// Whether char `i` is inside “…”: a slogan in parts (“雄奇山水 新韵重庆”).
fn in_quotes(line: &Line, i: usize) -> bool {
    let before = line.chars[..i]
        .iter()
        .rev()
        .find(|&&(_, c)| c == '“' || c == '”');
    before.is_some_and(|&(_, c)| c == '“') && line.chars[i..].iter().any(|&(_, c)| c == '”')
}

/// Whether the space at `i` follows an ordinal heading: 第一章 总则,
/// 第三条 为了…
fn after_ordinal(line: &Line, i: usize) -> bool {
    let before = &line.text[..line.offset(i) - line.base];
    let Some(head) = before.strip_suffix(['章', '节', '条', '款', '编', '篇', '部', '分'])
    else {
        return false;
    };
    let head = head.strip_suffix('部').unwrap_or(head);
    let numerals = head.trim_end_matches(|c: char| is_chinese_numeral_char(c) || is_digit(c));
    numerals.len() < head.len() && numerals.ends_with('第')
}

/// Straight quotes in Chinese prose, paired along the line with the curly
/// ones already there: an opening one becomes `open`, a closing one `close`.
fn quotes(line: &Line, straight: char, open: char, close: char, out: &mut Vec<Problem>) {
    // A look at the bytes: most lines have no straight quote.
    if memchr::memchr(straight as u8, line.text.as_bytes()).is_none() {
        return;
    }
    let near_chinese = |k: usize| {
        let l = k.checked_sub(1).and_then(|k| line.char_at(k));
        let r = line.char_at(k + 1);
        l.is_some_and(is_chinese) || r.is_some_and(is_chinese)
    };
    // Quotes of the line, in order: (index, is straight).
    let marks: Vec<usize> = (0..line.chars.len())
        .filter(|&k| line.is_prose(k))
        .filter(|&k| {
            let c = line.chars[k].1;
            c == open || c == close || (c == straight && (straight == '"' || near_chinese(k)))
        })
        .collect();
    let mut opened: Option<usize> = None;
    let mut pending: Vec<(usize, char)> = Vec::new();
    let flush = |pair: &[(usize, char)], out: &mut Vec<Problem>| {
        for &(k, wide) in pair {
            out.push(Problem::replace(
                line.bytes(k..k + 1),
                format!("中文里用了直引号“{straight}”，应为“{wide}”"),
                &wide.to_string(),
            ));
        }
    };
    for k in marks {
        let c = line.chars[k].1;
        match (opened, c) {
            (None, c) if c == close => {}
            (None, _) => {
                opened = Some(k);
                pending.clear();
                if c == straight {
                    pending.push((k, open));
                }
            }
            (Some(o), c) if c == open => {
                // An opening curly quote while one is open: the earlier one
                // is left unpaired.
                unpaired(line, o, straight, open, out);
                opened = Some(k);
                pending.clear();
            }
            (Some(o), _) => {
                if c == straight {
                    pending.push((k, close));
                }
                let chinese = pending.iter().any(|&(k, _)| near_chinese(k))
                    || line.chars[o + 1..k].iter().any(|&(_, c)| is_han(c));
                if chinese {
                    flush(&pending, out);
                }
                opened = None;
                pending.clear();
            }
        }
    }
    if let Some(o) = opened {
        unpaired(line, o, straight, open, out);
    }
}

fn unpaired(line: &Line, k: usize, straight: char, open: char, out: &mut Vec<Problem>) {
    let c = line.chars[k].1;
    let chinese = line.chars[k + 1..].iter().any(|&(_, c)| is_han(c));
    if c == straight && !chinese {
        return;
    }
    out.push(Problem {
        range: line.bytes(k..k + 1),
        message: format!(
            "引号“{c}”没有配对的{}",
            if c == open || c == straight {
                "后引号"
            } else {
                "前引号"
            }
        ),
        fix: None,
        related: Vec::new(),
    });
}
