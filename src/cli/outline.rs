//! `jianggao outline FILE`: the indented tree of numbered sections, then
//! the numbering problems as findings, without an editor.

use super::input;
use super::output::{findings_json, say, Format, Out, Status};
use crate::analysis::{Analysis, Checks, Numbering, SpeakingTime};
use crate::locale::Lang;
use crate::outline::{self, marker::Rank, Section};
use crate::speech::{self, wording, Speech};
use crate::text::Syntax;
use clap::Args;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct OutlineArgs {
    /// The draft (.txt or .md; UTF-8, GB18030 or UTF-16); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Leave out inline enumerations (一是, 首先 …).
    #[arg(long)]
    pub no_enumerations: bool,
    /// Do not report numbering problems or an overrun of the speaking time.
    #[arg(long)]
    pub no_checks: bool,
    #[command(flatten)]
    pub speech: SpeechArgs,
}

/// The speaking-time options of `outline` and `check`.
#[derive(Debug, Args)]
pub struct SpeechArgs {
    /// Spoken characters a minute (default 160; a draft's own charsPerMinute wins).
    #[arg(long, value_name = "N", value_parser = positive)]
    pub chars_per_minute: Option<f64>,
    /// Report a draft that takes longer than this many minutes (a draft's own targetMinutes wins).
    #[arg(long, value_name = "MINUTES", value_parser = positive)]
    pub target_minutes: Option<f64>,
}

impl SpeechArgs {
    /// The speaking-time check these options ask for.
    pub fn check(&self) -> SpeakingTime {
        SpeakingTime {
            chars_per_minute: self
                .chars_per_minute
                .unwrap_or(speech::DEFAULT_CHARS_PER_MINUTE),
            target_minutes: self.target_minutes,
        }
    }
}

/// A positive number.
fn positive(value: &str) -> Result<f64, String> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .and_then(speech::valid_rate)
        .ok_or_else(|| {
            Lang::from_env()
                .pick("须为正数", "must be a positive number")
                .to_string()
        })
}

fn drop_enumerations(sections: &mut Vec<Section>) {
    sections.retain(|s| !s.heading.is_enumeration());
    for s in sections {
        drop_enumerations(&mut s.children);
    }
}

/// Prints the tree, then each numbering problem as a finding
/// (`FILE:LINE:COL: numbering: message`); with `--format json`, one object
/// with `file`, `sections` and `findings`.
pub fn run(args: OutlineArgs, lang: Lang) -> ExitCode {
    let input = match input::read(&args.file, lang) {
        Ok(input) => input,
        Err(problem) => {
            say(&problem.message(&input::display(&args.file), lang));
            return Status::Unusable.code();
        }
    };
    let analysis = Analysis::new(input.text, Syntax::from_path(&args.file));
    let text = analysis.text();
    let mut tree = analysis.outline().clone();
    let speech = analysis.speech();
    let check = args.speech.check();
    let rate = speech.rate(check.chars_per_minute);
    let target = speech.target(check.target_minutes);
    let mut findings = if args.no_checks {
        Vec::new()
    } else {
        let checks = vec![Arc::new(Numbering) as _, Arc::new(args.speech.check()) as _];
        analysis.findings(&Arc::new(Checks::of(checks))).to_vec()
    };
    if args.no_enumerations {
        drop_enumerations(&mut tree.sections);
    }
    let mut out = Out::new();
    match args.format {
        Format::Text => {
            let timed: Vec<usize> = speech::timed_sections(&tree)
                .iter()
                .map(|s| s.heading.line)
                .collect();
            let note = |_: usize, s: &Section| {
                timed
                    .contains(&s.heading.line)
                    .then(|| wording::about(speech.section(s), rate))
            };
            out.text(&outline::render_with(&tree, note));
            out.text(&total_line(speech, rate, target));
            out.findings(&input.name, text, &mut findings);
        }
        Format::Json => {
            let document = json!({
                "file": input.name,
                "sections": sections_json(&tree.sections, speech, rate),
                "speech": {
                    "spokenChars": speech.total(),
                    "minutes": round_minutes(speech::minutes(speech.total(), rate)),
                    "charsPerMinute": rate,
                    "targetMinutes": target,
                },
                "findings": findings_json(&input.name, text, &mut findings),
            });
            out.text(&format!("{document:#}\n"));
        }
    }
    out.finish();
    if findings.is_empty() {
        Status::Clean.code()
    } else {
        Status::Findings.code()
    }
}

/// `全文  约 18 分钟 · 2880 字（每分钟 160 字；目标 15 分钟）`.
fn total_line(speech: &Speech, rate: f64, target: Option<f64>) -> String {
    let target = target.map_or(String::new(), |t| {
        format!("；目标 {} 分钟", wording::minutes_text(t))
    });
    format!(
        "全文  {}（每分钟 {} 字{target}）\n",
        wording::about(speech.total(), rate),
        wording::rate_text(rate)
    )
}

/// Minutes to a tenth, for JSON.
fn round_minutes(m: f64) -> f64 {
    (m * 10.0).round() / 10.0
}

/// Sections as JSON: `name`, `kind` (the numbering level, or `heading` for
/// an unnumbered Markdown heading), `line` and `endLine` (1-based), `chars`,
/// `spokenChars` and `minutes` (to a tenth) and `children`.
fn sections_json(sections: &[Section], speech: &Speech, rate: f64) -> Vec<Value> {
    sections
        .iter()
        .map(|s| {
            json!({
                "name": s.heading.name,
                "kind": s.heading.rank().map_or("heading", Rank::label),
                "line": s.heading.line + 1,
                "endLine": s.end_line + 1,
                "chars": s.chars,
                "spokenChars": speech.section(s),
                "minutes": round_minutes(speech::minutes(speech.section(s), rate)),
                "children": sections_json(&s.children, speech, rate),
            })
        })
        .collect()
}
