//! `jianggao corpus`: what the index would be built from.

use super::output::{say, Out, Status};
use super::CorpusArgs;
use crate::corpus::load::{self, LoadReport};
use crate::locale::Lang;
use crate::text::script::Script;
use std::process::ExitCode;

pub fn run(args: CorpusArgs, lang: Lang) -> ExitCode {
    let loaded = load::load(&args.spec());
    let status = say_report(&loaded.report, lang);
    let mut out = Out::new();
    for doc in &loaded.corpus.documents {
        let (source, sections, chars) = (&doc.source, doc.sections.len(), doc.char_count());
        out.text(&match (lang, doc.script) {
            (Lang::Zh, Script::Simplified) => {
                format!("{source}\t简体\t{sections} 篇\t{chars} 字\n")
            }
            (Lang::Zh, Script::Traditional) => {
                format!("{source}\t繁体\t{sections} 篇\t{chars} 字\n")
            }
            (Lang::En, script) => {
                format!("{source}\t{script:?}\t{sections} sections\t{chars} chars\n")
            }
        });
    }
    let (documents, bytes) = (loaded.corpus.documents.len(), loaded.corpus.text_len());
    let skipped = loaded.report.warnings.len();
    out.text(&match lang {
        Lang::Zh => format!("{documents} 个模板，{bytes} 字节正文，跳过 {skipped} 项\n"),
        Lang::En => {
            format!("{documents} documents, {bytes} bytes of clean text, {skipped} skipped\n")
        }
    });
    out.finish();
    status.code()
}

/// Says on stderr every skipped path and every file read from another
/// encoding than UTF-8; `Unusable` when something was left unread.
pub fn say_report(report: &LoadReport, lang: Lang) -> Status {
    for note in &report.notes {
        say(&note.message(lang));
    }
    let mut status = Status::Clean;
    for warning in &report.warnings {
        say(&warning.message(lang));
        if warning.reason.loses_input() {
            status = Status::Unusable;
        }
    }
    status
}
