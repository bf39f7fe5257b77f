//! Core results in protocol terms: findings become diagnostics, actions
//! become code actions. Byte ranges go through [`position`], like every
//! other conversion; this module knows nothing of sessions or handlers.

use super::position::{self, Encoding};
use crate::analysis::{Action, Edit, Finding, Severity};
use ropey::Rope;
use std::collections::HashMap;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, Location, NumberOrString, TextEdit, Url, WorkspaceEdit,
};

/// The `source` of every diagnostic jianggao publishes.
pub const SOURCE: &str = "jianggao";

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A finding as a jianggao diagnostic of the document `uri`, its related
/// places as related information in that document.
pub fn diagnostic(rope: &Rope, enc: Encoding, uri: &Url, finding: &Finding) -> Diagnostic {
    let related = finding
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(
                uri.clone(),
                position::range_from_bytes(rope, r.range.clone(), enc),
            ),
            message: r.message.clone(),
        })
        .collect::<Vec<_>>();
    Diagnostic {
        range: position::range_from_bytes(rope, finding.range.clone(), enc),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code.to_string())),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

pub fn diagnostics(rope: &Rope, enc: Encoding, uri: &Url, findings: &[Finding]) -> Vec<Diagnostic> {
    findings
        .iter()
        .map(|f| diagnostic(rope, enc, uri, f))
        .collect()
}

fn text_edit(rope: &Rope, enc: Encoding, edit: &Edit) -> TextEdit {
    TextEdit::new(
        position::range_from_bytes(rope, edit.range.clone(), enc),
        edit.text.clone(),
    )
}

/// An action as a code action that edits the document `uri`.
pub fn code_action(rope: &Rope, enc: Encoding, uri: &Url, action: &Action) -> CodeActionOrCommand {
    let edits = action
        .edits
        .iter()
        .map(|e| text_edit(rope, enc, e))
        .collect();
    CodeActionOrCommand::CodeAction(CodeAction {
        title: action.title.clone(),
        kind: Some(CodeActionKind::new(action.kind)),
        diagnostics: Some(diagnostics(rope, enc, uri, &action.findings)),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        }),
        is_preferred: action.preferred.then_some(true),
        ..Default::default()
    })
}
