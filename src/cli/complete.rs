//! `jianggao complete "TEXT"`: the ranked phrase suggestions for the end of
//! TEXT, for use without an editor.

use super::output::{say, Out, Status};
use super::{input, CorpusArgs};
use crate::index::{cache, Index, Progress};
use crate::locale::Lang;
use crate::phrases::{Params, DEFAULT_MIN_CONFIDENCE};
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
    /// Print the list only when it is at least this likely (0–1) to hold
    /// the continuation (its items' confidences added up), or one item is
    /// this likely alone.
    #[arg(long, default_value_t = DEFAULT_MIN_CONFIDENCE)]
    pub min_confidence: f64,
    /// Also print each suggestion's confidence, keystrokes saved, frequency
    /// and an example sentence.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Neither read nor write the index cache (the server's, in the cache
    /// folder): build the index of your templates afresh.
    #[arg(long)]
    pub no_cache: bool,
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
    // The server's cache: a folder of templates indexed once, by either.
    let cache_dir = (!args.no_cache).then(cache::default_folder).flatten();
    let loaded = Index::load_with(
        &args.corpus.spec(),
        cache_dir.as_deref(),
        None,
        &Progress::default(),
    );
    if let Some(save) = &loaded.save {
        if let Err(e) = save.save(&loaded.index.phrases) {
            let file = save.file().display();
            say(&match lang {
                Lang::Zh => format!("无法写入索引缓存 {file}：{e}"),
                Lang::En => format!("cannot write the index cache {file}: {e}"),
            });
        }
    }
    let (index, report) = (loaded.index, loaded.report);
    let status = super::corpus::say_report(&report, lang);
    let params = Params {
        min_confidence: args.min_confidence,
        ..Params::default()
    };
    let suggestions = index
        .phrases
        .complete_in(&text, text.len(), args.max_items, &params);
    if suggestions.is_empty() {
        say(lang.pick("没有建议", "no suggestions"));
    }
    let mut out = Out::new();
    for (rank, s) in suggestions.iter().enumerate() {
        let mut item = String::new();
        let typed = &s.phrase[..s.typed_len];
        let _ = writeln!(item, "{:>2}. {typed}[{}]", rank + 1, s.continuation);
        if args.verbose {
            let (confidence, score) = (s.confidence * 100.0, s.score);
            let about = s.describe(lang).long;
            let _ = match lang {
                Lang::Zh => writeln!(
                    item,
                    "    把握 {confidence:.0}%  预计省 {score:.2} 键  {about}"
                ),
                Lang::En => writeln!(
                    item,
                    "    confidence {confidence:.0}%  saves {score:.2} keys  {about}"
                ),
            };
            if let Some(e) = &s.example {
                let _ = writeln!(item, "    {}  ({})", e.sentence, e.location(lang));
            }
        }
        out.text(&item);
    }
    out.finish();
    status.code()
}
