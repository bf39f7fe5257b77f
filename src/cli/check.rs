//! `jianggao check`: lints drafts before a speech goes to print (or in CI):
//! unfilled placeholders, numbering problems and broken promises of
//! structure, one finding per line.

use super::input::{self, is_stdin};
use super::output::{findings_json, say, Format, Out, Status};
use crate::analysis::{house, Analysis, Checks};
use crate::corpus::walk::Walker;
use crate::locale::Lang;
use crate::lsp::config::Settings;
use crate::outline;
use crate::placeholder::{self, Kind, Options, Syntax};
use crate::rules::{self, Sources};
use crate::speech;
use crate::structure;
use crate::style::Rule;
use clap::builder::PossibleValuesParser;
use clap::Args;
use serde_json::{json, Value};
use std::collections::HashMap;
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
    /// Do not report this kind (year, name, number, session, blank, redaction, missing, custom, numbering, structure, speaking-time, punctuation, number-style, script, substitution, forbidden); repeat for more.
    #[arg(long = "disable", value_name = "KIND", value_parser = kinds())]
    disabled: Vec<String>,
    /// Text that is never a placeholder (e.g. X5); repeat for more.
    #[arg(long = "ignore", value_name = "WORD")]
    ignore_words: Vec<String>,
    /// An extra placeholder pattern (regular expression), reported as `custom`; repeat for more.
    #[arg(long = "pattern", value_name = "REGEX", value_parser = regex_pattern)]
    patterns: Vec<String>,
    /// The project rule file (jianggao.toml) to use instead of the one found from each file's folder upward.
    #[arg(long = "config", value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    speech: super::outline::SpeechArgs,
}

/// The codes `--disable` takes: the placeholder kinds, `numbering`,
/// `structure`, `speaking-time`, the house-style rules and the office's rules.
fn kinds() -> PossibleValuesParser {
    let codes = Kind::ALL.map(Kind::code);
    let style = Rule::ALL.map(Rule::code);
    PossibleValuesParser::new(codes.into_iter().chain(NOT_PLACEHOLDERS).chain(style))
}

/// The codes of the checks that are neither placeholder kinds nor
/// house-style rules.
const NOT_PLACEHOLDERS: [&str; 5] = [
    outline::numbering::CODE,
    structure::CODE,
    speech::CODE,
    house::SUBSTITUTION,
    house::FORBIDDEN,
];

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
        // The other codes are ours, not placeholder kinds.
        disabled: args
            .disabled
            .iter()
            .filter(|k| Kind::from_code(k).is_some())
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
    let (options, problems) = Options::compile(&config, Lang::from_env());
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
    drop(options);
    if let Some(config) = &args.config {
        if !config.is_file() {
            let what = lang.pick("不存在或不是文件", "does not exist or is not a file");
            say(&format!("--config {}: {what}", config.display()));
            return Status::Unusable.code();
        }
    }
    let mut rule_checks = RuleChecks::new(&args, config, numbering);
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
            let checks = rule_checks.for_file(&file);
            // A .txt draft is plain text, anything else (stdin too) Markdown.
            let analysis = Analysis::new(input.text, Syntax::from_path(&file));
            let mut found = analysis.findings(&checks).to_vec();
            // Whatever check found them, the codes switched off are not shown.
            found.retain(|f| !args.disabled.iter().any(|d| d == f.code));
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

/// The checks for each file: the command line's options over the rule files
/// that apply to it (the user's, and `--config` or the project file found
/// from the file's folder upward), made once per set of rule files.
struct RuleChecks {
    explicit: Option<PathBuf>,
    /// What the options say, as editor settings would.
    options: placeholder::Config,
    numbering: bool,
    disabled: Vec<String>,
    /// `--chars-per-minute` and `--target-minutes`.
    speech: [(&'static str, Option<f64>); 2],
    made: HashMap<Sources, Arc<Checks>>,
}

impl RuleChecks {
    fn new(args: &CheckArgs, options: placeholder::Config, numbering: bool) -> RuleChecks {
        RuleChecks {
            explicit: args.config.clone(),
            options,
            numbering,
            disabled: args.disabled.clone(),
            speech: [
                ("charsPerMinute", args.speech.chars_per_minute),
                ("targetMinutes", args.speech.target_minutes),
            ],
            made: HashMap::new(),
        }
    }

    fn for_file(&mut self, file: &Path) -> Arc<Checks> {
        let sources = match &self.explicit {
            Some(config) => Sources {
                user: rules::user_file(),
                project: Some(config.clone()),
            },
            None => {
                let folder = match file.parent() {
                    Some(p) if !is_stdin(file) && !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let folder = std::fs::canonicalize(&folder).unwrap_or(folder);
                Sources::find(Some(&folder))
            }
        };
        if let Some(checks) = self.made.get(&sources) {
            return checks.clone();
        }
        let read = sources.read();
        let overlay = self.overlay(&read);
        let (settings, warnings) =
            Settings::from_sources(&overlay, sources.clone(), &read, Lang::from_env());
        for warning in warnings {
            say(&warning);
        }
        self.made.insert(sources, settings.checks.clone());
        settings.checks.clone()
    }

    /// The options as settings laid over the files': lists add to theirs.
    fn overlay(&self, read: &rules::Read) -> Value {
        let mut files = Value::Null;
        for loaded in &read.files {
            rules::merge_json(&mut files, &Value::Object(loaded.file.settings.clone()));
        }
        let listed = |key: &str, mine: &[String]| -> Value {
            let theirs = files["placeholders"][key]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let mut all = theirs;
            all.extend(mine.iter().map(|s| json!(s)));
            Value::Array(all)
        };
        let patterns: Vec<String> = self
            .options
            .extra_patterns
            .iter()
            .filter_map(|p| match p {
                placeholder::PatternConfig::Regex(r) => Some(r.clone()),
                placeholder::PatternConfig::Full { .. } => None,
            })
            .collect();
        let mut overlay = json!({
            "placeholders": {
                "disabled": listed("disabled", &self.options.disabled),
                "ignoreWords": listed("ignoreWords", &self.options.ignore_words),
                "extraPatterns": listed("extraPatterns", &patterns),
            }
        });
        if !self.numbering {
            overlay["outline"]["numberingChecks"] = json!(false);
        }
        if self.disabled.iter().any(|d| d == structure::CODE) {
            overlay["outline"]["structureChecks"] = json!(false);
        }
        for (key, value) in self.speech {
            if let Some(value) = value {
                overlay["speech"][key] = json!(value);
            }
        }
        for code in [house::SUBSTITUTION, house::FORBIDDEN] {
            if self.disabled.iter().any(|d| d == code) {
                overlay["rules"][code] = json!({ "enable": false });
            }
        }
        overlay
    }
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
