//! Sentences that promise a count of points: 下面我讲三点意见。, 谈两个问题：,
//! 从以下四个方面, 做到“三个坚持”：, 重点抓好五项工作： — in either script.
//!
//! Conservative on purpose: a count is a promise only when a speaking verb
//! (讲, 谈, 说, 提, 强调) is followed by the count, or when 以下/如下 says
//! that the points follow, or when the clause ends on a colon right after
//! the count; and in every case the clause must end there (a colon, a full
//! stop or the end of the line). 讲了三点 (a report) and 讲几点 (no count)
//! promise nothing.

use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// A promise of `count` points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    /// The announcing phrase (讲三点意见), byte offsets in the text.
    pub range: Range<usize>,
    /// The count word (三), byte offsets in the text.
    pub number: Range<usize>,
    pub count: u32,
    /// Where the text after the announcement starts.
    pub end: usize,
}

fn pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        let speak = "讲|講|谈|談|说|說|提|强调|強調|谈谈|談談|讲讲|講講";
        let act = "抓好|抓|做好|做到|把握好|把握|突出|处理好|處理好|落实好|落實好|从|從|围绕|圍繞|注意|注重|实现|實現|坚持|堅持|推进|推進|实施|實施|着力|著力|重点|重點";
        let pointer = "以下|如下|下面|这么|這麼|这|這|一下";
        let numeral = "两|兩|二|三|四|五|六|七|八|九|十";
        let classifier = "点|點|个|個|项|項|条|條|大|方面";
        Regex::new(&format!(
            r"(?P<verb>{speak}|{act})(?P<pointer>{pointer})?(?P<quote>[“‘「『\x22])?(?P<num>{numeral})(?P<cls>{classifier})"
        ))
        .expect("valid pattern")
    })
}

fn is_speaking(verb: &str) -> bool {
    matches!(
        verb,
        "讲" | "講"
            | "谈"
            | "談"
            | "说"
            | "說"
            | "提"
            | "强调"
            | "強調"
            | "谈谈"
            | "談談"
            | "讲讲"
            | "講講"
    )
}

fn count_of(numeral: &str) -> Option<u32> {
    match numeral {
        "两" | "兩" => Some(2),
        n => crate::outline::numeral::parse_chinese(n).map(|(v, _)| v),
    }
}

/// Most characters between the count and the end of its clause
/// (意见, 方面的工作, 希望和要求).
const MAX_TAIL_CHARS: usize = 10;

/// How the clause after the count ends: `Some(true)` on a colon, `Some(false)`
/// on a full stop or the end of the line; `None` when it goes on (a comma,
/// another clause) or runs too long. Returns the tail's end too.
fn clause_end(text: &str, from: usize) -> Option<(bool, usize)> {
    for (n, (i, c)) in text[from..].char_indices().enumerate() {
        if n > MAX_TAIL_CHARS {
            return None;
        }
        match c {
            '：' | ':' => return Some((true, from + i)),
            '。' | '！' | '!' | '\n' | '\r' => return Some((false, from + i)),
            '，' | ',' | '；' | ';' | '、' | '？' | '?' | '（' | '(' | '和' | '与' | '與'
            | '及' => {
                // 希望和要求 is one tail; 和“四个做好” is a second count.
                if matches!(c, '和' | '与' | '與' | '及') {
                    let next = text[from + i + c.len_utf8()..].chars().next();
                    if next.is_some_and(|n| {
                        matches!(n, '“' | '"' | '‘') || "两兩二三四五六七八九十".contains(n)
                    }) {
                        return None;
                    }
                    continue;
                }
                return None;
            }
            _ => {}
        }
    }
    Some((false, text.len()))
}

/// Every announcement in `text`.
pub fn find(text: &str) -> Vec<Announcement> {
    let mut out = Vec::new();
    for caps in pattern().captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let verb = caps.name("verb").expect("verb");
        let num = caps.name("num").expect("num");
        let quoted = caps.name("quote").is_some();
        let pointed = caps
            .name("pointer")
            .is_some_and(|p| matches!(p.as_str(), "以下" | "如下"));
        // 讲了三点, 提过三点: not this speech's promise — the regex already
        // refuses a character between verb and count other than a pointer.
        let Some(count) = count_of(num.as_str()) else {
            continue;
        };
        if !(2..=10).contains(&count) {
            continue;
        }
        // A count inside a larger numeral (十二) or a word (三大战役 …) is
        // refused by needing the clause to end soon after it.
        let mut tail_from = whole.end();
        if quoted {
            // 做到“三个坚持”: the quoted term must close within a few chars.
            let close = text[tail_from..]
                .char_indices()
                .take(8)
                .find(|(_, c)| matches!(c, '”' | '’' | '」' | '』' | '"'));
            let Some((i, c)) = close else { continue };
            tail_from += i + c.len_utf8();
        }
        let Some((colon, tail_end)) = clause_end(text, tail_from) else {
            continue;
        };
        let promise = is_speaking(verb.as_str()) || pointed || colon;
        if !promise {
            continue;
        }
        // The count is part of the verb's clause: the verb starts a word
        // (after punctuation, 我, 下面, 就 …) — 重点 as in 重点讲 is fine,
        // but 提 inside 提高 is not matched here since the count follows 提.
        let range = verb.start()..tail_end;
        out.push(Announcement {
            range,
            number: num.start()..num.end(),
            count,
            end: tail_end,
        });
    }
    out
}
