//! `textDocument/documentSymbol`, `textDocument/foldingRange` and the
//! numbering checks with their quick fixes, over [`crate::outline`].

use super::config::Settings;
use super::diagnostics;
use super::documents::TextDocument;
use super::position::{self, Encoding};
use crate::outline::marker::Rank;
use crate::outline::{self, Issue, Section};
use ropey::Rope;
use std::collections::HashMap;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic,
    DiagnosticSeverity, DocumentSymbol, FoldingRange, Location, SymbolInformation, SymbolKind,
    TextEdit, Url, WorkspaceEdit,
};

/// The `code` of every numbering diagnostic.
pub const CODE: &str = "numbering";
fn kind(section: &Section) -> SymbolKind {
    match section.heading.rank() {
        None | Some(Rank::Volume | Rank::Part) => SymbolKind::MODULE,
        Some(Rank::Enumeration) => SymbolKind::ENUM_MEMBER,
        Some(_) => SymbolKind::NAMESPACE,
    }
}

fn symbol(rope: &Rope, enc: Encoding, section: &Section) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = section
        .children
        .iter()
        .map(|c| symbol(rope, enc, c))
        .collect();
    #[allow(deprecated)] // `deprecated` is a required field of the struct
    DocumentSymbol {
        name: section.heading.name.clone(),
        detail: Some(format!("{}字", section.chars)),
        kind: kind(section),
        tags: None,
        deprecated: None,
        range: position::range_from_bytes(rope, section.range.clone(), enc),
        selection_range: position::range_from_bytes(rope, section.heading.selection.clone(), enc),
        children: (!children.is_empty()).then_some(children),
    }
}

/// The hierarchy of sections of the document.
pub fn document_symbols(doc: &TextDocument, enc: Encoding) -> Vec<DocumentSymbol> {
    let text = doc.text();
    outline::outline(&text)
        .sections
        .iter()
        .map(|s| symbol(&doc.rope, enc, s))
        .collect()
}

/// The symbols as a flat list with container names, for clients without
/// hierarchical symbol support.
pub fn flatten(uri: &Url, symbols: Vec<DocumentSymbol>) -> Vec<SymbolInformation> {
    fn go(
        uri: &Url,
        symbols: Vec<DocumentSymbol>,
        container: Option<&str>,
        out: &mut Vec<SymbolInformation>,
    ) {
        for symbol in symbols {
            #[allow(deprecated)] // `deprecated` is a required field of the struct
            out.push(SymbolInformation {
                name: symbol.name.clone(),
                kind: symbol.kind,
                tags: None,
                deprecated: None,
                location: Location::new(uri.clone(), symbol.range),
                container_name: container.map(str::to_string),
            });
            go(
                uri,
                symbol.children.unwrap_or_default(),
                Some(&symbol.name),
                out,
            );
        }
    }
    let mut out = Vec::new();
    go(uri, symbols, None, &mut out);
    out
}

/// One fold per section that spans more than one line.
pub fn folding_ranges(doc: &TextDocument, _enc: Encoding) -> Vec<FoldingRange> {
    let text = doc.text();
    outline::outline(&text)
        .walk()
        .into_iter()
        .filter(|(_, s)| s.end_line > s.heading.line)
        .map(|(_, s)| FoldingRange {
            start_line: s.heading.line as u32,
            start_character: None,
            end_line: s.end_line as u32,
            end_character: None,
            kind: None,
            collapsed_text: Some(s.heading.name.clone()),
        })
        .collect()
}

fn issues(text: &str, settings: &Settings) -> Vec<Issue> {
    if !settings.outline.numbering_checks {
        return Vec::new();
    }
    let outline = outline::outline(text);
    outline::check_numbering(text, &outline)
}

fn diagnostic(rope: &Rope, enc: Encoding, issue: &Issue) -> Diagnostic {
    let severity = DiagnosticSeverity::INFORMATION;
    diagnostics::diagnostic(
        rope,
        enc,
        issue.range.clone(),
        severity,
        CODE,
        issue.message.clone(),
    )
}

/// Numbering diagnostics (`numbering`, Information) of `text`, the
/// document's content.
pub fn diagnostics(
    doc: &TextDocument,
    text: &str,
    enc: Encoding,
    settings: &Settings,
) -> Vec<Diagnostic> {
    issues(text, settings)
        .iter()
        .map(|issue| diagnostic(&doc.rope, enc, issue))
        .collect()
}

/// Quick fixes for the numbering problems in the requested range.
pub fn code_actions(
    doc: &TextDocument,
    enc: Encoding,
    params: &CodeActionParams,
    settings: &Settings,
) -> Vec<CodeActionOrCommand> {
    let wanted = params.context.only.as_ref();
    if wanted.is_some_and(|only| {
        !only
            .iter()
            .any(|k| CodeActionKind::QUICKFIX.as_str().starts_with(k.as_str()))
    }) {
        return Vec::new();
    }
    let text = doc.text();
    let requested = position::range_to_bytes(&doc.rope, params.range, enc);
    issues(&text, settings)
        .iter()
        .filter(|issue| issue.range.start <= requested.end && requested.start <= issue.range.end)
        .filter_map(|issue| {
            let fix = issue.fix.as_ref()?;
            let edits = fix
                .edits
                .iter()
                .map(|e| {
                    TextEdit::new(
                        position::range_from_bytes(&doc.rope, e.range.clone(), enc),
                        e.text.clone(),
                    )
                })
                .collect();
            let changes = HashMap::from([(params.text_document.uri.clone(), edits)]);
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(&doc.rope, enc, issue)]),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..Default::default()
                }),
                is_preferred: Some(true),
                ..Default::default()
            }))
        })
        .collect()
}
