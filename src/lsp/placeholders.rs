//! Placeholder diagnostics and their quick fixes: a thin layer over
//! [`crate::placeholder`], converting byte ranges through [`position`].

use super::config::Settings;
use super::diagnostics;
use super::documents::TextDocument;
use super::position::{self, Encoding};
use crate::placeholder::{self, Fix, Kind, Placeholder, Severity, Syntax};
use ropey::Rope;
use std::collections::HashMap;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic,
    DiagnosticSeverity, TextEdit, Url, WorkspaceEdit,
};

/// Kind of the source action that fills every year placeholder at once.
pub const FILL_YEARS: &str = "source.fillYears.jianggao";

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

fn diagnostic(rope: &Rope, p: &Placeholder, enc: Encoding) -> Diagnostic {
    let severity = severity(p.severity);
    diagnostics::diagnostic(
        rope,
        enc,
        p.range.clone(),
        severity,
        p.kind.code(),
        p.message.clone(),
    )
}

pub fn diagnostics(
    doc: &TextDocument,
    text: &str,
    enc: Encoding,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let syntax = Syntax::from_language_id(&doc.language_id);
    placeholder::check_as(text, syntax, &settings.placeholder_options.0)
        .iter()
        .map(|p| diagnostic(&doc.rope, p, enc))
        .collect()
}

/// Whether the client asked for actions of `kind` (`context.only`).
fn wanted(params: &CodeActionParams, kind: &CodeActionKind) -> bool {
    params.context.only.as_ref().is_none_or(|only| {
        only.iter().any(|k| {
            let (k, kind) = (k.as_str(), kind.as_str());
            kind == k
                || kind
                    .strip_prefix(k)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

fn edit(rope: &Rope, enc: Encoding, uri: &Url, fixes: &[Fix]) -> WorkspaceEdit {
    let edits = fixes
        .iter()
        .map(|f| {
            TextEdit::new(
                position::range_from_bytes(rope, f.range.clone(), enc),
                f.replacement.clone(),
            )
        })
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

pub fn code_actions(
    doc: &TextDocument,
    enc: Encoding,
    params: &CodeActionParams,
    settings: &Settings,
) -> Vec<CodeActionOrCommand> {
    let quickfix = wanted(params, &CodeActionKind::QUICKFIX);
    let fill_all = wanted(params, &CodeActionKind::new(FILL_YEARS));
    if !quickfix && !fill_all {
        return Vec::new();
    }
    let text = doc.text();
    let syntax = Syntax::from_language_id(&doc.language_id);
    let found = placeholder::check_as(&text, syntax, &settings.placeholder_options.0);
    let year = placeholder::current_year();
    let uri = &params.text_document.uri;
    let wanted_range = position::range_to_bytes(&doc.rope, params.range, enc);
    let mut actions = Vec::new();
    if quickfix {
        for p in found
            .iter()
            .filter(|p| p.range.start <= wanted_range.end && wanted_range.start <= p.range.end)
        {
            let diagnostic = diagnostic(&doc.rope, p, enc);
            for (i, fix) in placeholder::fixes(&text, p, year).into_iter().enumerate() {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(edit(&doc.rope, enc, uri, &[fix])),
                    is_preferred: Some(i == 0),
                    ..Default::default()
                }));
            }
        }
    }
    let years = placeholder::fill_years(&text, &found, year);
    if fill_all && !years.is_empty() {
        let diagnostics = found
            .iter()
            .filter(|p| p.kind == Kind::Year)
            .map(|p| diagnostic(&doc.rope, p, enc))
            .collect();
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("将全部{}处年份占位符填为{year}年", years.len()),
            kind: Some(CodeActionKind::new(FILL_YEARS)),
            diagnostics: Some(diagnostics),
            edit: Some(edit(&doc.rope, enc, uri, &years)),
            ..Default::default()
        }));
    }
    actions
}
