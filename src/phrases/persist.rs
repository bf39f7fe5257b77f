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
use super::{folded_line, DocInfo, LineInfo, PhraseIndex};
use crate::binary::{Invalid, Reader, Result, Writer};
use crate::corpus::stamp::Stamp;
use crate::corpus::FileRead;
use crate::text::input::SourceEncoding;
use std::io::{self, Read, Write};

/// `u32`s saved per line: start, document, line number.
const LINE_FIELDS: usize = 3;

impl PhraseIndex {
    /// Writes the index (see [`PhraseIndex::read_from`]).
    pub fn write_to<W: Write>(&self, w: &mut Writer<W>) -> io::Result<()> {
        let (by_suffix, stride_starts) = self.sa.parts();
        let lines: Vec<u32> = self
            .lines
            .iter()
            .flat_map(|l| [l.start, l.doc, l.number])
            .collect();
        let exceptions = self.unfolded_chars();
        // Folding is char for char, so the lines as written come back from
        // the folded text and the chars folding changed; should they not,
        // the index is not cached rather than cached wrong.
        if originals_of(&self.text, &self.lines, &exceptions)
            .map(|o| o.0)
            .as_ref()
            != Some(&self.originals)
        {
            return Err(io::Error::other("the template lines cannot be rebuilt"));
        }
        w.str(&self.text)?;
        w.u32s(stride_starts)?;
        w.u32s(&lines)?;
        w.u32s(&exceptions)?;
        w.u64s(self.bounds.words())?;
        w.u32s(by_suffix)?;
        w.u64(self.docs.len() as u64)?;
        self.docs.iter().try_for_each(|d| {
            w.str(&d.source)?;
            w.u32(d.draft as u32)?;
            w.u32(d.file.is_some() as u32)?;
            d.file.as_deref().map_or(Ok(()), |file| w.path(file))?;
            w.u32(d.read.is_some() as u32)?;
            d.read.map_or(Ok(()), |read| {
                read.stamp.write_to(w)?;
                w.u32(read.encoding.code())
            })
        })
    }

    /// The chars that folding changed, as (byte offset in the folded text,
    /// char as written) pairs in text order: for a simplified corpus, little
    /// more than its half-width punctuation. Saved instead of the lines as
    /// written, which would double what the cache reads at start.
    fn unfolded_chars(&self) -> Vec<u32> {
        let mut exceptions = Vec::new();
        for (i, line) in self.lines.iter().enumerate() {
            let folded = &self.text[folded_line(&self.text, &self.lines, i)];
            let original = self.original_at(line.start as usize);
            for ((at, f), o) in folded.char_indices().zip(original.chars()) {
                if f != o {
                    exceptions.extend([line.start + at as u32, o as u32]);
                }
            }
        }
        exceptions
    }

    /// Reads an index that [`PhraseIndex::write_to`] wrote.
    pub fn read_from<R: Read>(r: &mut Reader<R>) -> Result<Self> {
        let text = r.string()?;
        let stride_starts = r.u32s()?;
        let fields = r.u32s()?;
        let exceptions = r.u32s()?;
        // The strides are checked, and the lines as written rebuilt, on
        // another core while the rest is read.
        let (checked, rest) = std::thread::scope(|s| {
            let checking = s.spawn(|| {
                let chars = SuffixArray::check_strides(&text, &stride_starts);
                let lines = lines_of(&fields, &text);
                let originals = lines
                    .as_ref()
                    .and_then(|lines| originals_of(&text, lines, &exceptions));
                (chars, lines, originals)
            });
            let rest = read_rest(r, &text);
            let checked = checking.join().unwrap_or((None, None, None));
            (checked, rest)
        });
        let (bounds, by_suffix, docs) = rest?;
        let (chars, lines, originals) = checked;
        let chars = chars.ok_or(Invalid::Corrupt("suffix array strides"))?;
        let sa = SuffixArray::from_parts(chars, by_suffix, stride_starts)
            .ok_or(Invalid::Corrupt("suffix array"))?;
        let mut lines = lines.ok_or(Invalid::Corrupt("lines"))?;
        let (originals, offsets) = originals.ok_or(Invalid::Corrupt("unfolded chars"))?;
        if lines.iter().any(|l| l.doc as usize >= docs.len()) {
            return Err(Invalid::Corrupt("lines"));
        }
        for (line, offset) in lines.iter_mut().zip(offsets) {
            line.original = offset;
        }
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

/// What follows the text and its tables: the word boundaries, the suffix
/// array and the documents.
type Rest = (Bitset, Vec<u32>, Vec<DocInfo>);

fn read_rest<R: Read>(r: &mut Reader<R>, text: &str) -> Result<Rest> {
    let bounds =
        Bitset::from_words(text.len() + 1, r.u64s()?).ok_or(Invalid::Corrupt("word boundaries"))?;
    let by_suffix = r.u32s()?;
    let docs_len = r.u64()?;
    if docs_len > r.left() / 8 {
        return Err(Invalid::Truncated);
    }
    let docs = (0..docs_len)
        .map(|_| {
            let source = r.string()?;
            let draft = flag(r.u32()?)?;
            let file = if flag(r.u32()?)? {
                Some(r.path()?)
            } else {
                None
            };
            let read = if flag(r.u32()?)? {
                let stamp = Stamp::read_from(r)?;
                let encoding =
                    SourceEncoding::from_code(r.u32()?).ok_or(Invalid::Corrupt("an encoding"))?;
                Some(FileRead { stamp, encoding })
            } else {
                None
            };
            Ok(DocInfo {
                source,
                draft,
                file,
                read,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((bounds, by_suffix, docs))
}

fn flag(v: u32) -> Result<bool> {
    match v {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(Invalid::Corrupt("a flag")),
    }
}

/// The lines saved as `fields` (their `original` offsets still to come), if
/// they fit the text: starts increase from 0 and fall on char starts.
fn lines_of(fields: &[u32], text: &str) -> Option<Vec<LineInfo>> {
    if fields.len() % LINE_FIELDS != 0 {
        return None;
    }
    let lines: Vec<LineInfo> = fields
        .chunks_exact(LINE_FIELDS)
        .map(|f| LineInfo {
            start: f[0],
            doc: f[1],
            number: f[2],
            original: 0,
        })
        .collect();
    let fits = lines
        .iter()
        .all(|l| text.is_char_boundary(l.start as usize))
        && lines.windows(2).all(|w| w[0].start < w[1].start)
        && lines.first().is_none_or(|l| l.start == 0)
        && (lines.is_empty() == text.is_empty());
    fits.then_some(lines)
}

/// The lines as written, one after the other, and where each starts: the
/// folded lines with the saved `exceptions` put back; `None` when an
/// exception is out of order, off a char start, outside a line, or no char.
fn originals_of(text: &str, lines: &[LineInfo], exceptions: &[u32]) -> Option<(String, Vec<u32>)> {
    if exceptions.len() % 2 != 0 {
        return None;
    }
    let mut originals = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(lines.len());
    let mut pending = exceptions.chunks_exact(2).peekable();
    for i in 0..lines.len() {
        let range = folded_line(text, lines, i);
        offsets.push(u32::try_from(originals.len()).ok()?);
        let mut at = range.start;
        while let Some(&&[pos, c]) = pending.peek() {
            let pos = pos as usize;
            if pos >= range.end {
                break;
            }
            let folded = text.get(pos..)?.chars().next()?;
            if pos < at {
                return None;
            }
            originals.push_str(&text[at..pos]);
            originals.push(char::from_u32(c)?);
            at = pos + folded.len_utf8();
            pending.next();
        }
        originals.push_str(&text[at..range.end]);
    }
    pending.next().is_none().then_some((originals, offsets))
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
        assert_eq!(format!("{:?}", back.docs), format!("{:?}", built.docs));
        assert_eq!(saved(&back), bytes);
    }

    #[test]
    fn lines_as_written_come_back_from_the_folded_text() {
        // Traditional script, half-width punctuation, a control char that
        // looks like the document end.
        let raw = "各位代表，同志們：\n我們要堅持(一)方針;全心全意!\n末尾\u{3}\n\u{3}\n";
        let corpus = Corpus {
            documents: vec![
                crate::corpus::Document::parse("trad.txt", raw),
                crate::corpus::Document::parse("plain.txt", "全心全意依靠工人阶级\n"),
            ],
        };
        let built = PhraseIndex::build(&corpus);
        let back = read(&saved(&built)).unwrap();
        assert_eq!(back.originals, built.originals);
        let offsets = |i: &PhraseIndex| i.lines.iter().map(|l| l.original).collect::<Vec<_>>();
        assert_eq!(offsets(&back), offsets(&built));
        assert!(built.originals.contains("同志們：") && built.originals.contains("(一)"));
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
            documents: vec![crate::corpus::Document::parse(
                "a.txt",
                "全心全意依靠工人阶级\n",
            )],
        }));
        for len in 0..bytes.len() {
            assert!(
                read(&bytes[..len]).is_err(),
                "cut at {len} of {}",
                bytes.len()
            );
        }
    }
}
