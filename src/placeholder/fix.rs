//! Quick fixes: a year placeholder becomes this, last or next year (a range
//! becomes a span of two years starting there), written in the placeholder's
//! own digits (2026, ２０２６, 二〇二六); an x that stands for 十 before a
//! Chinese numeral or 分 becomes 十 (第x六次 → 第十六次, x分重要 → 十分重要).

use super::kind::Kind;
use super::traps::is_x;
use super::Placeholder;
use std::ops::Range;

/// One edit that fills a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the editor shows, in Chinese: 改为“2026”（今年）.
    pub title: String,
    /// Byte range of the text to replace.
    pub range: Range<usize>,
    pub replacement: String,
}

/// The current year (UTC), from the system clock.
pub fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    year_of_unix_day((secs / 86_400) as i64)
}

/// The proleptic Gregorian year of a day counted from 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
pub fn year_of_unix_day(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

/// The quick fixes of `placeholder` in `text`, the preferred one first.
pub fn fixes(text: &str, placeholder: &Placeholder, year: i32) -> Vec<Fix> {
    let range = placeholder.range.clone();
    let Some(slot) = text.get(range.clone()) else {
        return Vec::new();
    };
    if placeholder.kind == Kind::Year {
        return [(year, "今年"), (year - 1, "去年"), (year + 1, "明年")]
            .into_iter()
            .map(|(y, when)| {
                let replacement = fill_year(slot, y);
                Fix {
                    title: format!("改为“{replacement}”（{when}）"),
                    range: range.clone(),
                    replacement,
                }
            })
            .collect();
    }
    tens_fix(text, &range).into_iter().collect()
}

/// One edit per year placeholder, filling each with `year` (a range with
/// `year` and the year after).
pub fn fill_years(text: &str, placeholders: &[Placeholder], year: i32) -> Vec<Fix> {
    placeholders
        .iter()
        .filter(|p| p.kind == Kind::Year)
        .filter_map(|p| {
            let slot = text.get(p.range.clone())?;
            let replacement = fill_year(slot, year);
            Some(Fix {
                title: format!("改为“{replacement}”"),
                range: p.range.clone(),
                replacement,
            })
        })
        .collect()
}

/// `slot` (20xx, 201x, 二〇××, 20xx-20xx, 20xx20xx) filled with `year`.
fn fill_year(slot: &str, year: i32) -> String {
    let chars: Vec<char> = slot.chars().collect();
    let style = chars[0];
    let write = |y: i32| -> String {
        y.to_string()
            .chars()
            .map(|d| {
                let n = d.to_digit(10).unwrap_or(0);
                match style {
                    '０'..='９' => char::from_u32('０' as u32 + n).unwrap_or(d),
                    '一' | '二' => {
                        ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'][n as usize]
                    }
                    _ => d,
                }
            })
            .collect()
    };
    if chars.len() <= 4 {
        return write(year);
    }
    let separator: String = chars[4..chars.len() - 4].iter().collect();
    let separator = if separator.is_empty() {
        "-".to_string()
    } else {
        separator
    };
    format!("{}{separator}{}", write(year), write(year + 1))
}

/// x before a Chinese numeral or 分 stands for 十: 第x六次, x分重要, “x二五”.
fn tens_fix(text: &str, range: &Range<usize>) -> Option<Fix> {
    let slot = text.get(range.clone())?;
    let mut chars = slot.chars();
    let (Some(x), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let next = text[range.end..].chars().next()?;
    if !is_x(x) || !"一二三四五六七八九分".contains(next) {
        return None;
    }
    let rest: String = text[range.end..]
        .chars()
        .take_while(|c| "一二三四五六七八九分".contains(*c))
        .collect();
    Some(Fix {
        title: format!("改为“十{rest}”"),
        range: range.clone(),
        replacement: "十".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_from_days() {
        assert_eq!(year_of_unix_day(0), 1970);
        assert_eq!(year_of_unix_day(-1), 1969);
        assert_eq!(year_of_unix_day(19_723), 2024); // 2024-01-01
        assert_eq!(year_of_unix_day(19_722), 2023); // 2023-12-31
        assert_eq!(year_of_unix_day(20_088), 2024); // 2024-12-31
    }

    #[test]
    fn years_keep_their_digits() {
        assert_eq!(fill_year("20xx", 2026), "2026");
        assert_eq!(fill_year("２０ｘｘ", 2026), "２０２６");
        assert_eq!(fill_year("二〇××", 2026), "二〇二六");
        assert_eq!(fill_year("20xx—20xx", 2026), "2026—2027");
        assert_eq!(fill_year("20xx20xx", 2026), "2026-2027");
    }
}
