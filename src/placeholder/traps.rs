//! Character classes and the things that look like placeholders but are not:
//! X光 and other X-words, Latin words and product names, multiplication,
//! URLs and e-mail addresses, check boxes.

use crate::text::is_han;
pub use crate::text::{is_digit, is_space};

/// The letters that stand in for something: x, X and their full-width forms.
pub fn is_x(c: char) -> bool {
    matches!(c, 'x' | 'X' | 'ｘ' | 'Ｘ')
}

/// An ASCII or full-width Latin letter.
pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c)
}

/// A Chinese numeral digit (not 十百千: they do not appear in years).
pub fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '〇' | '○' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
    )
}

/// Any Chinese numeral, 十百千万 included.
pub fn is_cn_numeral(c: char) -> bool {
    is_cn_digit(c) || matches!(c, '十' | '百' | '千' | '万' | '亿' | '两' | '廿')
}

/// Chinese (full-width) punctuation and quotes: ，。、：；！？“”‘’（）【】《》「」…—.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32,
        0x2010..=0x205E      // General Punctuation: – — ‘ ’ “ ” … ‰
        | 0x3000..=0x303F    // CJK Symbols and Punctuation: 、。〈〉《》「」【】〔〕
        | 0xFE10..=0xFE1F    // Vertical forms
        | 0xFE30..=0xFE4F    // CJK Compatibility Forms
        | 0xFF01..=0xFF0F    // ！＂＃＄％＆＇（）＊＋，－．／
        | 0xFF1A..=0xFF20    // ：；＜＝＞？＠
        | 0xFF3B..=0xFF40    // ［＼］＾＿｀
        | 0xFF5B..=0xFF65    // ｛｜｝～ …
    ) && c != '〇'
}

/// Chinese text: a Han character or Chinese punctuation.
pub fn is_chinese(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Punctuation in CommonMark's sense (for emphasis flanking).
pub fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() || is_cjk_punct(c) || matches!(c as u32, 0xA1..=0xBF | 0xD7 | 0xF7)
}

/// A character that can belong to an ASCII-ish token (a Latin word, a
/// number, a URL, an e-mail address, a product name like X5 or 1+X).
pub fn is_token_char(c: char) -> bool {
    c.is_ascii_graphic() || is_latin(c) || is_digit(c)
}

/// A letter or digit of a token other than the placeholder letters.
pub fn is_other_alnum(c: char) -> bool {
    (is_latin(c) || is_digit(c)) && !is_x(c)
}

/// Chinese words that begin with X and are not placeholders (X光, X射线 …),
/// in simplified script; matched against the text after a single X.
const X_WORDS: &[&str] = &[
    "光",
    "射线",
    "线",
    "型",
    "形",
    "轴",
    "染色体",
    "战警",
    "档案",
    "世代",
    "波段",
    "连锁",
    "刀",
    "因子",
    "综合征",
    "翼",
];

/// Words that X ends: 脆性X综合征.
const X_WORD_PREFIXES: &[&str] = &["脆性"];

/// Whether the X at hand begins or ends a Chinese word like X光.
/// `before` ends right before the X-run, `after` starts right after it; both
/// folded to simplified script.
pub fn is_x_word(run_len: usize, before: &str, after: &str) -> bool {
    if after.starts_with("染色体") {
        return true;
    }
    run_len == 1
        && (X_WORDS.iter().any(|w| after.starts_with(w))
            || X_WORD_PREFIXES.iter().any(|w| before.ends_with(w)))
}

/// 长、宽、高 … on both sides of x or ×: a formula (长×宽×高), not a slot.
pub fn is_dimension(c: char) -> bool {
    matches!(c, '长' | '宽' | '高' | '深' | '厚' | '長' | '寬')
}

/// Whether an ASCII token (a maximal run of [`is_token_char`]) is a URL or an
/// e-mail address.
pub fn is_url_or_email(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    if lower.contains("://") || lower.starts_with("www.") || lower.starts_with("mailto:") {
        return true;
    }
    match lower.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
        }
        None => false,
    }
}

/// A footnote mark, not a redaction: *注 and 注* (simplified script).
pub fn is_footnote_star(before: &str, after: &str) -> bool {
    after.starts_with('注') || after.starts_with("备注") || before.ends_with('注')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(
            is_cjk_punct('，') && is_cjk_punct('“') && is_cjk_punct('【') && is_cjk_punct('（')
        );
        assert!(!is_cjk_punct('〇') && !is_cjk_punct('ｘ') && !is_cjk_punct('a'));
        assert!(is_x('Ｘ') && is_digit('２') && is_latin('ｅ'));
    }

    #[test]
    fn urls_and_emails() {
        assert!(is_url_or_email("https://example.com/xx_yy"));
        assert!(is_url_or_email("www.xxx.com"));
        assert!(is_url_or_email("xxx@qq.com"));
        assert!(!is_url_or_email("xx@"));
        assert!(!is_url_or_email("X.X%"));
    }
}
