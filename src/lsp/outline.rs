//! `textDocument/documentSymbol` and `textDocument/foldingRange`, from the
//! outline of the document's analysis. (The numbering checks are findings
//! like any other: see `diagnostics` and `actions`.)

use super::documents::TextDocument;
use super::position::{self, Encoding};
use crate::outline::marker::Rank;
use crate::outline::Section;
use ropey::Rope;
use tower_lsp::lsp_types::{
    DocumentSymbol, FoldingRange, Location, SymbolInformation, SymbolKind, Url,
};

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
    doc.analysis()
        .outline()
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
pub fn folding_ranges(doc: &TextDocument) -> Vec<FoldingRange> {
    doc.analysis()
        .outline()
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
