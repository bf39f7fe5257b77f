//! Marked fixture lines: `⟦kind:text⟧` marks a placeholder of `kind` whose
//! exact text is `text`; the input is the line without the marks.

#![allow(dead_code)] // each test binary uses a different part

use std::ops::Range;

/// A placeholder a fixture expects: its kind code and byte range in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub code: String,
    pub range: Range<usize>,
}

/// Splits a marked text into the input and the expected placeholders.
pub fn unmark(marked: &str) -> (String, Vec<Mark>) {
    let (mut input, mut marks) = (String::new(), Vec::new());
    let mut rest = marked;
    while let Some(open) = rest.find('⟦') {
        input.push_str(&rest[..open]);
        let after = &rest[open + '⟦'.len_utf8()..];
        let close = after.find('⟧').expect("unclosed ⟦");
        let (code, text) = after[..close].split_once(':').expect("⟦kind:text⟧");
        marks.push(Mark {
            code: code.to_string(),
            range: input.len()..input.len() + text.len(),
        });
        input.push_str(text);
        rest = &after[close + '⟧'.len_utf8()..];
    }
    input.push_str(rest);
    (input, marks)
}

/// Lines of a fixture that are cases: not blank, not `#` comments.
pub fn cases(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

/// A fixture file under `tests/fixtures/placeholder/`.
pub fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/placeholder")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
