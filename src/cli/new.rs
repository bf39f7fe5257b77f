//! `jianggao new`: prints a speech skeleton mined from the corpus (称呼,
//! 开场, 讲三点意见 with its numbered sections, 结尾) to start a draft from.

use super::output::{say, Out, Status};
use super::CorpusArgs;
use crate::corpus::load;
use crate::locale::Lang;
use crate::skeleton;
use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Which skeleton: its number or (part of) its name; the first by default.
    #[arg(value_name = "SKELETON")]
    pub which: Option<String>,
    /// List the skeletons instead of printing one.
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub corpus: CorpusArgs,
}

pub fn run(args: NewArgs, lang: Lang) -> ExitCode {
    let loaded = load::load(&args.corpus.spec());
    let status = super::corpus::say_report(&loaded.report, lang);
    let skeletons = skeleton::skeletons(&skeleton::mine(&loaded.corpus));
    let mut out = Out::new();
    if args.list {
        for (i, s) in skeletons.iter().enumerate() {
            out.text(&format!("{}. {}  （{}）\n", i + 1, s.label, s.detail));
        }
        out.finish();
        return status.code();
    }
    let chosen = match &args.which {
        None => skeletons.first(),
        Some(which) => match which.parse::<usize>() {
            Ok(n) => n.checked_sub(1).and_then(|i| skeletons.get(i)),
            Err(_) => skeletons.iter().find(|s| s.label.contains(which.as_str())),
        },
    };
    let Some(chosen) = chosen else {
        say(&format!(
            "{}{}",
            lang.pick("没有这个骨架：", "no such skeleton: "),
            args.which.unwrap_or_default()
        ));
        say(lang.pick("用 jianggao new --list 查看全部", "see jianggao new --list"));
        return Status::Unusable.code();
    };
    out.text(&chosen.plain());
    out.finish();
    status.code()
}
