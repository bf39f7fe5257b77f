//! `jianggao check`: lints drafts before a speech goes to print (or in CI):
//! unfilled placeholders and numbering problems, one finding per line.

use super::input::{self, is_stdin};
use super::output::{findings_json, say, Format, Out, Status};
use crate::analysis::{Analysis, Checks};
use crate::corpus::walk::Walker;
use crate::locale::Lang;
use crate::outline;
use crate::placeholder::{self, Kind, Options, Syntax};
use crate::speech;
use crate::style::{self, Rule};
use clap::builder::PossibleValuesParser;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check (folders: every .txt and .md inside, recursively); `-` reads stdin.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Do not report this kind (year, name, number, session, blank, redaction, missing, custom, numbering, speaking-time, punctuation, number-style, script); repeat for more.
    #[arg(long = "disable", value_name = "KIND", value_parser = kinds())]
    disabled: Vec<String>,
    /// Text that is never a placeholder (e.g. X5); repeat for more.
    #[arg(long = "ignore", value_name = "WORD")]
    ignore_words: Vec<String>,
    /// An extra placeholder pattern (regular expression), reported as `custom`; repeat for more.
    #[arg(long = "pattern", value_name = "REGEX", value_parser = regex_pattern)]
    patterns: Vec<String>,
    #[command(flatten)]
    speech: super::outline::SpeechArgs,
}

/// The codes `--disable` takes: the placeholder kinds, `numbering`,
/// `speaking-time` and the house-style rules.
fn kinds() -> PossibleValuesParser {
    let codes = Kind::ALL.map(Kind::code);
    let ours = [outline::numbering::CODE, speech::CODE];
    let style = Rule::ALL.map(Rule::code);
    PossibleValuesParser::new(codes.into_iter().chain(ours).chain(style))
}

/// `--pattern` takes only a valid regular expression.
fn regex_pattern(pattern: &str) -> Result<String, String> {
    match regex::Regex::new(pattern) {
        Ok(_) => Ok(pattern.to_string()),
        Err(e) => {
            let lang = Lang::from_env();
            let what = lang.pick("不是有效的正则表达式：", "not a valid regular expression: ");
            Err(format!("{what}{e}"))
        }
    }
}

pub fn run(args: CheckArgs, lang: Lang) -> ExitCode {
    let numbering = !args.disabled.iter().any(|k| k == outline::numbering::CODE);
    let config = placeholder::Config {
        // `numbering` is ours, not a placeholder kind.
        disabled: args
            .disabled
            .iter()
            .filter(|k| {
                *k != outline::numbering::CODE && *k != speech::CODE && Rule::from_code(k).is_none()
            })
            .cloned()
            .collect(),
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
        // The kinds are checked by clap: what is left is about the patterns.
        for problem in problems {
            say(&format!(
                "--pattern: {}",
                problem.trim_start_matches("jianggao.placeholders.")
            ));
        }
        return Status::Unusable.code();
    }
    let mut checks = Checks::new(Arc::new(options), numbering);
    if !args.disabled.iter().any(|k| k == speech::CODE) {
        checks = checks.with(Arc::new(args.speech.check()));
    }
    let style = style::Config {
        disabled: args
            .disabled
            .iter()
            .filter(|k| Rule::from_code(k).is_some())
            .cloned()
            .collect(),
        ..Default::default()
    };
    let checks = Arc::new(checks.with_style(&style.rules().0));
    let mut out = Out::new();
    let mut status = Status::Clean;
    let mut walker = Walker::default();
    for path in &args.paths {
        for file in expand(path, &mut walker, lang, &mut status) {
            let input = match input::read(&file, lang) {
                Ok(input) => input,
                Err(problem) => {
                    say(&problem.message(&input::display(&file), lang));
                    status = status.max(Status::Unusable);
                    continue;
                }
            };
            // A .txt draft is plain text, anything else (stdin too) Markdown.
            let analysis = Analysis::new(input.text, Syntax::from_path(&file));
            let mut found = analysis.findings(&checks).to_vec();
            if !found.is_empty() {
                status = status.max(Status::Findings);
            }
            let text = analysis.text();
            match args.format {
                Format::Text => out.findings(&input.name, text, &mut found),
                Format::Json => {
                    for item in findings_json(&input.name, text, &mut found) {
                        out.json_item(&item);
                    }
                }
            }
        }
    }
    if args.format == Format::Json {
        out.end_json_array();
    }
    out.finish();
    status.code()
}

/// The files a path on the command line stands for: a folder's template
/// files (skips said), or the path itself; nothing for a file already
/// checked under another name.
fn expand(path: &Path, walker: &mut Walker, lang: Lang, status: &mut Status) -> Vec<PathBuf> {
    if is_stdin(path) {
        return vec![path.to_path_buf()];
    }
    let canonical = std::fs::canonicalize(path);
    let Ok(canonical) = canonical else {
        return vec![path.to_path_buf()]; // reading it says what is wrong
    };
    if !canonical.is_dir() {
        return if walker.claim(&canonical) {
            vec![path.to_path_buf()]
        } else {
            Vec::new()
        };
    }
    let found = walker.folder(path, &canonical);
    for warning in walker.warnings.drain(..) {
        let skipped = lang.pick("，已跳过", "; skipped");
        say(&format!(
            "{} {}{skipped}",
            warning.path.display(),
            warning.reason.describe(lang)
        ));
        if warning.reason.loses_input() {
            *status = (*status).max(Status::Unusable);
        }
    }
    found.into_iter().map(|f| f.path).collect()
}
