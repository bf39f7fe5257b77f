//! `jianggao outline FILE`: the indented tree of numbered sections, then
//! the numbering problems as findings, without an editor.

use super::input;
use super::output::{findings_json, say, Format, Out, Status};
use crate::analysis::{Analysis, Checks, Numbering};
use crate::locale::Lang;
use crate::outline::{self, marker::Rank, Section};
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
    /// Do not report numbering problems.
    #[arg(long)]
    pub no_checks: bool,
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
    let mut findings = if args.no_checks {
        Vec::new()
    } else {
        let numbering = Arc::new(Checks::of(vec![Arc::new(Numbering)]));
        analysis.findings(&numbering).to_vec()
    };
    if args.no_enumerations {
        drop_enumerations(&mut tree.sections);
    }
    let mut out = Out::new();
    match args.format {
        Format::Text => {
            out.text(&outline::render(&tree));
            out.findings(&input.name, text, &mut findings);
        }
        Format::Json => {
            let document = json!({
                "file": input.name,
                "sections": sections_json(&tree.sections),
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

/// Sections as JSON: `name`, `kind` (the numbering level, or `heading` for
/// an unnumbered Markdown heading), `line` and `endLine` (1-based), `chars`
/// and `children`.
fn sections_json(sections: &[Section]) -> Vec<Value> {
    sections
        .iter()
        .map(|s| {
            json!({
                "name": s.heading.name,
                "kind": s.heading.rank().map_or("heading", Rank::label),
                "line": s.heading.line + 1,
                "endLine": s.end_line + 1,
                "chars": s.chars,
                "children": sections_json(&s.children),
            })
        })
        .collect()
}
