//! Simplified/traditional script: detection and folding to simplified.
//!
//! Folding is character for character (fast2s maps one char to one char), so
//! a folded string has the same characters at the same char positions as its
//! source. Matching code relies on that.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The script a text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Script {
    #[default]
    Simplified,
    Traditional,
}

/// Folds traditional characters to simplified ones; other characters are
/// kept. The same as `fast2s::convert`, through [`folding`].
pub fn to_simplified(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.extend(folded_chars(text).map(|(_, folded)| folded));
    out
}

/// Each character of `text` and its simplified form, as fast2s folds it.
fn folded_chars(text: &str) -> impl Iterator<Item = (char, char)> + '_ {
    let folding = folding();
    let mut prev = NO_NEIGHBOUR;
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || {
        let c = chars.next()?;
        let folded = match folding.get((c as usize).wrapping_sub(0x800)) {
            Some(&IN_CONTEXT) => {
                let next = chars.peek().copied().unwrap_or(NO_NEIGHBOUR);
                in_context(prev, c, next)
            }
            Some(&folded) if c.len_utf8() == 3 => folded,
            _ => c,
        };
        prev = c;
        Some((c, folded))
    })
}

/// What fast2s takes for the neighbour before the first character and after
/// the last.
const NO_NEIGHBOUR: char = '0';

/// Marks, in [`folding`], the characters fast2s folds by their neighbours.
const IN_CONTEXT: char = '\0';

/// The characters fast2s 0.3 folds (or keeps) by the character before or
/// after them (幺麽, 乾隆, 看著 …).
const FOLDED_IN_CONTEXT: &[char] = &[
    '兒', '覆', '夥', '藉', '瞭', '麽', '幺', '於', '乾', '著', '苧', '闔', '鍾', '讎', '畫',
];

/// fast2s's folding of every three-byte character (U+0800–U+FFFF, the only
/// ones it folds), asked of it once, [`IN_CONTEXT`] for those it folds by
/// their neighbours. fast2s looks every character up in three hash maps:
/// reading a 100 MB template folder spent two thirds of its time there.
fn folding() -> &'static [char] {
    static FOLDING: OnceLock<Vec<char>> = OnceLock::new();
    FOLDING.get_or_init(|| {
        (0x800..=0xFFFF)
            .map(|cp| match char::from_u32(cp) {
                Some(c) if FOLDED_IN_CONTEXT.contains(&c) => IN_CONTEXT,
                Some(c) => {
                    let mut buf = [0u8; 4];
                    let folded = fast2s::convert(c.encode_utf8(&mut buf));
                    folded.chars().next().unwrap_or(c)
                }
                None => IN_CONTEXT, // a surrogate: never a char of a &str
            })
            .collect()
    })
}

/// How fast2s folds `c` between `prev` and `next`.
fn in_context(prev: char, c: char, next: char) -> char {
    let window: String = [prev, c, next].iter().collect();
    fast2s::convert(&window).chars().nth(1).unwrap_or(c)
}

/// Guesses the script of `text` from the share of Han characters that folding
/// changes. Texts with too few tell-tale characters count as simplified.
pub fn detect(text: &str) -> Script {
    let (mut han, mut changed) = (0usize, 0usize);
    for (a, b) in folded_chars(text) {
        if super::is_han(a) {
            han += 1;
            if a != b {
                changed += 1;
            }
        }
    }
    // Traditional text changes on roughly one Han character in four; a few
    // characters (於, 著 …) also appear in simplified text, hence the margin.
    if changed >= 2 && changed * 20 >= han {
        Script::Traditional
    } else {
        Script::Simplified
    }
}

/// The simplified form of one character (itself when folding keeps it).
pub fn to_simplified_char(c: char) -> char {
    match folding().get((c as usize).wrapping_sub(0x800)) {
        Some(&IN_CONTEXT) => in_context(NO_NEIGHBOUR, c, NO_NEIGHBOUR),
        Some(&folded) if c.len_utf8() == 3 => folded,
        _ => c,
    }
}

/// Simplified characters whose usual traditional form is not the one an
/// inverted table would pick first (several traditional characters fold to
/// them). Written for this project from common usage.
pub const PREFERRED_TRADITIONAL: &[(char, char)] = &[
    ('发', '發'),
    ('局', '局'),
    ('同', '同'),
    ('作', '作'),
    ('干', '幹'),
    ('后', '後'),
    ('里', '裡'),
    ('面', '面'),
    ('台', '臺'),
    ('系', '係'),
    ('只', '只'),
    ('几', '幾'),
    ('着', '著'),
    ('复', '復'),
    ('历', '歷'),
    ('于', '於'),
    ('余', '餘'),
    ('准', '準'),
    ('制', '制'),
    ('范', '範'),
    ('斗', '鬥'),
    ('获', '獲'),
    ('钟', '鐘'),
    ('尽', '盡'),
    ('汇', '匯'),
    ('当', '當'),
    ('冲', '衝'),
    ('向', '向'),
    ('表', '表'),
    ('志', '志'),
    ('征', '徵'),
    ('划', '劃'),
    ('云', '雲'),
    ('么', '麼'),
    ('了', '了'),
    ('借', '借'),
    ('才', '才'),
    ('家', '家'),
    ('合', '合'),
    ('松', '鬆'),
    ('团', '團'),
    ('困', '困'),
    ('采', '採'),
    ('卷', '卷'),
    ('坛', '壇'),
    ('游', '遊'),
    ('周', '週'),
    ('出', '出'),
    ('丰', '豐'),
    ('朴', '樸'),
    ('凶', '兇'),
    ('谷', '谷'),
    ('致', '致'),
    ('占', '佔'),
    ('布', '佈'),
    ('念', '念'),
    ('克', '克'),
    ('沈', '沈'),
    ('舍', '捨'),
    ('须', '須'),
    ('吁', '籲'),
    ('胡', '胡'),
    ('症', '症'),
    ('愿', '願'),
    ('别', '別'),
    ('累', '累'),
    ('秋', '秋'),
    ('筑', '築'),
    ('姜', '姜'),
    ('咸', '鹹'),
    ('蒙', '蒙'),
    ('纤', '纖'),
    ('签', '簽'),
    ('尸', '屍'),
    ('御', '御'),
    ('恶', '惡'),
    ('脏', '髒'),
    ('痴', '癡'),
    ('回', '回'),
    ('扎', '紮'),
    ('党', '黨'),
    ('叶', '葉'),
    ('价', '價'),
    ('伙', '夥'),
    ('卜', '卜'),
    ('仆', '僕'),
    ('虫', '蟲'),
    ('郁', '鬱'),
    ('折', '折'),
    ('确', '確'),
    ('岩', '巖'),
    ('板', '板'),
    ('赞', '贊'),
    ('尝', '嘗'),
    ('刮', '颳'),
    ('帘', '簾'),
    ('参', '參'),
    ('涂', '塗'),
    ('苏', '蘇'),
    ('辟', '闢'),
    ('托', '託'),
    ('弦', '弦'),
    ('欲', '欲'),
    ('烟', '煙'),
    ('硷', '鹼'),
    ('摆', '擺'),
    ('洒', '灑'),
    ('并', '並'),
    ('蔑', '衊'),
    ('钩', '鉤'),
    ('卤', '鹵'),
    ('坏', '壞'),
    ('迹', '跡'),
    ('淀', '澱'),
    ('据', '據'),
    ('厂', '廠'),
    ('广', '廣'),
    ('术', '術'),
    ('听', '聽'),
    ('体', '體'),
    ('宁', '寧'),
];

/// What the inverse of fast2s's folding says about a Han character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Written the same in both scripts, as far as the table knows.
    Shared,
    /// Traditional only: folding changes it, and it is not in GB 2312.
    Traditional,
    /// Simplified only (not in Big5), with exactly one traditional form
    /// (书 → 書).
    Simplified(char),
    /// Simplified, but its traditional form is ambiguous: several traditional
    /// characters fold to it (发 ← 發 髮), or [`PREFERRED_TRADITIONAL`]
    /// names it. (后, 里, 台, which Big5 has, count as shared.)
    Ambiguous,
}

/// Folding, probed once for every character of the CJK blocks.
struct Table {
    /// Per code point of [`FIRST`]..=[`LAST`]: the simplified form of a
    /// traditional character (0: none), see [`Table::form`].
    folded: Vec<u32>,
    /// Per code point: the one traditional form of a simplified character,
    /// [`AMBIGUOUS`] when it has several, 0 when it has none.
    traditional: Vec<u32>,
    /// Every simplified character and its traditional forms, lowest code
    /// point first.
    inverse: HashMap<char, Vec<char>>,
}

const AMBIGUOUS: u32 = 1;

const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut folded = vec![0u32; (LAST - FIRST + 1) as usize];
        let mut inverse: HashMap<char, Vec<char>> = HashMap::new();
        for cp in FIRST..=LAST {
            let Some(t) = char::from_u32(cp) else {
                continue;
            };
            let s = to_simplified_char(t);
            if s != t {
                inverse.entry(s).or_default().push(t);
                // fast2s also folds variants that simplified text writes
                // (捍, 磐, 呵, 著): only a character outside GB 2312 is
                // traditional only.
                if !in_gb2312(t) && !ALSO_SIMPLIFIED.contains(&t) {
                    folded[(cp - FIRST) as usize] = s as u32;
                }
            }
        }
        let mut traditional = vec![0u32; folded.len()];
        for (&s, forms) in &inverse {
            let cp = s as u32;
            if (FIRST..=LAST).contains(&cp) {
                // fast2s also folds variants to characters traditional text
                // writes (蓆 → 席, 樑 → 梁): only a character outside Big5
                // is simplified only.
                let also_traditional = PREFERRED_TRADITIONAL.iter().any(|&(p, _)| p == s);
                traditional[(cp - FIRST) as usize] = match forms.as_slice() {
                    _ if in_big5(s) => 0,
                    [t] if !also_traditional => *t as u32,
                    _ => AMBIGUOUS,
                };
            }
        }
        Table {
            folded,
            traditional,
            inverse,
        }
    })
}

/// Standard simplified characters outside GB 2312 that fast2s folds
/// (涅槃).
const ALSO_SIMPLIFIED: &[char] = &['槃', '喆', '堃'];

/// Whether `c` is one of the 6,763 Han characters of GB 2312, the basic
/// set of simplified script (GBK rows 0xB0–0xF7, cells 0xA1–0xFE).
fn in_gb2312(c: char) -> bool {
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
    !unmappable && bytes.len() == 2 && (0xB0..=0xF7).contains(&bytes[0]) && bytes[1] >= 0xA1
}

/// Whether `c` is in Big5, the basic set of traditional script.
fn in_big5(c: char) -> bool {
    let mut buf = [0u8; 4];
    let (_, _, unmappable) = encoding_rs::BIG5.encode(c.encode_utf8(&mut buf));
    !unmappable
}

/// What `c` is: shared, traditional only, or simplified (with its one
/// traditional form, or ambiguous).
pub fn form(c: char) -> Form {
    let cp = c as u32;
    if !(FIRST..=LAST).contains(&cp) {
        return Form::Shared;
    }
    let table = table();
    let i = (cp - FIRST) as usize;
    if table.folded[i] != 0 {
        return Form::Traditional;
    }
    match table.traditional[i] {
        0 => Form::Shared,
        AMBIGUOUS => Form::Ambiguous,
        t => char::from_u32(t).map_or(Form::Ambiguous, Form::Simplified),
    }
}

/// The traditional form of a simplified character: the inverse of fast2s's
/// folding table, with [`PREFERRED_TRADITIONAL`] deciding where several
/// traditional characters fold to the same one (else the lowest code point,
/// usually the common character).
pub fn to_traditional_char(c: char) -> char {
    if let Some(&(_, t)) = PREFERRED_TRADITIONAL.iter().find(|&&(s, _)| s == c) {
        return t;
    }
    table()
        .inverse
        .get(&c)
        .and_then(|forms| forms.first().copied())
        .unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The folding table gives what fast2s gives: on the embedded corpus,
    /// on every word fast2s folds by its neighbours (at a text's start, end
    /// and inside), and on every three-byte character between others.
    #[test]
    fn folding_is_fast2s_folding() {
        for (_, text) in crate::corpus::embedded::FILES {
            assert_eq!(to_simplified(text), fast2s::convert(text));
        }
        let words = [
            "兒寬", "答覆", "批覆", "回覆", "甚夥", "慰藉", "狼藉", "瞭望", "幺麽", "樊於", "乾隆",
            "乾坤", "乾卦", "藉口", "憑藉", "看著", "苧麻", "闔家", "鍾書", "校讎", "讎定", "仇讎",
            "計畫", "企畫",
        ];
        for word in words {
            for text in [word.to_string(), format!("說{word}話"), format!("{word}。")] {
                assert_eq!(to_simplified(&text), fast2s::convert(&text), "{text}");
            }
        }
        for &c in FOLDED_IN_CONTEXT {
            assert_eq!(
                to_simplified_char(c),
                fast2s::convert(&c.to_string()).chars().next().unwrap()
            );
        }
        let every: String = (0x800..=0xFFFFu32)
            .filter_map(char::from_u32)
            .flat_map(|c| [c, '們', 'a'])
            .collect();
        assert_eq!(to_simplified(&every), fast2s::convert(&every));
        for text in ["", "a", "𠀀著", "著", "乾", "x乾"] {
            assert_eq!(to_simplified(text), fast2s::convert(text), "{text}");
        }
    }

    #[test]
    fn folding_keeps_char_positions() {
        let t = "在XX市總工會十二屆五次全委會上的講話";
        let s = to_simplified(t);
        assert_eq!(s, "在XX市总工会十二届五次全委会上的讲话");
        assert_eq!(t.chars().count(), s.chars().count());
    }

    #[test]
    fn detects_script() {
        assert_eq!(
            detect("在市總工會十二屆五次全委會上的講話"),
            Script::Traditional
        );
        assert_eq!(
            detect("在市总工会十二届五次全委会上的讲话"),
            Script::Simplified
        );
        assert_eq!(detect("hello"), Script::Simplified);
    }
}
