//! How a draft is written: Markdown or plain text. The editor says so by the
//! document's language id (`markdown`, `plaintext`), the command line by the
//! file's extension (`.md`, `.txt`). Plain text has no Markdown at all: a `*`
//! there is an asterisk, never emphasis.

use std::path::Path;

/// The markup of a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Syntax {
    /// Markdown (CommonMark): emphasis, code spans and fences are markup.
    /// The default when nothing says otherwise, since it reports less.
    #[default]
    Markdown,
    /// Plain text: every character is text.
    PlainText,
}

impl Syntax {
    /// From an LSP language id: `plaintext` (VS Code, Helix), `text` (Neovim)
    /// and `txt` are plain text; `markdown` and anything else Markdown.
    pub fn from_language_id(id: &str) -> Syntax {
        match id.trim().to_ascii_lowercase().as_str() {
            "plaintext" | "text" | "txt" | "plain" => Syntax::PlainText,
            _ => Syntax::Markdown,
        }
    }

    /// From a file's extension: `.txt` and `.text` are plain text; `.md` and
    /// anything else (standard input included) Markdown.
    pub fn from_path(path: &Path) -> Syntax {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("text") => {
                Syntax::PlainText
            }
            _ => Syntax::Markdown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_ids_and_extensions() {
        for id in ["plaintext", "text", "PlainText"] {
            assert_eq!(Syntax::from_language_id(id), Syntax::PlainText, "{id}");
        }
        for id in ["markdown", "", "rust"] {
            assert_eq!(Syntax::from_language_id(id), Syntax::Markdown, "{id}");
        }
        assert_eq!(
            Syntax::from_path(Path::new("a/讲话.txt")),
            Syntax::PlainText
        );
        assert_eq!(
            Syntax::from_path(Path::new("a/讲话.TXT")),
            Syntax::PlainText
        );
        assert_eq!(Syntax::from_path(Path::new("讲话.md")), Syntax::Markdown);
        assert_eq!(Syntax::from_path(Path::new("-")), Syntax::Markdown);
    }
}
