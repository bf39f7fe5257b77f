//! `textDocument/documentSymbol` and `textDocument/foldingRange`, from the
//! outline of the document's analysis. (The numbering checks are findings
//! like any other: see `diagnostics` and `actions`.)

use super::documents::TextDocument;
use super::position::{self, Content, Encoding};
use crate::outline::marker::Rank;
use crate::outline::Section;
use crate::speech::{self, wording, Speech};

use std::collections::HashSet;
use tower_lsp::lsp_types::{
    DocumentSymbol, FoldingRange, Location, SymbolInformation, SymbolKind, Url,
};

/// Most symbols (and folds) in one answer. An outline is read by people,
/// and VS Code folds at most 5000 regions (`editor.foldingMaximumRegions`);
/// a 100 MB draft's 100,000 sections took the server's memory from 2.7 to
/// 9.7 times the draft's size while tower-lsp turned them into JSON. The
/// upper levels are listed whole, as many as fit.
pub const MAX_SYMBOLS: usize = 5000;

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
    timed: HashSet<usize>,
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

/// The symbol of `section`, with its subsections down to `levels` levels
/// (itself the first).
fn symbol(
    content: Content,
    enc: Encoding,
    section: &Section,
    timing: &Timing,
    levels: usize,
) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = match levels {
        0 | 1 => Vec::new(),
        _ => section
            .children
            .iter()
            .map(|c| symbol(content, enc, c, timing, levels - 1))
            .collect(),
    };
    #[allow(deprecated)] // `deprecated` is a required field of the struct
    DocumentSymbol {
        name: section.heading.name.clone(),
        detail: Some(timing.detail(section)),
        kind: kind(section),
        tags: None,
        deprecated: None,
        range: position::range_from_bytes(content, section.range.clone(), enc),
        selection_range: position::range_from_bytes(
            content,
            section.heading.selection.clone(),
            enc,
        ),
        children: (!children.is_empty()).then_some(children),
    }
}

/// The hierarchy of sections of the document; the top-level sections'
/// details give their speaking time at `chars_per_minute` (the setting; the
/// draft's own rate wins). At most [`MAX_SYMBOLS`], and then a last one
/// saying how many sections are left out.
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
    let content = doc.content();
    let (levels, shown) = outline.levels_within(MAX_SYMBOLS - 1);
    let top = if levels == 0 {
        MAX_SYMBOLS - 1
    } else {
        usize::MAX
    };
    let mut symbols: Vec<DocumentSymbol> = outline
        .sections
        .iter()
        .take(top)
        .map(|s| symbol(content, enc, s, &timing, levels.max(1)))
        .collect();
    let shown = if levels == 0 { symbols.len() } else { shown };
    let left_out = outline.walk().len() - shown;
    if left_out > 0 {
        let end =
            position::range_from_bytes(content, content.len_bytes()..content.len_bytes(), enc);
        #[allow(deprecated)] // `deprecated` is a required field of the struct
        symbols.push(DocumentSymbol {
            name: format!("……另有{left_out}节未列出（大纲最多列出{MAX_SYMBOLS}节，上层的先列）"),
            detail: None,
            kind: SymbolKind::STRING,
            tags: None,
            deprecated: None,
            range: end,
            selection_range: end,
            children: None,
        });
    }
    symbols
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

/// One fold per section that spans more than one line; at most
/// [`MAX_SYMBOLS`], the upper levels first.
pub fn folding_ranges(doc: &TextDocument) -> Vec<FoldingRange> {
    let analysis = doc.analysis();
    let outline = analysis.outline();
    let (levels, _) = outline.levels_within(MAX_SYMBOLS);
    outline
        .walk()
        .into_iter()
        .filter(|&(depth, _)| depth < levels.max(1))
        .filter(|(_, s)| s.end_line > s.heading.line)
        .take(MAX_SYMBOLS)
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
