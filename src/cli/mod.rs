//! The command line: `jianggao [--stdio]` serves LSP; subcommands run the
//! features on files, for use without an editor. Every command follows the
//! output policy of [`output`] and reads through [`input`]; help and
//! messages follow the terminal's language ([`Lang::from_env`]).

mod check;
mod complete;
mod corpus;
mod help;
mod input;
mod new;
mod outline;
mod output;

use crate::locale::Lang;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "jianggao",
    version,
    about = "讲稿 jianggao: a language server for writing Chinese speeches and reports",
    long_about = "讲稿 jianggao: a language server for writing Chinese speeches and reports.\n\n\
                  Without a subcommand it serves the Language Server Protocol over stdin/stdout.\n\
                  Logs go to stderr; set RUST_LOG (e.g. RUST_LOG=jianggao=debug) for more.\n\n\
                  Exit status of the commands: 0 clean, 1 findings, 2 unusable input or invalid option."
)]
struct Cli {
    /// Serve LSP over stdin/stdout (the default; accepted because editors pass it).
    #[arg(long, global = false)]
    stdio: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the Language Server Protocol over stdin/stdout (the default).
    Serve {
        /// Accepted for editors that pass it.
        #[arg(long)]
        stdio: bool,
    },
    /// Report unfilled placeholders (20xx, XX同志, ××, ____ …), numbering problems and broken promises of structure in files or folders.
    #[command(after_help = help::CHECK_AFTER_HELP_EN)]
    Check(check::CheckArgs),
    /// Print the outline of numbered sections of a draft, and its numbering problems.
    #[command(after_help = help::OUTLINE_AFTER_HELP_EN)]
    Outline(outline::OutlineArgs),
    /// Print the ranked phrase suggestions for the end of a text.
    Complete(complete::CompleteArgs),
    /// Load the template corpus and summarise it (documents, sections, skipped files).
    Corpus(CorpusArgs),
    /// Print a speech skeleton mined from the templates (salutation, opening, numbered points, closing).
    New(new::NewArgs),
}

/// Which templates to use; shared by the subcommands that need a corpus.
#[derive(Debug, Clone, Args)]
pub struct CorpusArgs {
    /// A file or folder of your own templates (.txt, .md); repeat for more.
    #[arg(long = "corpus", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Leave out the embedded template corpus.
    #[arg(long)]
    pub no_builtin: bool,
}

impl CorpusArgs {
    /// Paths on the command line are the user's own: read wherever they are.
    pub fn spec(&self) -> crate::corpus::load::CorpusSpec {
        crate::corpus::load::CorpusSpec {
            builtin: !self.no_builtin,
            paths: self.paths.clone(),
            ..Default::default()
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("jianggao=info"));
    // stdout belongs to JSON-RPC: every log line goes to stderr.
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
}

pub fn main() -> ExitCode {
    let lang = Lang::from_env();
    let parsed = help::localize(Cli::command(), lang)
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) => return help::exit(error, lang),
    };
    init_logging();
    match cli.command {
        None | Some(Command::Serve { .. }) => {
            if std::io::stdin().is_terminal() {
                output::say(help::terminal_notice(lang));
            }
            crate::lsp::run_stdio()
        }
        Some(Command::Check(args)) => check::run(args, lang),
        Some(Command::Outline(args)) => outline::run(args, lang),
        Some(Command::Complete(args)) => complete::run(args, lang),
        Some(Command::Corpus(args)) => corpus::run(args, lang),
        Some(Command::New(args)) => new::run(args, lang),
    }
}
