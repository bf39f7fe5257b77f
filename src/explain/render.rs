//! An [`Explanation`] as Markdown or as plain text, in Chinese.

use super::{minutes, About, Explanation};
use crate::phrases::{Example, Provenance};
use crate::speech::wording;
use crate::text::escape_markdown as escape;
use std::fmt::Write as _;
use std::path::Path;

/// How a hover is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    PlainText,
}

/// Most characters of an example sentence shown on each side of the phrase.
const CONTEXT_CHARS: usize = 40;

/// Most characters of the draft's stretch quoted above the examples.
const MAX_QUOTED_CHARS: usize = 60;

/// Makes a link that opens `file` at a 1-based line (the LSP layer makes
/// `file://` URIs); `None` when it cannot.
pub type Link<'a> = &'a dyn Fn(&Path, usize) -> Option<String>;

impl Explanation {
    /// The explanation in `format`; `link` opens a user's template at a line.
    pub fn render(&self, format: Format, link: Link) -> String {
        let md = format == Format::Markdown;
        let strong = |s: &str| {
            if md {
                format!("**{}**", escape(s))
            } else {
                s.to_string()
            }
        };
        let mut out = String::new();
        match &self.about {
            About::Placeholder { message, fill } => {
                let _ = write!(out, "{}\n\n{fill}", strong(message));
            }
            About::Heading {
                name,
                chars,
                spoken,
                rate,
                phrase,
            } => {
                let _ = write!(
                    out,
                    "{}\n\n本节 {chars} 字，计入讲话时长 {spoken} 字，约 {} 分钟（{}）",
                    strong(name),
                    minutes(*spoken, *rate),
                    wording::basis(*rate)
                );
                if let Some((text, found)) = phrase {
                    out.push_str("\n\n");
                    provenance(&mut out, found, text, format, link);
                }
            }
            About::Phrase { text, found } => {
                provenance(&mut out, found, text, format, link);
            }
        }
        out
    }
}

/// `“…” 在模板中出现 N 次，见于 M 篇`, then the examples with where they are.
fn provenance(out: &mut String, found: &Provenance, text: &str, format: Format, link: Link) {
    let md = format == Format::Markdown;
    let at_least = if found.templates_at_least {
        "至少 "
    } else {
        ""
    };
    let counts = format!(
        "在模板中出现 {} 次，见于{at_least} {} 篇",
        found.count, found.templates
    );
    // A whole template line may match: the heading line quotes its start.
    let text = crate::text::clip(text, MAX_QUOTED_CHARS);
    if md {
        let _ = write!(out, "**“{}”** {counts}", escape(&text));
    } else {
        let _ = write!(out, "“{text}”：{counts}");
    }
    for (i, example) in found.examples.iter().enumerate() {
        let quote = quote(example, md);
        let target = example
            .file
            .as_deref()
            .and_then(|file| link(file, example.line));
        let name = Path::new(&example.source)
            .file_name()
            .map_or(example.source.clone(), |n| n.to_string_lossy().into_owned());
        let place = match (&target, md) {
            (Some(uri), true) => format!("[{} 第 {} 行]({uri})", escape(&name), example.line),
            (Some(uri), false) => format!("{name} 第 {} 行 <{uri}>", example.line),
            (None, true) => escape(&format!("{} 第 {} 行", example.source, example.line)),
            (None, false) => format!("{} 第 {} 行", example.source, example.line),
        };
        let break_ = if md { "  " } else { "" };
        let _ = write!(out, "\n\n{}. {quote}{break_}\n   —— {place}", i + 1);
    }
}

/// The example sentence, cut to [`CONTEXT_CHARS`] on each side of the
/// phrase, the phrase in bold in Markdown.
fn quote(example: &Example, md: bool) -> String {
    let s = &example.sentence;
    let (a, b) = (example.phrase.start, example.phrase.end);
    let before = &s[..a];
    let before = match before.char_indices().rev().nth(CONTEXT_CHARS - 1) {
        Some((i, _)) if i > 0 => format!("…{}", &before[i..]),
        _ => before.to_string(),
    };
    let after = &s[b..];
    let after = match after.char_indices().nth(CONTEXT_CHARS) {
        Some((i, _)) => format!("{}…", &after[..i]),
        None => after.to_string(),
    };
    // A long phrase is cut, and what follows it is left out.
    let phrase = crate::text::clip(&s[a..b], MAX_QUOTED_CHARS);
    let after = if phrase.ends_with('…') { "" } else { &after };
    if md {
        format!(
            "{}**{}**{}",
            escape(&before),
            escape(&phrase),
            escape(after)
        )
    } else {
        format!("{before}{phrase}{after}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_escaped_and_the_phrase_bold() {
        let example = Example {
            sentence: "要把*重点*放在全心全意上。".into(),
            source: "a.txt".into(),
            line: 3,
            file: None,
            phrase: "要把*重点*放在".len().."要把*重点*放在全心全意".len(),
        };
        assert_eq!(quote(&example, true), "要把\\*重点\\*放在**全心全意**上。");
        assert_eq!(quote(&example, false), "要把*重点*放在全心全意上。");
    }

    #[test]
    fn long_sentences_are_cut_around_the_phrase() {
        let long = "长".repeat(100);
        let sentence = format!("{long}短语{long}");
        let example = Example {
            phrase: long.len()..long.len() + "短语".len(),
            sentence,
            source: "a.txt".into(),
            line: 1,
            file: None,
        };
        let q = quote(&example, false);
        assert_eq!(q.chars().count(), 2 * CONTEXT_CHARS + 2 + 2);
        assert!(q.starts_with('…') && q.ends_with('…'));
        // A phrase longer than the limit is cut too.
        let example = Example {
            phrase: 0..example.sentence.len(),
            ..example
        };
        let q = quote(&example, false);
        assert_eq!(q.chars().count(), MAX_QUOTED_CHARS + 1);
    }
}
