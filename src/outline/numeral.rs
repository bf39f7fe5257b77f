//! Numbers as they appear in section markers: Chinese numerals (一 … 九十九),
//! ASCII and full-width digits, and the enclosed forms ① ⑴ ⒈.

/// How a marker writes its number, so that a renumbering keeps the style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Numeral {
    /// 一 二 … 十一 … 九十九
    Chinese,
    /// 1 2 … 99
    Arabic,
    /// １ ２ … (full-width digits)
    FullWidth,
    /// ① … ⑳
    Circled,
    /// ⑴ … ⒇
    Parenthesized,
    /// ⒈ … ⒛
    FullStop,
}

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// The value of a Chinese digit 一 … 九.
fn chinese_digit(c: char) -> Option<u32> {
    DIGITS[1..]
        .iter()
        .position(|&d| d == c)
        .map(|i| i as u32 + 1)
}

/// Whether `c` can be part of a Chinese numeral.
pub fn is_chinese_numeral_char(c: char) -> bool {
    c == '十' || chinese_digit(c).is_some()
}

/// Parses the Chinese numeral at the start of `s` (一 … 九十九). Returns its
/// value and its length in bytes. Malformed runs (十十, 一二) are refused.
pub fn parse_chinese(s: &str) -> Option<(u32, usize)> {
    let len: usize = s
        .chars()
        .take_while(|&c| is_chinese_numeral_char(c))
        .map(char::len_utf8)
        .sum();
    let run: Vec<char> = s[..len].chars().collect();
    let value = match run.as_slice() {
        ['十'] => 10,
        [d] => chinese_digit(*d)?,
        ['十', d] => 10 + chinese_digit(*d)?,
        [t, '十'] => chinese_digit(*t)? * 10,
        [t, '十', d] => chinese_digit(*t)? * 10 + chinese_digit(*d)?,
        _ => return None,
    };
    (value >= 1 && !(run.len() >= 2 && run[0] == '一' && run[1] == '十')).then_some((value, len))
}

/// Parses one or two ASCII or full-width digits at the start of `s`; more
/// digits (a year, a figure) are refused.
pub fn parse_digits(s: &str) -> Option<(u32, usize, Numeral)> {
    let mut value = 0u32;
    let mut len = 0usize;
    let mut count = 0usize;
    let mut style = None;
    for c in s.chars() {
        let (digit, this) = match c {
            '0'..='9' => (c as u32 - '0' as u32, Numeral::Arabic),
            '０'..='９' => (c as u32 - '０' as u32, Numeral::FullWidth),
            _ => break,
        };
        // A third digit: a year or a figure, however long (never summed,
        // so no run of digits overflows).
        if *style.get_or_insert(this) != this || count == 2 {
            return None;
        }
        value = value * 10 + digit;
        len += c.len_utf8();
        count += 1;
    }
    (1..=2).contains(&count).then_some(())?;
    (value >= 1).then_some((value, len, style?))
}

/// The value of an enclosed number (① ⑴ ⒈) and its style.
pub fn enclosed(c: char) -> Option<(u32, Numeral)> {
    let u = c as u32;
    match u {
        0x2460..=0x2473 => Some((u - 0x2460 + 1, Numeral::Circled)),
        0x2474..=0x2487 => Some((u - 0x2474 + 1, Numeral::Parenthesized)),
        0x2488..=0x249B => Some((u - 0x2488 + 1, Numeral::FullStop)),
        _ => None,
    }
}

/// Writes `n` in `style`; `None` when the style cannot hold it (㉑ is not
/// in the same block as ①, so enclosed numbers stop at 20).
pub fn format(n: u32, style: Numeral) -> Option<String> {
    match style {
        Numeral::Chinese => chinese(n),
        Numeral::Arabic => Some(n.to_string()),
        Numeral::FullWidth => Some(
            n.to_string()
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
                .collect(),
        ),
        Numeral::Circled => enclosed_char(0x2460, n),
        Numeral::Parenthesized => enclosed_char(0x2474, n),
        Numeral::FullStop => enclosed_char(0x2488, n),
    }
}

fn enclosed_char(base: u32, n: u32) -> Option<String> {
    (1..=20)
        .contains(&n)
        .then(|| char::from_u32(base + n - 1))
        .flatten()
        .map(String::from)
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九.
pub fn chinese(n: u32) -> Option<String> {
    let digit = |d: u32| DIGITS[d as usize];
    match n {
        1..=9 => Some(digit(n).to_string()),
        10 => Some("十".into()),
        11..=19 => Some(format!("十{}", digit(n - 10))),
        20..=99 if n % 10 == 0 => Some(format!("{}十", digit(n / 10))),
        20..=99 => Some(format!("{}十{}", digit(n / 10), digit(n % 10))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_round_trip() {
        for n in 1..=99 {
            let s = chinese(n).unwrap();
            assert_eq!(parse_chinese(&s), Some((n, s.len())), "{s}");
        }
        assert_eq!(parse_chinese("十六篇"), Some((16, "十六".len())));
        assert_eq!(parse_chinese("十十"), None);
        assert_eq!(parse_chinese("一二"), None);
        assert_eq!(parse_chinese("一十"), None);
        assert_eq!(parse_chinese("好"), None);
    }

    #[test]
    fn digits_stop_at_two() {
        assert_eq!(parse_digits("12、"), Some((12, 2, Numeral::Arabic)));
        assert_eq!(parse_digits("３．"), Some((3, 3, Numeral::FullWidth)));
        assert_eq!(parse_digits("2006年"), None);
        assert_eq!(parse_digits("0、"), None);
        assert_eq!(parse_digits("1２"), None);
        // Found by the sync property test: summing these overflowed.
        assert_eq!(parse_digits(&"2026".repeat(5)), None);
    }

    #[test]
    fn enclosed_numbers() {
        assert_eq!(enclosed('①'), Some((1, Numeral::Circled)));
        assert_eq!(enclosed('⑳'), Some((20, Numeral::Circled)));
        assert_eq!(enclosed('⑴'), Some((1, Numeral::Parenthesized)));
        assert_eq!(enclosed('⒈'), Some((1, Numeral::FullStop)));
        assert_eq!(format(3, Numeral::Circled).as_deref(), Some("③"));
        assert_eq!(format(21, Numeral::Circled), None);
        assert_eq!(format(12, Numeral::FullWidth).as_deref(), Some("１２"));
    }
}
