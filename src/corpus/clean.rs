//! Removes what template sites wrap around the text: ads, "小编" blurbs,
//! reposting notices and article metadata, plus Markdown line marks.
//!
//! Rules match the line folded to simplified script, so one rule covers both
//! scripts. They are deliberately specific: a rule that matched ordinary
//! speech ("会员群众") would cost phrases.

use super::Line;
use crate::text::script::to_simplified;

/// Text that marks a whole line as site boilerplate wherever it occurs.
const BOILERPLATE_MARKERS: &[&str] = &[
    "小编",     // 下面是小编带来的…, 以下是小编为大家收集的…
    "仅供学习", // 仅供学习 禁止外传, 仅供学习参考
    "禁止外传",
    "打击倒卖", // 【打击倒卖活动】
    "倒卖会员", // 举报倒卖会员资料的人…
    "会员群：", // 会员群：  免费QQ群：
    "会员群:",
    "QQ群",
    "原创投稿", // 本文系作者原创投稿…
    "请勿照搬",
    "新闻作者:", // [新闻作者:新闻来源:添加时间:…]
    "新闻来源:",
    "[字体:",   // [字体:大 中 小]
    "订阅立享", // 现在订阅立享前3年的所有权益和资料
    "自建平台、实时分享",
    "根据实际需求和形式任务不断迭代",
];

/// Whole lines that are a site's name or slogan.
const BOILERPLATE_LINES: &[&str] = &["酷乐文行"];

/// Whether a (trimmed) line is boilerplate.
pub fn is_boilerplate(line: &str) -> bool {
    let folded = to_simplified(line);
    let folded = folded.trim();
    BOILERPLATE_MARKERS.iter().any(|m| folded.contains(m)) || BOILERPLATE_LINES.contains(&folded)
}

/// Strips Markdown heading marks, list bullets and quote marks from the start
/// of a line: `## 二、` → `二、`, `- 1、` → `1、`.
pub fn strip_markdown_prefix(line: &str) -> &str {
    let mut rest = line.trim_start();
    loop {
        let before = rest;
        rest = rest.trim_start_matches('#');
        if let Some(r) = rest
            .strip_prefix("- ")
            .or_else(|| rest.strip_prefix("* "))
            .or_else(|| rest.strip_prefix("+ "))
            .or_else(|| rest.strip_prefix("> "))
        {
            rest = r;
        }
        rest = rest.trim_start();
        if rest == before {
            return rest;
        }
    }
}

/// Splits raw file text into clean, numbered, non-empty lines.
pub fn clean_lines(raw: &str) -> Vec<Line> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    raw.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let text = strip_markdown_prefix(line).trim_end();
            let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
            (!text.is_empty() && !is_boilerplate(text)).then(|| Line {
                number: i + 1,
                text: text.to_string(),
            })
        })
        .collect()
}
