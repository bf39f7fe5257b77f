//! `textDocument/documentSymbol` and `textDocument/foldingRange`, from the
//! outline of the document's analysis. (The numbering checks are findings
//! like any other: see `diagnostics` and `actions`.)

use super::documents::TextDocument;
use super::position::{self, Encoding};
use crate::outline::marker::Rank;
use crate::outline::Section;
use crate::speech::{self, wording, Speech};
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

/// What the outline says of the speaking time of the top-level sections.
struct Timing<'a> {
    speech: &'a Speech,
    rate: f64,
    /// The lines of the headings of the sections that are timed.
    timed: Vec<usize>,
}

impl Timing<'_> {
    /// `N字`, and `· 约 4 分钟 · 880 字` for a timed section.
    fn detail(&self, section: &Section) -> String {
        let length = format!("{}字", section.chars);
        if self.timed.contains(&section.heading.line) {
            let about = wording::about(self.speech.section(section), self.rate);
            format!("{length} · {about}")
        } else {
            length
        }
    }
}

fn symbol(rope: &Rope, enc: Encoding, section: &Section, timing: &Timing) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = section
        .children
        .iter()
        .map(|c| symbol(rope, enc, c, timing))
        .collect();
    #[allow(deprecated)] // `deprecated` is a required field of the struct
    DocumentSymbol {
        name: section.heading.name.clone(),
        detail: Some(timing.detail(section)),
        kind: kind(section),
        tags: None,
        deprecated: None,
        range: position::range_from_bytes(rope, section.range.clone(), enc),
        selection_range: position::range_from_bytes(rope, section.heading.selection.clone(), enc),
        children: (!children.is_empty()).then_some(children),
    }
}

/// The hierarchy of sections of the document; the top-level sections'
/// details give their speaking time at `chars_per_minute` (the setting; the
/// draft's own rate wins).
pub fn document_symbols(
    doc: &TextDocument,
    enc: Encoding,
    chars_per_minute: f64,
) -> Vec<DocumentSymbol> {
    let analysis = doc.analysis();
    let outline = analysis.outline();
    let speech = analysis.speech();
    let timing = Timing {
        speech,
        rate: speech.rate(chars_per_minute),
        timed: speech::timed_sections(outline)
            .iter()
            .map(|s| s.heading.line)
            .collect(),
    };
    outline
        .sections
        .iter()
        .map(|s| symbol(&doc.rope, enc, s, &timing))
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
