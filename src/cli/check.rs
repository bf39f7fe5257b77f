//! `jianggao check`: lints drafts for unfilled placeholders, for use before
//! printing a speech or in CI.

use crate::analysis::{Analysis, Checks, Finding};
use crate::corpus::load::{self, SkipReason};
use crate::placeholder::{self, Options};
use clap::{Args, ValueEnum};
use serde_json::json;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Args)]
#[command(
    after_help = "Output (text): one line per placeholder, `FILE:LINE:COLUMN CODE MESSAGE`; \
LINE and COLUMN are 1-based and COLUMN counts characters (Unicode scalar values), not bytes.\n\
Codes: year, name, number, session, blank, redaction, missing, custom.\n\n\
Exit status: 0 when no placeholder is left, 1 when one is, 2 when an input cannot be read."
)]
pub struct CheckArgs {
    /// Files or folders to check (folders: every .txt and .md inside, recursively); `-` reads stdin.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Do not report this kind (year, name, number, session, blank, redaction, missing); repeat for more.
    #[arg(long = "disable", value_name = "KIND")]
    disabled: Vec<String>,
    /// Text that is never a placeholder (e.g. X5); repeat for more.
    #[arg(long = "ignore", value_name = "WORD")]
    ignore_words: Vec<String>,
    /// An extra placeholder pattern (regular expression), reported as `custom`; repeat for more.
    #[arg(long = "pattern", value_name = "REGEX")]
    patterns: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// `file:line:col code message`
    Text,
    /// One JSON array of objects with file, line, column, endLine, endColumn, code, severity, message, text.
    Json,
}

/// A placeholder in the analysis of a file.
struct Located<'a> {
    file: String,
    analysis: &'a Analysis,
    finding: Finding,
}

impl Located<'_> {
    /// 1-based line and 1-based column in chars of byte offset `at`.
    fn line_col(&self, at: usize) -> (usize, usize) {
        let (line, col) = self.analysis.line_col(at);
        (line + 1, col + 1)
    }
}

pub fn run(args: CheckArgs) -> ExitCode {
    let config = placeholder::Config {
        disabled: args.disabled.clone(),
        ignore_words: args.ignore_words.clone(),
        extra_patterns: args
            .patterns
            .iter()
            .cloned()
            .map(placeholder::PatternConfig::Regex)
            .collect(),
        ..Default::default()
    };
    let (options, problems) = Options::compile(&config);
    if !problems.is_empty() {
        for problem in problems {
            eprintln!(
                "jianggao check: {}",
                problem.trim_start_matches("jianggao.placeholders.")
            );
        }
        return ExitCode::from(2);
    }
    let (inputs, mut unreadable) = collect_inputs(&args.paths);
    let mut analyses = Vec::new();
    for path in inputs {
        match read(&path) {
            Ok(text) => analyses.push((display(&path), Analysis::new(text, ""))),
            Err(reason) => unreadable.push(format!("{}: {}", display(&path), describe(&reason))),
        }
    }
    let checks = Arc::new(Checks::new(Arc::new(options), false));
    let found: Vec<Located> = analyses
        .iter()
        .flat_map(|(file, analysis)| {
            analysis
                .findings(&checks)
                .iter()
                .map(|finding| Located {
                    file: file.clone(),
                    analysis,
                    finding: finding.clone(),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let written = match args.format {
        Format::Text => write_text(&found),
        Format::Json => write_json(&found),
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("jianggao check: {e}");
        }
    }
    for problem in &unreadable {
        eprintln!("jianggao check: cannot check {problem}");
    }
    if !unreadable.is_empty() {
        ExitCode::from(2)
    } else if !found.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The files to check: files as given, folders expanded; and what is missing.
fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let (mut files, mut problems) = (Vec::new(), Vec::new());
    for path in paths {
        if path.as_os_str() == "-" || path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            let (found, warnings) = load::template_files(path);
            files.extend(found);
            problems.extend(warnings.iter().map(|w| w.to_string()));
        } else {
            problems.push(format!("{}: no such file or folder", display(path)));
        }
    }
    (files, problems)
}

fn read(path: &Path) -> Result<String, SkipReason> {
    if path.as_os_str() != "-" {
        return load::read_text(path);
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    load::decode_text(bytes)
}

fn display(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

fn describe(reason: &SkipReason) -> String {
    match reason {
        SkipReason::Missing => "no such file".to_string(),
        SkipReason::Unreadable(e) => e.clone(),
        SkipReason::NotUtf8 => "not UTF-8 text".to_string(),
        SkipReason::Binary => "a binary file, not text".to_string(),
        SkipReason::CorpusFull => "over the size limit".to_string(),
    }
}

fn write_text(found: &[Located]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for f in found {
        let (line, col) = f.line_col(f.finding.range.start);
        let p = &f.finding;
        writeln!(out, "{}:{line}:{col} {} {}", f.file, p.code, p.message)?;
    }
    out.flush()
}

fn write_json(found: &[Located]) -> std::io::Result<()> {
    let items: Vec<_> = found
        .iter()
        .map(|f| {
            let p = &f.finding;
            let (line, column) = f.line_col(p.range.start);
            let (end_line, end_column) = f.line_col(p.range.end);
            json!({
                "file": f.file,
                "line": line,
                "column": column,
                "endLine": end_line,
                "endColumn": end_column,
                "code": p.code,
                "severity": p.severity.name(),
                "message": p.message,
                "text": &f.analysis.text()[p.range.clone()],
            })
        })
        .collect();
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &items)?;
    writeln!(out)
}
