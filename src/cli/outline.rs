//! `jianggao outline FILE`: the indented tree of numbered sections, and the
//! numbering problems, without an editor.

use crate::analysis::Analysis;
use crate::outline;
use clap::Args;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct OutlineArgs {
    /// The draft (UTF-8 text or Markdown); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Leave out inline enumerations (一是, 首先 …).
    #[arg(long)]
    pub no_enumerations: bool,
    /// Do not report numbering problems.
    #[arg(long)]
    pub no_checks: bool,
}

fn read(path: &PathBuf) -> Result<String, String> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?
    };
    String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))
}

fn drop_enumerations(sections: &mut Vec<outline::Section>) {
    sections.retain(|s| !s.heading.is_enumeration());
    for s in sections {
        drop_enumerations(&mut s.children);
    }
}

/// Prints the tree on stdout and each numbering problem on stderr as
/// `FILE:LINE:COL: numbering: message`. Exit code 0, or 2 when the file
/// cannot be read.
pub fn run(args: OutlineArgs) -> ExitCode {
    let text = match read(&args.file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("jianggao: {e}");
            return ExitCode::from(2);
        }
    };
    let analysis = Analysis::new(text, "");
    let mut tree = analysis.outline().clone();
    let issues = if args.no_checks {
        &[]
    } else {
        analysis.numbering()
    };
    if args.no_enumerations {
        drop_enumerations(&mut tree.sections);
    }
    let mut out = std::io::stdout().lock();
    if out.write_all(outline::render(&tree).as_bytes()).is_err() {
        // A closed pipe (`| head`) is not an error worth a message.
        return ExitCode::SUCCESS;
    }
    let name = args.file.display();
    for issue in issues {
        let (line, col) = analysis.line_col(issue.range.start);
        eprintln!(
            "{name}:{}:{}: numbering: {}",
            line + 1,
            col + 1,
            issue.message
        );
    }
    ExitCode::SUCCESS
}
