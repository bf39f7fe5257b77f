//! `jianggao corpus`: what the index would be built from.

use super::CorpusArgs;
use crate::corpus::load;
use std::process::ExitCode;

pub fn run(args: CorpusArgs) -> ExitCode {
    let loaded = load::load(&args.spec());
    for warning in &loaded.warnings {
        eprintln!("jianggao: {warning}");
    }
    for doc in &loaded.corpus.documents {
        println!(
            "{}\t{:?}\t{} sections\t{} chars",
            doc.source,
            doc.script,
            doc.sections.len(),
            doc.char_count()
        );
    }
    println!(
        "{} documents, {} bytes of clean text, {} skipped",
        loaded.corpus.documents.len(),
        loaded.corpus.text_len(),
        loaded.warnings.len()
    );
    if loaded.warnings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
