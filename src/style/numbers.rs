//! Numbers (GB/T 15835): 〇 in Chinese-numeral years (二○二六 → 二〇二六),
//! full-width digits and letters in prose (２０２６ → 2026), and the same
//! kind of number written two ways in one draft (2026年 and 二〇二六年;
//! 5% and 百分之五), reported once with every place of the rarer way.

use super::candidates::{Candidates, CN_DIGIT, FULL_WIDTH, PERCENT, WRONG_ZERO, YEAR};
use super::prose::{for_each_line, Line};
use super::{Fix, Problem};
use crate::placeholder::traps::is_cn_numeral;
use crate::text::Syntax;
use std::ops::Range;

/// Every number-style problem of `text`, in text order.
pub fn check(text: &str, syntax: Syntax) -> Vec<Problem> {
    let mut numbers = Numbers::default();
    for_each_line(text, syntax, |line| numbers.line(line));
    numbers.finish()
}

/// The number-style problems of a draft, gathered line by line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Numbers {
    out: Vec<Problem>,
    years: Styles,
    percentages: Styles,
}

impl Numbers {
    /// Each rule reads the line's characters one by one; the characters it
    /// looks for, noted while decoding the line, first skip the rules it
    /// gives nothing to (most lines of a draft).
    pub fn line(&mut self, line: &Line) {
        let has = |flags: Candidates| line.candidates & flags == flags;
        // A wrong zero in a run with two Chinese digits.
        if has(CN_DIGIT | WRONG_ZERO) {
            zeros(line, &mut self.out);
        }
        if has(FULL_WIDTH) {
            full_width(line, &mut self.out);
        }
        if has(YEAR) {
            years(line, &mut self.years);
        }
        if has(PERCENT) {
            percentages(line, &mut self.percentages);
        }
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty() && self.years.is_empty() && self.percentages.is_empty()
    }

    /// Adds what `line` found (its offsets from a line start at `at`).
    pub fn absorb(&mut self, line: &Numbers, at: usize) {
        self.out.extend(line.out.iter().map(|p| p.shifted(at)));
        self.years.absorb(&line.years, at);
        self.percentages.absorb(&line.percentages, at);
    }

    /// Every problem, in text order.
    pub fn finish(mut self) -> Vec<Problem> {
        let mut out = std::mem::take(&mut self.out);
        out.extend(self.years.mixed(YEARS));
        out.extend(self.percentages.mixed(PERCENTAGES));
        out.sort_by_key(|p| (p.range.start, p.range.end));
        // A full-width zero in a year (二０二六) is the year's problem alone.
        let mut end = 0;
        out.retain(|p| {
            let keep = p.range.start >= end || p.fix.is_none();
            if keep && p.fix.is_some() {
                end = p.range.end;
            }
            keep
        });
        out
    }
}

/// A Chinese digit of a year, zero excepted.
fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
    )
}

/// What stands for zero in a Chinese-numeral year, 〇 itself included.
fn is_zero_like(c: char) -> bool {
    matches!(
        c,
        '〇' | '○' | '零' | 'O' | 'Ｏ' | '0' | '０' | 'o' | 'ｏ' | '◯'
    )
}

/// Runs of Chinese year digits: a year is four of them before 年; a zero
/// other than 〇 between two Chinese digits is never right either.
fn zeros(line: &Line, out: &mut Vec<Problem>) {
    let chars = &line.chars;
    let mut i = 0;
    while i < chars.len() {
        let is_year_char =
            |k: usize| line.is_prose(k) && (is_cn_digit(chars[k].1) || is_zero_like(chars[k].1));
        if !is_year_char(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_year_char(i) {
            i += 1;
        }
        let run = &chars[start..i];
        let digits = run.iter().filter(|&&(_, c)| is_cn_digit(c)).count();
        let wrong = |k: usize| is_zero_like(run[k].1) && run[k].1 != '〇';
        let year = run.len() == 4 && digits >= 2 && line.char_at(i) == Some('年');
        let between = (1..run.len().saturating_sub(1))
            .any(|k| wrong(k) && matches!(run[k].1, '○' | '◯' | 'O' | 'Ｏ'));
        if !(year || (between && digits >= 2)) || !(0..run.len()).any(wrong) {
            continue;
        }
        let written: String = run.iter().map(|&(_, c)| c).collect();
        let fixed: String = run
            .iter()
            .map(|&(_, c)| if is_zero_like(c) { '〇' } else { c })
            .collect();
        out.push(Problem::replace(
            line.bytes(start..i),
            format!("年份“{written}”中的零应写作“〇”"),
            &fixed,
        ));
    }
}

fn is_full_width_alnum(c: char) -> bool {
    ('０'..='９').contains(&c) || ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c)
}

fn narrow(c: char) -> char {
    if is_full_width_alnum(c) || c == '．' {
        char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

/// Runs of full-width digits and letters (with a ． between digits).
fn full_width(line: &Line, out: &mut Vec<Problem>) {
    let chars = &line.chars;
    let mut i = 0;
    while i < chars.len() {
        if !line.is_prose(i) || !is_full_width_alnum(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && line.is_prose(i) {
            let c = chars[i].1;
            let decimal_point = c == '．'
                && i > start
                && line
                    .char_at(i + 1)
                    .is_some_and(|d| ('０'..='９').contains(&d));
            if !(is_full_width_alnum(c) || decimal_point) {
                break;
            }
            i += 1;
        }
        let written: String = chars[start..i].iter().map(|&(_, c)| c).collect();
        let fixed: String = written.chars().map(narrow).collect();
        let what = if written
            .chars()
            .all(|c| ('０'..='９').contains(&c) || c == '．')
        {
            "数字"
        } else {
            "字母"
        };
        out.push(Problem::replace(
            line.bytes(start..i),
            format!("全角{what}“{written}”应为半角“{fixed}”"),
            &fixed,
        ));
    }
}

/// The places one kind of number is written each of two ways.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Styles {
    arabic: Vec<Range<usize>>,
    chinese: Vec<Range<usize>>,
}

/// What a kind of number and its two ways are called.
struct Names {
    kind: &'static str,
    arabic: &'static str,
    chinese: &'static str,
}

const YEARS: Names = Names {
    kind: "年份",
    arabic: "阿拉伯数字（如2026年）",
    chinese: "汉字（如二〇二六年）",
};

const PERCENTAGES: Names = Names {
    kind: "百分数",
    arabic: "阿拉伯数字（如5%）",
    chinese: "汉字（如百分之五）",
};

impl Styles {
    fn is_empty(&self) -> bool {
        self.arabic.is_empty() && self.chinese.is_empty()
    }

    fn absorb(&mut self, line: &Styles, at: usize) {
        let shift = |r: &Range<usize>| r.start + at..r.end + at;
        self.arabic.extend(line.arabic.iter().map(shift));
        self.chinese.extend(line.chinese.iter().map(shift));
    }

    /// One problem, at the first place of the rarer way, when both occur.
    fn mixed(&self, names: Names) -> Option<Problem> {
        if self.arabic.is_empty() || self.chinese.is_empty() {
            return None;
        }
        let (rare, rare_name, common_name, common) = if self.chinese.len() <= self.arabic.len() {
            (&self.chinese, names.chinese, names.arabic, &self.arabic)
        } else {
            (&self.arabic, names.arabic, names.chinese, &self.chinese)
        };
        Some(Problem {
            range: rare[0].clone(),
            message: format!(
                "{}的写法不统一：{}处用{common_name}，{}处用{rare_name}",
                names.kind,
                common.len(),
                rare.len()
            ),
            fix: None::<Fix>,
            related: rare[1..].to_vec(),
        })
    }
}

/// Years that set phrases write in Chinese numerals whatever the draft does
/// (到二〇三五年基本实现社会主义现代化).
const SET_YEARS: &[&str] = &["二〇三五", "二○三五", "二〇五〇", "二○五○"];

/// Four digits before 年, Arabic or Chinese.
fn years(line: &Line, styles: &mut Styles) {
    let chars = &line.chars;
    for k in 4..chars.len() {
        if chars[k].1 != '年' || !line.is_prose(k) {
            continue;
        }
        let run = &chars[k - 4..k];
        let before = k.checked_sub(5).map(|b| chars[b].1);
        let arabic = run.iter().all(|&(_, c)| c.is_ascii_digit())
            && !before.is_some_and(|b| b.is_ascii_digit());
        let chinese = run.iter().all(|&(_, c)| is_cn_digit(c) || is_zero_like(c))
            && run.iter().filter(|&&(_, c)| is_cn_digit(c)).count() >= 2
            && !before.is_some_and(|b| is_cn_digit(b) || is_zero_like(b));
        if arabic {
            styles.arabic.push(line.bytes(k - 4..k + 1));
        } else if chinese
            && !SET_YEARS
                .contains(&&line.text[line.offset(k - 4) - line.base..line.offset(k) - line.base])
        {
            styles.chinese.push(line.bytes(k - 4..k + 1));
        }
    }
}

/// 5%, 3.5% and 百分之五.
fn percentages(line: &Line, styles: &mut Styles) {
    let chars = &line.chars;
    for k in 0..chars.len() {
        let c = chars[k].1;
        if !matches!(c, '%' | '％' | '百') || !line.is_prose(k) {
            continue;
        }
        if c != '百' && k > 0 && chars[k - 1].1.is_ascii_digit() {
            styles.arabic.push(line.bytes(k - 1..k + 1));
        } else if c == '百' && line.text[line.offset(k) - line.base..].starts_with("百分之") {
            let digits = chars[k + 3..]
                .iter()
                .take_while(|&&(_, c)| is_cn_numeral(c) || c == '点')
                .count();
            styles.chinese.push(line.bytes(k..k + 3 + digits));
        }
    }
}
