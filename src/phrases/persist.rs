//! The phrase index written out and read back as it was built, so that a
//! cached index answers exactly like a fresh one without segmenting or
//! sorting again.
//!
//! Everything read is checked before it is used: the texts are UTF-8, the
//! tables have the sizes the texts call for, every offset falls inside its
//! text on a char start, in order. A file that passes is still only as
//! right as its checksum says (see [`crate::binary`]); one that fails is an
//! error, never a panic later.

use super::segment::Bitset;
use super::suffix::SuffixArray;
use super::{DocInfo, LineInfo, PhraseIndex};
use crate::binary::{Invalid, Reader, Result, Writer};
use std::io::{self, Read, Write};

/// `u32`s saved per line: start, document, line number, original offset.
const LINE_FIELDS: usize = 4;

impl PhraseIndex {
    /// Writes the index (see [`PhraseIndex::read_from`]).
    pub fn write_to<W: Write>(&self, w: &mut Writer<W>) -> io::Result<()> {
        let (by_suffix, stride_starts) = self.sa.parts();
        w.str(&self.text)?;
        w.u32s(stride_starts)?;
        w.str(&self.originals)?;
        w.u64s(self.bounds.words())?;
        w.u32s(by_suffix)?;
        let lines: Vec<u32> = self
            .lines
            .iter()
            .flat_map(|l| [l.start, l.doc, l.number, l.original])
            .collect();
        w.u32s(&lines)?;
        w.u64(self.docs.len() as u64)?;
        self.docs.iter().try_for_each(|d| w.str(&d.source))
    }

    /// Reads an index that [`PhraseIndex::write_to`] wrote.
    pub fn read_from<R: Read>(r: &mut Reader<R>) -> Result<Self> {
        let text = r.string()?;
        let stride_starts = r.u32s()?;
        // The strides are checked against the text on another core while
        // the rest is read: it is the longest check.
        let (chars, rest) = std::thread::scope(|s| {
            let checking = s.spawn(|| SuffixArray::check_strides(&text, &stride_starts));
            let rest = read_rest(r, &text);
            let chars = checking.join().unwrap_or(None);
            (chars, rest)
        });
        let (originals, bounds, by_suffix, lines, docs) = rest?;
        let chars = chars.ok_or(Invalid::Corrupt("suffix array strides"))?;
        let sa = SuffixArray::from_parts(chars, by_suffix, stride_starts)
            .ok_or(Invalid::Corrupt("suffix array"))?;
        let lines = lines_of(&lines, &text, &originals, docs.len())
            .ok_or(Invalid::Corrupt("lines"))?;
        Ok(PhraseIndex {
            text,
            bounds,
            sa,
            lines,
            originals,
            docs,
        })
    }
}

/// What follows the text and its strides: the original lines, the word
/// boundaries, the suffix array, the line table and the documents.
type Rest = (String, Bitset, Vec<u32>, Vec<u32>, Vec<DocInfo>);

fn read_rest<R: Read>(r: &mut Reader<R>, text: &str) -> Result<Rest> {
    let originals = r.string()?;
    let bounds = Bitset::from_words(text.len() + 1, r.u64s()?)
        .ok_or(Invalid::Corrupt("word boundaries"))?;
    let by_suffix = r.u32s()?;
    let lines = r.u32s()?;
    let docs_len = r.u64()?;
    if docs_len > r.left() / 8 {
        return Err(Invalid::Truncated);
    }
    let docs = (0..docs_len)
        .map(|_| r.string().map(|source| DocInfo { source }))
        .collect::<Result<Vec<_>>>()?;
    Ok((originals, bounds, by_suffix, lines, docs))
}

/// The lines saved as `fields`, if they fit the texts: starts and original
/// offsets increase, fall on char starts, and every document exists.
fn lines_of(fields: &[u32], text: &str, originals: &str, docs: usize) -> Option<Vec<LineInfo>> {
    if fields.len() % LINE_FIELDS != 0 {
        return None;
    }
    let lines: Vec<LineInfo> = fields
        .chunks_exact(LINE_FIELDS)
        .map(|f| LineInfo {
            start: f[0],
            doc: f[1],
            number: f[2],
            original: f[3],
        })
        .collect();
    let fits = lines.iter().all(|l| {
        (l.doc as usize) < docs
            && text.is_char_boundary(l.start as usize)
            && originals.is_char_boundary(l.original as usize)
    }) && lines
        .windows(2)
        .all(|w| w[0].start < w[1].start && w[0].original <= w[1].original)
        && lines.first().is_none_or(|l| l.start == 0 && l.original == 0)
        && (lines.is_empty() == text.is_empty());
    fits.then_some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    fn saved(index: &PhraseIndex) -> Vec<u8> {
        let mut w = Writer::new(Vec::new());
        index.write_to(&mut w).unwrap();
        w.into_inner()
    }

    fn read(bytes: &[u8]) -> Result<PhraseIndex> {
        PhraseIndex::read_from(&mut Reader::new(bytes, bytes.len() as u64))
    }

    #[test]
    fn an_index_reads_back_as_it_was_written() {
        let built = PhraseIndex::build(&Corpus::embedded());
        let bytes = saved(&built);
        let back = read(&bytes).unwrap();
        assert_eq!(back.text, built.text);
        assert_eq!(back.originals, built.originals);
        assert_eq!(back.bounds, built.bounds);
        assert_eq!(back.sa, built.sa);
        assert_eq!(back.docs.len(), built.docs.len());
        assert_eq!(saved(&back), bytes);
    }

    #[test]
    fn an_empty_index_reads_back() {
        let built = PhraseIndex::build(&Corpus::default());
        let back = read(&saved(&built)).unwrap();
        assert!(back.text.is_empty() && back.lines.is_empty());
        assert!(back.complete("全心全意", 5).is_empty());
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = saved(&PhraseIndex::build(&Corpus {
            documents: vec![crate::corpus::Document::parse("a.txt", "全心全意依靠工人阶级\n")],
        }));
        for len in 0..bytes.len() {
            assert!(read(&bytes[..len]).is_err(), "cut at {len} of {}", bytes.len());
        }
    }
}
