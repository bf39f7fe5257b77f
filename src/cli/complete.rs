//! `jianggao complete "TEXT"`: the ranked phrase suggestions for the end of
//! TEXT, for use without an editor.

use super::output::{say, Out, Status};
use super::{input, CorpusArgs};
use crate::index::Index;
use crate::locale::Lang;
use clap::Args;
use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CompleteArgs {
    /// The text before the cursor; `-` (or `/dev/stdin`) reads it from stdin.
    #[arg(value_name = "TEXT")]
    pub text: String,
    /// Most suggestions to print.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub max_items: usize,
    /// Also print each suggestion's score, frequency and an example sentence.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    #[command(flatten)]
    pub corpus: CorpusArgs,
}

pub fn run(args: CompleteArgs, lang: Lang) -> ExitCode {
    let text = if input::is_stdin(Path::new(&args.text)) {
        match input::read(Path::new(&args.text), lang) {
            Ok(input) => input.text,
            Err(problem) => {
                say(&problem.message(input::STDIN_NAME, lang));
                return Status::Unusable.code();
            }
        }
    } else {
        args.text
    };
    let (index, report) = Index::load(&args.corpus.spec());
    let status = super::corpus::say_report(&report, lang);
    let suggestions = index.phrases.complete(&text, args.max_items);
    if suggestions.is_empty() {
        say(lang.pick("没有建议", "no suggestions"));
    }
    let mut out = Out::new();
    for (rank, s) in suggestions.iter().enumerate() {
        let mut item = String::new();
        let typed = &s.phrase[..s.typed_len];
        let _ = writeln!(item, "{:>2}. {typed}[{}]", rank + 1, s.continuation);
        if args.verbose {
            let _ = writeln!(
                item,
                "    score {:.3}  {}× in {} templates  {:?}",
                s.score, s.count, s.templates, s.origin
            );
            if let Some(e) = &s.example {
                let _ = writeln!(item, "    {}  ({}:{})", e.sentence, e.source, e.line);
            }
        }
        out.text(&item);
    }
    out.finish();
    status.code()
}
