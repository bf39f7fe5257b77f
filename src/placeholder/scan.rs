//! The scanner: finds the placeholders of a text, line by line, as byte ranges.
//!
//! It walks each line once; at a character that can start a placeholder
//! (a digit, x, ×, 某, _, *, □, an opening quote or bracket …) one handler
//! decides, looking only at the neighbourhood, whether it is a slot, and
//! returns where scanning goes on.

use super::gap;
use super::kind::Kind;
use super::markdown;
use super::traps::{
    is_chinese, is_cn_digit, is_cn_numeral, is_digit, is_dimension, is_footnote_star, is_latin,
    is_other_alnum, is_space, is_token_char, is_url_or_email, is_x, is_x_word,
};
use crate::text::script::to_simplified;
use crate::text::{is_han, Syntax};
use std::ops::Range;

/// One placeholder found by the scanner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub range: Range<usize>,
    pub kind: Kind,
}

/// Every placeholder of `text`, written in `syntax`, in order, not
/// overlapping. Plain text has no code fences, code spans or emphasis.
pub fn scan(text: &str, syntax: Syntax) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut scanner = Scanner::new(syntax);
    let mut carry = Carry::default();
    let mut offset = 0;
    for raw in lines(text) {
        carry = scanner.line(raw, offset, carry, &mut hits);
        offset += raw.len();
    }
    hits
}

/// The lines the scanner works on, each with its line break: every
/// placeholder lies within one, so a caller may rescan only the lines an
/// edit touched (what `analysis` does). Concatenated, they are the text.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive('\n')
}

/// What one line hands on to the next: the Markdown code fence left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Carry {
    fence: Option<(char, u32)>,
}

/// Scans the lines of a text written in one syntax, reusing its buffers.
#[derive(Debug)]
pub struct Scanner {
    syntax: Syntax,
    chars: Vec<(usize, char)>,
}

impl Scanner {
    pub fn new(syntax: Syntax) -> Scanner {
        Scanner {
            syntax,
            chars: Vec::new(),
        }
    }

    /// Scans `raw`, one of [`lines`] (its line break included), which starts
    /// at byte `base` of the text, after a line that handed on `carry`.
    /// Pushes its placeholders to `hits` (absolute byte ranges) and returns
    /// what it hands on.
    pub fn line(&mut self, raw: &str, base: usize, carry: Carry, hits: &mut Vec<Hit>) -> Carry {
        let line = raw.trim_end_matches(['\n', '\r']);
        let mut fence = carry.fence;
        if let Some(f) = markdown::fence(line).filter(|_| self.syntax == Syntax::Markdown) {
            match fence {
                None => fence = Some(f),
                Some(open)
                    if markdown::closes(open, f) && line.trim().chars().all(|c| c == f.0) =>
                {
                    fence = None
                }
                Some(_) => {}
            }
            return Carry { fence };
        }
        if fence.is_some()
            || line.is_ascii() && !ascii_may_hold(line)
            || markdown::is_thematic_break(line)
        {
            return Carry { fence };
        }
        self.chars.clear();
        self.chars.extend(line.char_indices());
        LineScan::new(line, base, &self.chars, self.syntax, hits).run();
        Carry { fence }
    }
}

/// A character that never starts a placeholder: a Han character other than
/// 一, 二 (years) and 某, or a common Chinese punctuation mark.
fn is_inert(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) && !matches!(c, '一' | '二' | '某')
        || matches!(
            c,
            '，' | '。' | '、' | '：' | '；' | '”' | '’' | '！' | '？' | '）' | '》' | '】'
        )
}

/// A pure-ASCII line can only hold x-, _-, *- and ()-style placeholders
/// (a bare space or a broken year needs a Chinese character beside it).
fn ascii_may_hold(line: &str) -> bool {
    line.bytes()
        .any(|b| matches!(b, b'x' | b'X' | b'_' | b'*' | b'(' | b'[' | b'"'))
}

/// Punctuation that may surround an x-run inside an ASCII token without
/// making it a Latin word or a formula: “(XX)”, “X.X%”, “**XX**”.
const X_TOKEN_PUNCT: &[char] = &[
    '%', '.', '(', ')', '[', ']', '"', '\'', ',', ':', ';', '!', '?', '*', '~',
];

/// Separators of a year range: 20xx-20xx, 20xx—20xx, 20xx至20xx.
const RANGE_SEPARATORS: &[char] = &['-', '–', '—', '~', '～', '－', '至', '到'];

/// What can follow a number (simplified script): X亿元, X个, X%.
const NUMBER_UNITS: &str = "%％‰亿万千百元个家名人项场篇批次年月日天周倍余多件所条位户台辆吨米里亩份期轮座处起支款种类块只分秒时度角斤张本套间栋层例票股笔宗枚封颗根号";

/// What follows 大 in “xx大精神”, “xx大以来” (a congress, not XX大学).
const CONGRESS_FOLLOWERS: &str =
    "精以报和及提召的上后前闭胜关代重部作确要指强明开政决通新、，。；：”";

struct LineScan<'a, 'h> {
    line: &'a str,
    base: usize,
    chars: &'a [(usize, char)],
    code: Vec<Range<usize>>,
    literal: Vec<(char, Range<usize>)>,
    task: Option<Range<usize>>,
    hits: &'h mut Vec<Hit>,
}

impl<'a, 'h> LineScan<'a, 'h> {
    fn new(
        line: &'a str,
        base: usize,
        chars: &'a [(usize, char)],
        syntax: Syntax,
        hits: &'h mut Vec<Hit>,
    ) -> Self {
        let code = if syntax == Syntax::Markdown && line.contains('`') {
            markdown::code_spans(chars)
        } else {
            Vec::new()
        };
        let literal = if line.contains(['*', '_']) {
            markdown::literal_delimiters(chars, &code, syntax)
        } else {
            Vec::new()
        };
        LineScan {
            line,
            base,
            chars,
            code,
            literal,
            task: markdown::task_box(chars),
            hits,
        }
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.chars.len() {
            // Fast path: most characters of a draft are Han characters that
            // cannot start a placeholder.
            if is_inert(self.chars[i].1) {
                i += 1;
                continue;
            }
            if let Some(span) = self.code.iter().find(|s| s.start == i) {
                i = span.end;
                continue;
            }
            let c = self.chars[i].1;
            let next = match c {
                _ if is_digit(c) => self.digit_year(i),
                '一' | '二' => self.cn_year(i),
                _ if is_x(c) => self.x_run(i),
                '×' => self.times_run(i),
                '某' => self.mou_run(i),
                '_' | '*' => self.delimiter(i),
                '\\' => self.escaped_stars(i),
                '＊' => {
                    let j = self.run_end(i, |c| c == '＊');
                    self.redaction(i, j);
                    Some(j)
                }
                '＿' => self.wide_blank(i),
                ' ' | '\u{3000}' | '\u{a0}' => self.bare_space(i),
                '□' => self.boxes(i),
                '○' | '〇' => self.circles(i),
                '“' | '‘' | '【' | '［' | '（' | '〔' | '《' | '「' | '『' | '(' | '[' | '"' => {
                    self.empty_pair(i)
                }
                _ => None,
            };
            i = next.unwrap_or(i + 1);
        }
    }

    // ---- helpers -------------------------------------------------------

    fn c(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    fn prev(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|k| self.c(k))
    }

    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.line.len(), |&(b, _)| b)
    }

    fn text(&self, r: Range<usize>) -> &'a str {
        &self.line[self.byte(r.start)..self.byte(r.end)]
    }

    fn run_end(&self, i: usize, f: impl Fn(char) -> bool) -> usize {
        i + self.chars[i..].iter().take_while(|&&(_, c)| f(c)).count()
    }

    /// The nearest char before `i`, skipping spaces, and whether spaces were skipped.
    fn prev_non_space(&self, i: usize) -> (Option<char>, bool) {
        let k = self.chars[..i]
            .iter()
            .rev()
            .take_while(|&&(_, c)| is_space(c))
            .count();
        (self.prev(i - k), k > 0)
    }

    /// The nearest char at or after `j`, skipping spaces, and whether spaces were skipped.
    fn next_non_space(&self, j: usize) -> (Option<char>, bool) {
        let k = self.chars[j.min(self.chars.len())..]
            .iter()
            .take_while(|&&(_, c)| is_space(c))
            .count();
        (self.c(j + k), k > 0)
    }

    /// Up to `n` chars after `j`, folded to simplified script.
    fn after(&self, j: usize, n: usize) -> String {
        to_simplified(self.text(j.min(self.chars.len())..(j + n).min(self.chars.len())))
    }

    /// Up to `n` chars before `i`, folded to simplified script.
    fn before(&self, i: usize, n: usize) -> String {
        to_simplified(self.text(i.saturating_sub(n)..i))
    }

    /// The ASCII token (Latin word, number, URL …) around chars `a..b`.
    fn token(&self, a: usize, b: usize) -> Range<usize> {
        let start = a - self.chars[..a]
            .iter()
            .rev()
            .take_while(|&&(_, c)| is_token_char(c))
            .count();
        start..self.run_end(b, is_token_char).max(b)
    }

    fn touches_chinese(&self, a: usize, b: usize) -> bool {
        self.prev_non_space(a).0.is_some_and(is_chinese)
            || self.next_non_space(b).0.is_some_and(is_chinese)
    }

    fn emit(&mut self, r: Range<usize>, kind: Kind) {
        let range = self.base + self.byte(r.start)..self.base + self.byte(r.end);
        self.hits.push(Hit { range, kind });
    }

    /// A run of four slot chars before 年 is a year (××××年, ____年).
    fn year_or(&self, a: usize, b: usize, kind: Kind) -> Kind {
        if b - a == 4 && self.c(b) == Some('年') {
            Kind::Year
        } else {
            kind
        }
    }

    // ---- years ---------------------------------------------------------

    /// Length of a year token at `i` — 20xx, 201x, 19xx, 20__, 20××, 20□□,
    /// 20**, and before 年 the broken years 20*, 20＿, 19X — if there is one.
    fn year_token(&self, i: usize) -> Option<usize> {
        let first = self.c(i)?;
        if !matches!(first, '1' | '2' | '１' | '２') {
            return None;
        }
        let digits = self.run_end(i, is_digit) - i;
        if !(2..=3).contains(&digits) {
            return None;
        }
        let slot = self.c(i + digits)?;
        let family = |c: char| match slot {
            _ if is_x(slot) => is_x(c),
            '_' | '＿' => matches!(c, '_' | '＿'),
            '×' | '□' => c == slot,
            '*' | '＊' => matches!(c, '*' | '＊'),
            _ => false,
        };
        let end = self.run_end(i + digits, family);
        // 20xx20xx: a range whose dash was lost.
        let ends_cleanly = self.c(end).is_none_or(|c| {
            !is_latin(c) && !family(c) && (!is_digit(c) || self.year_token(end).is_some())
        });
        // 20*年, 19X年: a year with one digit left out.
        let broken = end - i == 3 && digits == 2 && self.century_at(i) && self.c(end) == Some('年');
        ((end - i == 4 && ends_cleanly) || broken).then_some(end - i)
    }

    /// 暨201年工作总结大会: three digits 19x or 20x before 年, standing for a
    /// year that lost a digit — not a count of years (已有200年历史, 近190年来)
    /// nor a year of antiquity (公元201年).
    fn three_digit_year(&self, i: usize) -> Option<usize> {
        const COUNTING: &str = "有近约达共超逾历经时长计满整足过了仅才第元前后多余";
        const COUNTED: &str = "来间多余前后之里内";
        let digits = self.run_end(i, is_digit) - i;
        if digits != 3 || !self.century_at(i) || self.c(i + 3) != Some('年') {
            return None;
        }
        let before = self.before(i, 1);
        let after = self.after(i + 4, 2);
        let counted = before.chars().next().is_some_and(|c| COUNTING.contains(c))
            || after.chars().next().is_some_and(|c| COUNTED.contains(c))
            || after.starts_with("历史")
            || after.starts_with("时间")
            || after.starts_with("左右");
        (!counted).then_some(3)
    }

    /// Whether the digits at `i` begin with 19 or 20 (the centuries of a year).
    fn century_at(&self, i: usize) -> bool {
        matches!(
            (self.c(i), self.c(i + 1)),
            (Some('1' | '１'), Some('9' | '９')) | (Some('2' | '２'), Some('0' | '０'))
        )
    }

    fn digit_year(&mut self, i: usize) -> Option<usize> {
        if self.prev(i).is_some_and(|c| is_digit(c) || is_latin(c)) {
            return Some(self.run_end(i, is_digit));
        }
        let Some(mut end) = self.year_token(i).map(|n| i + n) else {
            let n = self.three_digit_year(i)?;
            self.emit(i..i + n, Kind::Year);
            return Some(i + n);
        };
        // A range: 20xx-20xx, 20xx至20xx, 20xx20xx.
        let sep = self.run_end(end, |c| RANGE_SEPARATORS.contains(&c)) - end;
        if sep <= 2 {
            if let Some(n) = self.year_token(end + sep) {
                end += sep + n;
            }
        }
        let token = self.token(i, end);
        let tok = self.text(token.clone());
        if is_url_or_email(tok) || tok.chars().any(|c| is_latin(c) && !is_x(c)) {
            return Some(token.end);
        }
        let (next, _) = self.next_non_space(end);
        let counted =
            next.is_some_and(|c| c != '年' && "余多名人件个万元次项家位户条场".contains(c));
        self.emit(i..end, if counted { Kind::Number } else { Kind::Year });
        Some(end)
    }

    /// 二〇xx年, 二〇二×年, 一九xx年, 二〇×年.
    fn cn_year(&mut self, i: usize) -> Option<usize> {
        if self.prev(i).is_some_and(is_cn_digit)
            || !self
                .c(i + 1)
                .is_some_and(|c| matches!(c, '〇' | '○' | '零' | '九'))
        {
            return None;
        }
        let digits = self.run_end(i, is_cn_digit) - i;
        let slot = self.c(i + digits)?;
        if !(2..=3).contains(&digits) || !(is_x(slot) || slot == '×' || slot == '□') {
            return None;
        }
        let end = self.run_end(i + digits, |c| c == slot || is_x(c) && is_x(slot));
        // 二〇×年: a year with one digit left out, too.
        if !(3..=4).contains(&(end - i)) || self.c(end) != Some('年') {
            return None;
        }
        self.emit(i..end, Kind::Year);
        Some(end)
    }

    // ---- x, ×, 某, ○ -----------------------------------------------------

    fn x_run(&mut self, i: usize) -> Option<usize> {
        if self.task.as_ref().is_some_and(|t| t.contains(&i)) {
            return Some(i + 1);
        }
        let j = self.run_end(i, is_x);
        // X.X%: one number.
        let end = if self.c(j) == Some('.') && self.c(j + 1).is_some_and(is_x) {
            self.run_end(j + 1, is_x)
        } else {
            j
        };
        let run_len = j - i;
        let token = self.token(i, end);
        let tok = self.text(token.clone());
        if is_url_or_email(tok) {
            return Some(token.end);
        }
        // Latin words (Excel, Xbox, next-gen), models (X5, 4x4), formulas (1+X):
        // anything else in the token but digits after a longer run (xxx60周年).
        let digits_end = self.run_end(end, is_digit);
        let before_ok = self.chars[token.start..i]
            .iter()
            .all(|&(_, c)| X_TOKEN_PUNCT.contains(&c));
        let after_from = if run_len >= 2 { digits_end } else { end };
        let after_ok = self.chars[after_from..token.end]
            .iter()
            .all(|&(_, c)| X_TOKEN_PUNCT.contains(&c) || is_x(c));
        if !before_ok || !after_ok || (run_len < 2 && digits_end > end) {
            return Some(token.end);
        }
        // iPhone X, Mac OS X, X Window.
        let (prev, spaced_before) = self.prev_non_space(token.start);
        let (next, spaced_after) = self.next_non_space(token.end);
        if spaced_before && prev.is_some_and(is_latin) || spaced_after && next.is_some_and(is_latin)
        {
            return Some(token.end);
        }
        let word_after = end
            + self.chars[end..]
                .iter()
                .take_while(|&&(_, c)| is_space(c))
                .count();
        if is_x_word(run_len, &self.before(i, 2), &self.after(word_after, 3))
            || self.prev(i).is_some_and(is_dimension) && self.c(end).is_some_and(is_dimension)
        {
            return Some(token.end);
        }
        // Alone on its line, or alone in a Markdown table cell: | XX | X% |.
        let bar = |c: Option<char>| c.is_none_or(|c| c == '|');
        let alone = run_len >= 2 && self.line.trim() == tok
            || (run_len >= 2 || tok.contains('%'))
                && bar(prev)
                && bar(next)
                && self.line.contains('|');
        if !(self.touches_chinese(token.start, token.end) || alone) {
            return Some(token.end);
        }
        let kind = self.year_or(i, end, self.classify(i, end));
        self.emit(i..end, kind);
        Some(token.end.max(end))
    }

    fn times_run(&mut self, i: usize) -> Option<usize> {
        let j = self.run_end(i, |c| c == '×');
        let (prev, next) = (self.prev_non_space(i).0, self.next_non_space(j).0);
        let number_or_letter = |c: Option<char>| c.is_some_and(|c| is_digit(c) || is_latin(c));
        let formula = number_or_letter(prev)
            || number_or_letter(next)
            || prev.is_some_and(is_dimension) && next.is_some_and(is_dimension)
            || prev.is_some_and(is_cn_numeral) && next.is_some_and(is_cn_numeral);
        let alone = j - i >= 2 && self.line.trim() == self.text(i..j);
        // A table of ticks and crosses: 达标：√ 未达标：×.
        let cross = j - i == 1 && self.line.contains(['√', '✓', '✔']);
        // The name of a programme, quoted like “人工智能+”: “数据要素×”行动.
        let programme = j - i == 1
            && self.prev(i).is_some_and(is_chinese)
            && self
                .c(j)
                .is_some_and(|c| matches!(c, '”' | '」' | '』' | '"' | '’'));
        if !formula && !cross && !programme && (self.touches_chinese(i, j) || alone) {
            let kind = self.year_or(i, j, self.classify(i, j));
            self.emit(i..j, kind);
        }
        Some(j)
    }

    fn mou_run(&mut self, i: usize) -> Option<usize> {
        let j = self.run_end(i, |c| c == '某');
        if j - i >= 2 {
            let kind = self.classify(i, j);
            self.emit(i..j, kind);
        }
        Some(j)
    }

    /// ○○同志; not the zeros of 二○○九.
    fn circles(&mut self, i: usize) -> Option<usize> {
        let j = self.run_end(i, |c| matches!(c, '○' | '〇'));
        let numeral = |c: Option<char>| c.is_some_and(|c| is_cn_numeral(c) || is_digit(c));
        if j - i >= 2 && !numeral(self.prev(i)) && !numeral(self.c(j)) && self.touches_chinese(i, j)
        {
            let kind = self.year_or(i, j, self.classify(i, j));
            self.emit(i..j, kind);
        }
        Some(j)
    }

    /// Name, number or session, from the words around chars `a..b`.
    fn classify(&self, a: usize, b: usize) -> Kind {
        let before = self.before(a, 1);
        let after: Vec<char> = self.after(b, 4).chars().collect();
        let Some(&first) = after.first() else {
            return Kind::Name;
        };
        let second = after.get(1).copied();
        if "一二三四五六七八九".contains(first) {
            // 第x六次, x二大, “x二五”; 十六个 is a number.
            let k = after.iter().take_while(|&&c| is_cn_numeral(c)).count();
            return match after.get(k) {
                Some(&u) if NUMBER_UNITS.contains(u) && u != '次' => Kind::Number,
                _ => Kind::Session,
            };
        }
        let session = first == '届'
            || first == '中' && second.is_some_and(|c| matches!(c, '全' | '、' | '，'))
            || first == '大' && second.is_none_or(|c| CONGRESS_FOLLOWERS.contains(c))
            || first == '次' && before == "届"
            || before == "第" && matches!(first, '届' | '次' | '期' | '批' | '轮');
        if session {
            Kind::Session
        } else if NUMBER_UNITS.contains(first) || before == "第" {
            Kind::Number
        } else {
            Kind::Name
        }
    }

    // ---- blanks and redactions ----------------------------------------

    /// `_` or `*`: blanks and redactions, unless Markdown makes them emphasis.
    fn delimiter(&mut self, i: usize) -> Option<usize> {
        let Some((ch, r)) = self.literal.iter().find(|(_, r)| r.contains(&i)).cloned() else {
            return Some(i + 1); // emphasis, a bullet or escaped
        };
        if r.start != i {
            return Some(i + 1);
        }
        if ch == '*' {
            self.redaction(r.start, r.end);
            return Some(r.end);
        }
        if r.len() < 2 {
            if self.single_blank(r.start) {
                self.emit(r.clone(), Kind::Blank);
            }
            return Some(r.end);
        }
        let token = self.token(r.start, r.end);
        let tok = self.text(token.clone());
        if is_url_or_email(tok)
            || self.chars[token.clone()]
                .iter()
                .any(|&(_, c)| is_other_alnum(c) || is_x(c))
        {
            return Some(token.end.max(r.end));
        }
        let kind = self.year_or(r.start, r.end, Kind::Blank);
        self.emit(r, kind);
        Some(token.end.max(i + 1))
    }

    /// `\*公司`: escaped asterisks standing for hidden text.
    fn escaped_stars(&mut self, i: usize) -> Option<usize> {
        let mut j = i;
        while self.c(j) == Some('\\') && self.c(j + 1) == Some('*') {
            j += 2;
        }
        if j == i {
            return None;
        }
        self.redaction(i, j);
        Some(j)
    }

    /// Literal asterisks `a..b`: a redaction when they touch Chinese text.
    fn redaction(&mut self, a: usize, b: usize) {
        let token = self.token(a, b);
        let tok = self.text(token.clone());
        let formula = self.chars[token.clone()]
            .iter()
            .any(|&(_, c)| is_latin(c) || is_digit(c));
        if is_url_or_email(tok)
            || formula
            || is_footnote_star(&self.before(a, 2), &self.after(b, 2))
        {
            return;
        }
        if self.touches_chinese(a, b) {
            self.emit(a..b, Kind::Redaction);
        }
    }

    fn wide_blank(&mut self, i: usize) -> Option<usize> {
        let j = self.run_end(i, |c| matches!(c, '＿' | '_'));
        if j - i >= 2 || self.single_blank(i) {
            let kind = self.year_or(i, j, Kind::Blank);
            self.emit(i..j, kind);
        }
        Some(j)
    }

    /// One `_` or `＿` at `i` standing between Chinese characters (在_县召开,
    /// 由_同志担任), one of them Han; not in a file name (报告_定稿.docx).
    fn single_blank(&self, i: usize) -> bool {
        let (Some(prev), Some(next)) = (self.prev(i), self.c(i + 1)) else {
            return false;
        };
        if !(is_chinese(prev) && is_chinese(next) && (is_han(prev) || is_han(next))) {
            return false;
        }
        // The whitespace-delimited word around the blank: a file name has an
        // extension or a path separator.
        let word_start = i - self.chars[..i]
            .iter()
            .rev()
            .take_while(|&&(_, c)| !c.is_whitespace())
            .count();
        let word = self.text(word_start..self.run_end(i, |c| !c.is_whitespace()));
        let file_name = word.contains(['/', '\\'])
            || word.rsplit_once('.').is_some_and(|(_, ext)| {
                (2..=5).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric())
            });
        !file_name
    }

    /// A bare space where a number was deleted: 约 万名职工, 已有 年历史.
    fn bare_space(&mut self, i: usize) -> Option<usize> {
        let j = self.run_end(i, |c| matches!(c, ' ' | '\u{3000}' | '\u{a0}'));
        if gap::is_missing_number(self.line, self.chars, i, j) {
            self.emit(i..j, Kind::Blank);
        }
        Some(j)
    }

    /// □ as a slot (第□届, □□□同志); not the check boxes of “□同意 □不同意”.
    fn boxes(&mut self, i: usize) -> Option<usize> {
        let j = self.run_end(i, |c| c == '□');
        let is_option_box = |k: usize| {
            self.prev(k).is_none_or(char::is_whitespace)
                && self
                    .c(k + 1)
                    .is_some_and(|c| c.is_whitespace() || crate::text::is_han(c))
        };
        let options = (0..self.chars.len())
            .filter(|&k| {
                self.chars[k].1 == '□' && self.c(k + 1) != Some('□') && self.prev(k) != Some('□')
            })
            .filter(|&k| is_option_box(k))
            .count();
        let check_box = j - i == 1
            && is_option_box(i)
            && (options >= 2
                || self.prev(i).is_none() && self.c(i + 1).is_some_and(char::is_whitespace));
        if !check_box {
            let kind = self.year_or(i, j, Kind::Blank);
            self.emit(i..j, kind);
        }
        Some(j)
    }

    // ---- empty quotes and brackets ------------------------------------

    fn empty_pair(&mut self, i: usize) -> Option<usize> {
        let open = self.chars[i].1;
        let close = match open {
            '“' => '”',
            '‘' => '’',
            '【' => '】',
            '［' => '］',
            '（' => '）',
            '〔' => '〕',
            '《' => '》',
            '「' => '」',
            '『' => '』',
            '(' => ')',
            '[' => ']',
            _ => '"',
        };
        let j = self.run_end(i + 1, is_space);
        if self.c(j) != Some(close) {
            return None;
        }
        if open.is_ascii() {
            // f(), [](link), ![](image), - [ ] task: Markdown and code, not prose.
            let code_like = self
                .prev(i)
                .is_some_and(|c| is_token_char(c) && !matches!(c, '(' | '"'));
            let task = self.task.as_ref().is_some_and(|t| t.contains(&i));
            let link = open == '[' && self.c(j + 1) == Some('(');
            if code_like || task || link || !self.touches_chinese(i, j + 1) {
                return Some(j + 1);
            }
        }
        self.emit(i..j + 1, Kind::Missing);
        Some(j + 1)
    }
}
