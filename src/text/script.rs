//! Simplified/traditional script: detection and folding to simplified.
//!
//! Folding is character for character (fast2s maps one char to one char), so
//! a folded string has the same characters at the same char positions as its
//! source. Matching code relies on that.

/// The script a text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Script {
    #[default]
    Simplified,
    Traditional,
}

/// Folds traditional characters to simplified ones; other characters are kept.
pub fn to_simplified(text: &str) -> String {
    fast2s::convert(text)
}

/// Guesses the script of `text` from the share of Han characters that folding
/// changes. Texts with too few tell-tale characters count as simplified.
pub fn detect(text: &str) -> Script {
    let folded = to_simplified(text);
    let (mut han, mut changed) = (0usize, 0usize);
    for (a, b) in text.chars().zip(folded.chars()) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
