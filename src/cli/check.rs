//! `jianggao check` (its feature issue fills this in).

use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CheckArgs {}

pub fn run(_args: CheckArgs) -> ExitCode {
    eprintln!("jianggao check: not implemented yet");
    ExitCode::from(2)
}
