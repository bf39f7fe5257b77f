//! What the rules look for, character by character, gathered for a whole
//! line while [`super::prose`] decodes it: a rule whose characters a line
//! lacks is not run on it. Most lines of a draft are plain Chinese prose
//! with nothing for most rules, and each rule read every character.
//!
//! The flags only say that a rule *may* find something (masked characters
//! count too); the rule decides. So a flag set too often costs time, never
//! a finding.

/// The set of [`Candidates`] flags of a line, OR-ed over its characters.
pub type Candidates = u16;

/// `, ; : ? ! . - (`, a space or tab, a straight quote, `…`: what the
/// punctuation rule looks at besides doubled marks.
pub const PUNCTUATION: Candidates = 1;
/// The same full-width mark twice in a row (。。 ，，): set by
/// [`Scanner::push`], from [`DOUBLABLE`] characters.
pub const DOUBLED: Candidates = 1 << 1;
/// 一 … 九: a digit of a Chinese-numeral year.
pub const CN_DIGIT: Candidates = 1 << 2;
/// A zero other than 〇 (○ 零 0 O o and their full-width forms, ◯).
pub const WRONG_ZERO: Candidates = 1 << 3;
/// 年.
pub const YEAR: Candidates = 1 << 4;
/// `%`, `％`, 百.
pub const PERCENT: Candidates = 1 << 5;
/// A full-width digit or Latin letter (２０２６, ＡＢ).
pub const FULL_WIDTH: Candidates = 1 << 6;
/// 。，：；、: marks the punctuation rule reports when doubled. Only an
/// input to [`DOUBLED`], never in a line's set.
const DOUBLABLE: Candidates = 1 << 7;

/// The flags of every character of the Basic Multilingual Plane (the rules
/// look for none beyond it), built when compiling.
static TABLE: [u8; 0x10000] = table();

const fn table() -> [u8; 0x10000] {
    let mut t = [0u8; 0x10000];
    let punctuation = b",;:?!.-( \t\"'";
    let mut i = 0;
    while i < punctuation.len() {
        t[punctuation[i] as usize] |= PUNCTUATION as u8;
        i += 1;
    }
    t['…' as usize] |= PUNCTUATION as u8;
    let digits = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let mut i = 0;
    while i < digits.len() {
        t[digits[i] as usize] |= CN_DIGIT as u8;
        i += 1;
    }
    let zeros = ['○', '零', 'O', 'Ｏ', '0', '０', 'o', 'ｏ', '◯'];
    let mut i = 0;
    while i < zeros.len() {
        t[zeros[i] as usize] |= WRONG_ZERO as u8;
        i += 1;
    }
    t['年' as usize] |= YEAR as u8;
    t['%' as usize] |= PERCENT as u8;
    t['％' as usize] |= PERCENT as u8;
    t['百' as usize] |= PERCENT as u8;
    let full_width = [('０', '９'), ('Ａ', 'Ｚ'), ('ａ', 'ｚ')];
    let mut i = 0;
    while i < full_width.len() {
        let mut c = full_width[i].0 as usize;
        while c <= full_width[i].1 as usize {
            t[c] |= FULL_WIDTH as u8;
            c += 1;
        }
        i += 1;
    }
    let doublable = ['。', '，', '：', '；', '、'];
    let mut i = 0;
    while i < doublable.len() {
        t[doublable[i] as usize] |= DOUBLABLE as u8;
        i += 1;
    }
    t
}

/// The flags of one character.
#[inline]
fn of(c: char) -> Candidates {
    TABLE.get(c as usize).map_or(0, |&f| f as Candidates)
}

/// Gathers the flags of a line's characters, fed one by one in order.
#[derive(Debug, Default, Clone, Copy)]
pub struct Scanner {
    found: Candidates,
    last: char,
}

impl Scanner {
    #[inline]
    pub fn push(&mut self, c: char) {
        let flags = of(c);
        if flags & DOUBLABLE != 0 && c == self.last {
            self.found |= DOUBLED;
        }
        self.found |= flags;
        self.last = c;
    }

    /// The flags of the characters pushed.
    pub fn finish(self) -> Candidates {
        self.found & !DOUBLABLE
    }
}

#[cfg(test)]
mod tests {
    use super::super::prose::Line;
    use super::*;

    fn flags(line: &str) -> Candidates {
        let mut scanner = Scanner::default();
        line.chars().for_each(|c| scanner.push(c));
        scanner.finish()
    }

    /// The punctuation and number problems of every prose line of `text`,
    /// each line read with the flags it has, or with every flag.
    fn problems(text: &str, every_flag: bool) -> Vec<super::super::Problem> {
        let mut marks = Vec::new();
        let mut numbers = super::super::numbers::Numbers::default();
        super::super::prose::for_each_line(text, crate::text::Syntax::Markdown, |line| {
            let mut line: Line = line.clone();
            if every_flag {
                line.candidates = Candidates::MAX;
            }
            super::super::punctuation::check_line(&line, &mut marks);
            numbers.line(&line);
        });
        marks.extend(numbers.finish());
        marks
    }

    #[test]
    fn skipping_by_flags_finds_what_reading_every_line_finds() {
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/style");
        let mut texts: Vec<String> = std::fs::read_dir(fixtures)
            .expect("the style fixtures")
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        texts.extend(
            crate::corpus::embedded::FILES
                .iter()
                .map(|(_, t)| t.to_string()),
        );
        for text in &texts {
            let found = problems(text, false);
            assert_eq!(found, problems(text, true));
        }
        assert!(texts.iter().any(|t| !problems(t, false).is_empty()));
    }

    #[test]
    fn a_line_gets_the_flags_of_its_characters() {
        assert_eq!(flags("我们要团结奋斗"), 0);
        assert_eq!(flags("发展，改革。"), 0);
        assert_eq!(flags("发展，，改革"), DOUBLED);
        assert_eq!(flags("二○二六年"), CN_DIGIT | WRONG_ZERO | YEAR);
        assert_eq!(flags("增长５％"), FULL_WIDTH | PERCENT);
        assert_eq!(flags("见附件…"), PUNCTUATION);
        assert_eq!(flags("𠀀"), 0);
    }
}
