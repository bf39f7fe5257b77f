//! Splits a template document at its section headings: `工会领导工作总结篇一`,
//! `第二篇:在市总工会…的讲话`. Text before the first heading (the document
//! title and intro) becomes a section without a title.

use super::{Line, Section};
use crate::text::script::to_simplified;

const NUMERALS: &str = "一二三四五六七八九十百零〇两";

fn is_numeral(c: char) -> bool {
    NUMERALS.contains(c)
}

/// Whether a clean line is a section heading of a template collection.
pub fn is_section_heading(line: &str) -> bool {
    let folded = to_simplified(line);
    let text = folded.trim();
    // 第一篇… / 第十二篇:…
    if let Some(rest) = text.strip_prefix('第') {
        let after: &str = rest.trim_start_matches(is_numeral);
        if after.len() < rest.len() && after.starts_with('篇') {
            return true;
        }
    }
    // …篇一 / …篇十六 at the end of a short title line
    if let Some(pos) = text.rfind('篇') {
        let tail = &text[pos + '篇'.len_utf8()..];
        return !tail.is_empty()
            && tail.chars().all(is_numeral)
            && text.chars().count() <= 40
            && !text.contains(['。', '，']);
    }
    false
}

/// Groups lines into sections.
pub fn split(lines: Vec<Line>) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut current = Section {
        title: None,
        lines: Vec::new(),
    };
    for line in lines {
        if is_section_heading(&line.text) {
            if current.title.is_some() || !current.lines.is_empty() {
                sections.push(current);
            }
            current = Section {
                title: Some(line.text),
                lines: Vec::new(),
            };
        } else {
            current.lines.push(line);
        }
    }
    if current.title.is_some() || !current.lines.is_empty() {
        sections.push(current);
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_headings() {
        for yes in [
            "工会领导工作总结篇一",
            "工会工作会上的领导讲话内容篇十六",
            "第一篇:在XX市總工會十二屆五次全委會上的講話",
            "第三篇：在区总工会十二届六次全委(最终版)",
        ] {
            assert!(is_section_heading(yes), "{yes}");
        }
        for no in [
            "一、提高政治站位",
            "这是一篇好文章",
            "第一，要提高认识。",
            "写好一篇总结，要把握以下几点，篇一",
        ] {
            assert!(!is_section_heading(no), "{no}");
        }
    }
}
