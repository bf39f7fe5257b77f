//! `jianggao outline` (its feature issue fills this in).

use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct OutlineArgs {}

pub fn run(_args: OutlineArgs) -> ExitCode {
    eprintln!("jianggao outline: not implemented yet");
    ExitCode::from(2)
}
