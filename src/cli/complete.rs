//! `jianggao complete "TEXT"`: the ranked phrase suggestions for the end of
//! TEXT, for use without an editor.

use super::CorpusArgs;
use crate::index::Index;
use clap::Args;
use std::io::Read;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CompleteArgs {
    /// The text before the cursor; `-` reads it from stdin.
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

pub fn run(args: CompleteArgs) -> ExitCode {
    let text = if args.text == "-" {
        let mut buf = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut buf) {
            eprintln!("jianggao: cannot read stdin: {e}");
            return ExitCode::from(2);
        }
        buf
    } else {
        args.text
    };
    let (index, warnings) = Index::load(&args.corpus.spec());
    for warning in &warnings {
        eprintln!("jianggao: {warning}");
    }
    let suggestions = index.phrases.complete(&text, args.max_items);
    if suggestions.is_empty() {
        eprintln!("jianggao: no suggestions");
    }
    for (rank, s) in suggestions.iter().enumerate() {
        let typed = &s.phrase[..s.typed_len];
        println!("{:>2}. {typed}[{}]", rank + 1, s.continuation);
        if args.verbose {
            println!(
                "    score {:.3}  {}× in {} templates  {:?}",
                s.score, s.count, s.templates, s.origin
            );
            if let Some(e) = &s.example {
                println!("    {}  ({}:{})", e.sentence, e.source, e.line);
            }
        }
    }
    ExitCode::SUCCESS
}
