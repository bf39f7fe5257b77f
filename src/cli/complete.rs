//! `jianggao complete` (its feature issue fills this in).

use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CompleteArgs {}

pub fn run(_args: CompleteArgs) -> ExitCode {
    eprintln!("jianggao complete: not implemented yet");
    ExitCode::from(2)
}
