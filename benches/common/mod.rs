//! What several benches measure on.

/// About 1 MB of draft: the embedded corpus (full of real placeholders and
/// traps), repeated.
pub fn one_mb_draft() -> String {
    let corpus: String = jianggao::corpus::embedded::FILES
        .iter()
        .map(|(_, text)| *text)
        .collect();
    let mut text = String::with_capacity(1 << 20);
    while text.len() < 1 << 20 {
        text.push_str(&corpus);
    }
    let mut end = 1 << 20;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}
