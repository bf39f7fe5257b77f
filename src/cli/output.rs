//! The one output policy of the command line:
//!
//! - findings of every check go to stdout, one per line as
//!   `FILE:LINE:COL: CODE: message` (1-based; COL counts characters), or as
//!   one JSON array with `--format json`;
//! - everything else said to the user (errors, notes, summaries of skipped
//!   input) goes to stderr as `jianggao: …`, in the user's language;
//! - exit status 0 clean, 1 findings, 2 unusable input or invalid option;
//! - a closed stdout (`| head`) ends the output quietly, never a panic.

use crate::text::lines::Locator;
use clap::ValueEnum;
use serde_json::json;
use std::io::{self, BufWriter, Stdout, Write};
use std::process::ExitCode;

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `FILE:LINE:COL: CODE: message`, one finding per line.
    Text,
    /// One JSON array of objects (file, line, column, endLine, endColumn, code, severity, message, text).
    Json,
}

/// How a command ended, from best to worst; the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Clean = 0,
    Findings = 1,
    Unusable = 2,
}

impl Status {
    pub fn code(self) -> ExitCode {
        ExitCode::from(self as u8)
    }
}

pub use crate::analysis::Finding;

/// Says something to the user on stderr, prefixed `jianggao: `. A closed
/// stderr is ignored: nothing else could be done about it.
pub fn say(message: &str) {
    let _ = writeln!(io::stderr().lock(), "jianggao: {message}");
}

/// stdout for findings and results: buffered, and closed-pipe aware.
pub struct Out {
    writer: BufWriter<Stdout>,
    /// Elements of the JSON array of findings written so far.
    json_items: usize,
    /// The reader went away: write nothing more.
    closed: bool,
}

impl Default for Out {
    fn default() -> Self {
        Self::new()
    }
}

impl Out {
    pub fn new() -> Self {
        Out {
            writer: BufWriter::new(io::stdout()),
            json_items: 0,
            closed: false,
        }
    }

    /// Writes raw text (results that are not findings: an outline, suggestions).
    pub fn text(&mut self, text: &str) {
        if !self.closed {
            let result = self.writer.write_all(text.as_bytes());
            self.check(result);
        }
    }

    /// Writes the findings of one text as lines, in order of position.
    pub fn findings(&mut self, file: &str, text: &str, findings: &mut [Finding]) {
        findings.sort_by_key(|f| (f.range.start, f.range.end));
        let mut locator = Locator::new(text);
        for f in findings.iter() {
            if self.closed {
                return;
            }
            let at = locator.locate(f.range.start);
            let (line, column, code, message) = (at.line, at.column, f.code, &f.message);
            let result = writeln!(self.writer, "{file}:{line}:{column}: {code}: {message}");
            self.check(result);
        }
    }

    /// Writes one element of a JSON array of findings (`[` before the first).
    pub fn json_item(&mut self, item: &serde_json::Value) {
        let separator = if self.json_items == 0 {
            "[\n  "
        } else {
            ",\n  "
        };
        self.json_items += 1;
        self.text(&format!("{separator}{item}"));
    }

    /// Closes the JSON array of findings.
    pub fn end_json_array(&mut self) {
        self.text(if self.json_items == 0 {
            "[]\n"
        } else {
            "\n]\n"
        });
    }

    /// Flushes what is left.
    pub fn finish(mut self) {
        let result = self.writer.flush();
        self.check(result);
    }

    /// Notes a write error: a closed pipe ends the output silently, any
    /// other error is said once.
    fn check(&mut self, result: io::Result<()>) {
        if let Err(e) = result {
            if !self.closed && e.kind() != io::ErrorKind::BrokenPipe {
                say(&e.to_string());
            }
            self.closed = true;
        }
    }
}

/// The findings of one text as JSON objects, in order of position: `file`,
/// `line`, `column`, `endLine`, `endColumn` (1-based, columns in
/// characters), `code`, `severity`, `message` and `text` (what was found).
pub fn findings_json(file: &str, text: &str, findings: &mut [Finding]) -> Vec<serde_json::Value> {
    findings.sort_by_key(|f| (f.range.start, f.range.end));
    let mut locator = Locator::new(text);
    findings
        .iter()
        .map(|f| {
            let (start, end) = (locator.locate(f.range.start), locator.locate(f.range.end));
            json!({
                "file": file,
                "line": start.line,
                "column": start.column,
                "endLine": end.line,
                "endColumn": end.column,
                "code": f.code,
                "severity": f.severity.name(),
                "message": f.message,
                "text": text.get(f.range.clone()).unwrap_or_default(),
            })
        })
        .collect()
}
