//! `jianggao complete "TEXT"`: the ranked phrase suggestions for the end of
//! TEXT, for use without an editor.

use super::CorpusArgs;
use crate::index::Index;
use crate::locale::Lang;
use crate::phrases::{Params, DEFAULT_MIN_CONFIDENCE};
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
    /// Leave out suggestions less likely than this to be accepted (0–1).
    #[arg(long, default_value_t = DEFAULT_MIN_CONFIDENCE)]
    pub min_confidence: f64,
    /// Also print each suggestion's confidence, keystrokes saved, frequency
    /// and an example sentence.
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
    let lang = Lang::from_env();
    let params = Params {
        min_confidence: args.min_confidence,
        ..Params::default()
    };
    let suggestions = index
        .phrases
        .complete_in(&text, text.len(), args.max_items, &params);
    if suggestions.is_empty() {
        eprintln!("jianggao: no suggestions");
    }
    for (rank, s) in suggestions.iter().enumerate() {
        let typed = &s.phrase[..s.typed_len];
        println!("{:>2}. {typed}[{}]", rank + 1, s.continuation);
        if args.verbose {
            let (confidence, score) = (s.confidence * 100.0, s.score);
            let about = s.describe(lang).long;
            match lang {
                Lang::Zh => println!("    把握 {confidence:.0}%  预计省 {score:.2} 键  {about}"),
                Lang::En => {
                    println!("    confidence {confidence:.0}%  saves {score:.2} keys  {about}")
                }
            }
            if let Some(e) = &s.example {
                println!("    {}  ({})", e.sentence, e.location(lang));
            }
        }
    }
    ExitCode::SUCCESS
}
