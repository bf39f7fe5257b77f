//! The template corpus: documents split into sections of clean lines.
//!
//! Sources are the embedded default corpus ([`embedded`]) and the user's files
//! and folders ([`load`]). Every source goes through the same pipeline:
//! [`clean`] drops site boilerplate and ads, [`sections`] splits what is left
//! at the 篇一 / 第二篇 headings.

pub mod changes;
pub mod clean;
pub mod embedded;
pub mod load;
mod read;
pub mod sections;
pub mod stamp;
pub mod walk;

use crate::text::input::SourceEncoding;
use crate::text::script::{self, Script};
use stamp::Stamp;

/// One line of corpus text, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the source file.
    pub number: usize,
    /// The line as written, trimmed, never empty.
    pub text: String,
}

/// A section of a template document (篇一, 第二篇 …), or the part before the
/// first such heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading line without Markdown marks, `None` before the first heading.
    pub title: Option<String>,
    pub lines: Vec<Line>,
}

/// One template file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// File name for the embedded corpus, the path as given for user files.
    pub source: String,
    /// The file a user's template was read from (absolute); `None` for the
    /// embedded corpus.
    pub file: Option<std::path::PathBuf>,
    pub script: Script,
    pub sections: Vec<Section>,
    /// One of the writer's own drafts (a file of the workspace), not a template.
    pub draft: bool,
    /// How a user's file was found when read; `None` for the embedded
    /// corpus and for text that was not read from a file.
    pub read: Option<FileRead>,
    /// Not read again: the file is unchanged since the index being replaced
    /// read it, as its document number `N`, whose share the new index
    /// copies. Its `sections` are empty.
    pub kept: Option<u32>,
}

/// A user's file as it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileRead {
    pub stamp: Stamp,
    /// What it was decoded from.
    pub encoding: SourceEncoding,
}

impl Document {
    /// Cleans and splits `raw` into a document.
    pub fn parse(source: impl Into<String>, raw: &str) -> Self {
        let lines = clean::clean_lines(raw);
        let script = script::detect(raw);
        Document {
            source: source.into(),
            file: None,
            script,
            sections: sections::split(lines),
            draft: false,
            read: None,
            kept: None,
        }
    }

    /// All lines of all sections, in order.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.sections.iter().flat_map(|s| s.lines.iter())
    }

    /// Number of characters of clean text.
    pub fn char_count(&self) -> usize {
        self.lines().map(|l| l.text.chars().count()).sum()
    }
}

/// The documents an index is built from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    pub documents: Vec<Document>,
}

impl Corpus {
    /// The corpus compiled into the binary.
    pub fn embedded() -> Self {
        Corpus {
            documents: embedded::FILES
                .iter()
                .map(|(name, text)| Document::parse(*name, text))
                .collect(),
        }
    }

    /// Total bytes of clean text, for throughput figures.
    pub fn text_len(&self) -> usize {
        self.documents
            .iter()
            .flat_map(Document::lines)
            .map(|l| l.text.len())
            .sum()
    }
}
