//! Folding text for matching, and unfolding suggestions into the writer's style.
//!
//! Matching works on *folded* text: traditional characters folded to
//! simplified ones ([`to_simplified`]) and half-width punctuation widened
//! (`,` → `，`), both char for char, so a folded string has the same
//! characters at the same char positions as its source.
//!
//! A suggestion goes back in the writer's [`Style`]: their script (a
//! traditional draft gets traditional text, preferring the corpus's own
//! traditional surface forms) and their punctuation width.

use crate::text::script::{self, to_simplified, Script};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Half-width punctuation and its full-width form.
const WIDTH_PAIRS: &[(char, char)] = &[
    (',', '，'),
    (':', '：'),
    (';', '；'),
    ('!', '！'),
    ('?', '？'),
    ('(', '（'),
    (')', '）'),
];

fn widen(c: char) -> char {
    WIDTH_PAIRS.iter().find(|p| p.0 == c).map_or(c, |p| p.1)
}

fn narrow(c: char) -> char {
    WIDTH_PAIRS.iter().find(|p| p.1 == c).map_or(c, |p| p.0)
}

/// Folds `text` for matching: simplified script, full-width punctuation,
/// `\r\n` kept as is (callers split lines first).
pub fn fold(text: &str) -> String {
    let simplified = to_simplified(text);
    if simplified.bytes().any(|b| b.is_ascii_punctuation()) {
        simplified.chars().map(widen).collect()
    } else {
        simplified
    }
}

/// How the writer writes: script and punctuation width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub script: Script,
    /// Half-width `,` `:` … after Chinese text, as some traditional texts use.
    pub ascii_punctuation: bool,
}

/// The style of a draft, judged from its last few thousand characters.
pub fn detect_style(draft: &str) -> Style {
    let mut start = draft.len().saturating_sub(6000);
    while !draft.is_char_boundary(start) {
        start += 1;
    }
    let tail = &draft[start..];
    let (mut ascii, mut wide) = (0usize, 0usize);
    for c in tail.chars() {
        match c {
            ',' | ';' | ':' => ascii += 1,
            '，' | '；' | '：' => wide += 1,
            _ => {}
        }
    }
    Style {
        script: script::detect(tail),
        ascii_punctuation: ascii > wide,
    }
}

/// Renders a folded (simplified, full-width) suggestion in `style`.
/// `surface`, when given, is the same text as the corpus wrote it (same
/// chars at the same positions); its traditional forms are preferred.
pub fn unfold(folded: &str, surface: Option<&str>, style: Style) -> String {
    let mut surface = surface.map(str::chars);
    folded
        .chars()
        .map(|c| {
            let own = surface.as_mut().and_then(Iterator::next);
            let c = match style.script {
                Script::Simplified => c,
                Script::Traditional => match own {
                    Some(o) if to_simplified_char(o) == c && o != c => o,
                    _ => to_traditional_char(c),
                },
            };
            if style.ascii_punctuation {
                narrow(c)
            } else {
                c
            }
        })
        .collect()
}

fn to_simplified_char(c: char) -> char {
    let mut buf = [0u8; 4];
    to_simplified(c.encode_utf8(&mut buf))
        .chars()
        .next()
        .unwrap_or(c)
}

/// Simplified characters whose usual traditional form is not the one an
/// inverted table would pick first (several traditional characters fold to
/// them). Written for this project from common usage.
const PREFERRED_TRADITIONAL: &[(char, char)] = &[
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

/// The traditional form of a simplified character: the inverse of fast2s's
/// folding table (probed once, on first use), with [`PREFERRED_TRADITIONAL`]
/// deciding where several traditional characters fold to the same one.
pub fn to_traditional_char(c: char) -> char {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table: HashMap<char, char> = HashMap::new();
        let ranges = [0x3400u32..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];
        let mut probe = String::new();
        for cp in ranges.into_iter().flatten() {
            let Some(t) = char::from_u32(cp) else {
                continue;
            };
            probe.clear();
            probe.push(t);
            let s = to_simplified_char(t);
            if s != t {
                // The lowest code point among several candidates is usually
                // the common character; PREFERRED_TRADITIONAL fixes the rest.
                table.entry(s).or_insert(t);
            }
        }
        for &(s, t) in PREFERRED_TRADITIONAL {
            table.insert(s, t);
        }
        table
    });
    table.get(&c).copied().unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_chars_and_widens_punctuation() {
        let t = "同志們:今天,我們召開會議;";
        let f = fold(t);
        assert_eq!(f, "同志们：今天，我们召开会议；");
        assert_eq!(t.chars().count(), f.chars().count());
    }

    #[test]
    fn unfolds_into_traditional_style() {
        let style = Style {
            script: Script::Traditional,
            ascii_punctuation: true,
        };
        assert_eq!(
            unfold("发挥工会作用，服务大局", None, style),
            "發揮工會作用,服務大局"
        );
        // The corpus's own surface form wins.
        assert_eq!(unfold("后来", Some("後來"), style), "後來");
        assert_eq!(unfold("同志们：", None, Style::default()), "同志们：");
    }

    #[test]
    fn detects_draft_style() {
        let s = detect_style("同志們:今天,我們召開市總工會全委會,總結工作。");
        assert_eq!(s.script, Script::Traditional);
        assert!(s.ascii_punctuation);
        assert_eq!(
            detect_style("同志们：今天，我们召开会议。"),
            Style::default()
        );
    }
}
