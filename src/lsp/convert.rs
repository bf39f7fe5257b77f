//! Core results in protocol terms: findings become diagnostics, actions
//! become code actions. Byte ranges go through [`position`], like every
//! other conversion; this module knows nothing of sessions or handlers.

use super::position::{self, Content, Encoding, Positions};
use crate::analysis::{Action, Edit, Finding, Severity};

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

/// A finding as a jianggao diagnostic.
pub fn diagnostic(content: Content, enc: Encoding, finding: &Finding) -> Diagnostic {
    diagnostic_at(
        position::range_from_bytes(content, finding.range.clone(), enc),
        finding,
    )
}

/// A finding as a jianggao diagnostic at `range`.
fn diagnostic_at(range: tower_lsp::lsp_types::Range, finding: &Finding) -> Diagnostic {
    Diagnostic {
        range,
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code.to_string())),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        ..Default::default()
    }
}

/// Other places of the document `uri` a diagnostic is about.
pub fn related(
    content: Content,
    enc: Encoding,
    uri: &Url,
    ranges: &[std::ops::Range<usize>],
) -> Vec<DiagnosticRelatedInformation> {
    ranges
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(
                uri.clone(),
                position::range_from_bytes(content, r.clone(), enc),
            ),
            message: "另一处".to_string(),
        })
        .collect()
}

pub fn diagnostics(content: Content, enc: Encoding, findings: &[Finding]) -> Vec<Diagnostic> {
    findings
        .iter()
        .map(|f| diagnostic(content, enc, f))
        .collect()
}

/// Many findings of one version as diagnostics, positioned by `at`.
pub fn diagnostics_at(at: &Positions, findings: &[Finding]) -> Vec<Diagnostic> {
    findings
        .iter()
        .map(|f| diagnostic_at(at.range(f.range.clone()), f))
        .collect()
}

fn text_edit(content: Content, enc: Encoding, edit: &Edit) -> TextEdit {
    TextEdit::new(
        position::range_from_bytes(content, edit.range.clone(), enc),
        edit.text.clone(),
    )
}

/// An action as a code action that edits the document `uri`.
pub fn code_action(
    content: Content,
    enc: Encoding,
    uri: &Url,
    action: &Action,
) -> CodeActionOrCommand {
    let edits = action
        .edits
        .iter()
        .map(|e| text_edit(content, enc, e))
        .collect();
    CodeActionOrCommand::CodeAction(CodeAction {
        title: action.title.clone(),
        kind: Some(CodeActionKind::new(action.kind)),
        diagnostics: Some(diagnostics(content, enc, &action.findings)),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        }),
        is_preferred: action.preferred.then_some(true),
        ..Default::default()
    })
}
