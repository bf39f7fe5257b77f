//! Text as the writer's editor saved it: UTF-8 with or without a byte order
//! mark, GB18030 (and so GBK and GB2312), UTF-16 in either byte order; lines
//! ending in `\n`, `\r\n` or `\r`. Every command and the corpus loader read
//! through [`decode`], so a file is understood the same way everywhere.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// The encoding a text was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    Gb18030,
    Utf16Le,
    Utf16Be,
}

impl SourceEncoding {
    /// In the order of their codes in the index cache.
    const ALL: [SourceEncoding; 4] = [
        SourceEncoding::Utf8,
        SourceEncoding::Gb18030,
        SourceEncoding::Utf16Le,
        SourceEncoding::Utf16Be,
    ];

    /// Its number where a file saves it (the index cache).
    pub fn code(self) -> u32 {
        Self::ALL.iter().position(|&e| e == self).unwrap_or(0) as u32
    }

    /// The encoding saved as `code`, if any.
    pub fn from_code(code: u32) -> Option<SourceEncoding> {
        Self::ALL.get(code as usize).copied()
    }

    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Gb18030 => "GB18030",
            SourceEncoding::Utf16Le => "UTF-16LE",
            SourceEncoding::Utf16Be => "UTF-16BE",
        }
    }
}

/// Why bytes are not taken as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// NUL bytes outside UTF-16, as in nearly every binary format.
    Binary,
    /// Neither UTF-8, GB18030 nor UTF-16.
    UnknownEncoding,
}

/// Decoded text: byte order mark removed, every line break `\n` or `\r\n`
/// (a lone `\r` becomes `\n`, which keeps every byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// What the bytes were; anything but UTF-8 deserves a note to the writer.
    pub encoding: SourceEncoding,
}

/// Takes `bytes` as text in whichever encoding they are in.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, NotText> {
    let (text, encoding) = detect(bytes)?;
    Ok(Decoded {
        text: normalize_line_breaks(text),
        encoding,
    })
}

fn detect(mut bytes: Vec<u8>) -> Result<(String, SourceEncoding), NotText> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(UTF_16LE, rest).ok_or(NotText::UnknownEncoding);
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(UTF_16BE, rest).ok_or(NotText::UnknownEncoding);
    }
    if bytes.contains(&0) {
        // Mostly-ASCII UTF-16 without a mark has a NUL in every other byte;
        // anything else with a NUL is binary.
        return utf16_without_mark(&bytes, false).ok_or(NotText::Binary);
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return Ok((text, SourceEncoding::Utf8)),
        Err(e) => e.into_bytes(),
    };
    if let Some(text) = strict(GB18030, &bytes).filter(|t| is_texty(t)) {
        return Ok((text, SourceEncoding::Gb18030));
    }
    utf16_without_mark(&bytes, true).ok_or(NotText::UnknownEncoding)
}

/// Decodes without replacing anything: `None` on a malformed sequence.
fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

fn utf16(encoding: &'static Encoding, bytes: &[u8]) -> Option<(String, SourceEncoding)> {
    let text = strict(encoding, bytes).filter(|t| is_texty(t))?;
    let name = if encoding == UTF_16LE {
        SourceEncoding::Utf16Le
    } else {
        SourceEncoding::Utf16Be
    };
    Some((text, name))
}

/// UTF-16 recognised without a byte order mark: the byte order whose
/// decoding is well-formed text, made mostly of Chinese, Latin letters and
/// punctuation (random bytes decode to rarer scripts and controls).
fn utf16_without_mark(bytes: &[u8], cjk_only: bool) -> Option<(String, SourceEncoding)> {
    if bytes.len() % 2 != 0 {
        return None;
    }
    [UTF_16LE, UTF_16BE]
        .into_iter()
        .filter_map(|encoding| utf16(encoding, bytes))
        .find(|(text, _)| is_plausible(text, cjk_only))
}

/// No control characters other than whitespace (tab, line breaks, form
/// feed): what every text editor writes.
fn is_texty(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0c}'))
}

/// At least nine characters in ten are Chinese, CJK punctuation, full-width
/// forms or (unless `cjk_only`) printable ASCII.
fn is_plausible(text: &str, cjk_only: bool) -> bool {
    let (mut total, mut usual) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        let cjk = super::is_han(c)
            || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2010..=0x206F);
        if cjk || c.is_whitespace() || (!cjk_only && c.is_ascii_graphic()) {
            usual += 1;
        }
    }
    total > 0 && usual * 10 >= total * 9
}

/// Turns every lone `\r` (old Mac line breaks) into `\n`; `\r\n` stays.
/// Both are one byte, so offsets into the text do not move.
fn normalize_line_breaks(text: String) -> String {
    let lone_cr = |bytes: &[u8], i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    let bytes = text.as_bytes();
    if !memchr::memchr_iter(b'\r', bytes).any(|i| lone_cr(bytes, i)) {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if lone_cr(&bytes, i) {
            bytes[i] = b'\n';
        }
    }
    String::from_utf8(bytes).expect("replacing an ASCII byte keeps UTF-8 valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn utf16be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    fn decoded(bytes: Vec<u8>) -> (String, SourceEncoding) {
        let d = decode(bytes).expect("text");
        (d.text, d.encoding)
    }

    const SAMPLE: &str = "一、总体要求\n同志们：20xx年，我们要坚持全心全意依靠工人阶级。\n";

    #[test]
    fn utf8_with_and_without_mark() {
        let plain = decoded(SAMPLE.as_bytes().to_vec());
        let marked = decoded([b"\xEF\xBB\xBF", SAMPLE.as_bytes()].concat());
        assert_eq!(plain, (SAMPLE.to_string(), SourceEncoding::Utf8));
        assert_eq!(marked, plain);
    }

    #[test]
    fn gb18030_and_gbk() {
        let (bytes, _, _) = GB18030.encode(SAMPLE);
        assert_eq!(
            decoded(bytes.into_owned()),
            (SAMPLE.to_string(), SourceEncoding::Gb18030)
        );
        // 同志们 as GBK (a subset of GB18030).
        let (text, encoding) = decoded(b"\xcd\xac\xd6\xbe\xc3\xc7".to_vec());
        assert_eq!(
            (text.as_str(), encoding),
            ("同志们", SourceEncoding::Gb18030)
        );
    }

    #[test]
    fn utf16_with_mark() {
        let le = [&b"\xFF\xFE"[..], &utf16le(SAMPLE)].concat();
        let be = [&b"\xFE\xFF"[..], &utf16be(SAMPLE)].concat();
        assert_eq!(decoded(le), (SAMPLE.into(), SourceEncoding::Utf16Le));
        assert_eq!(decoded(be), (SAMPLE.into(), SourceEncoding::Utf16Be));
    }

    #[test]
    fn utf16_without_mark_chinese_or_mostly_ascii() {
        let chinese = "同志们：我们要坚持全心全意依靠工人阶级，围绕中心、服务大局。\n";
        assert_eq!(
            decoded(utf16le(chinese)),
            (chinese.into(), SourceEncoding::Utf16Le)
        );
        assert_eq!(
            decoded(utf16be(chinese)),
            (chinese.into(), SourceEncoding::Utf16Be)
        );
        let ascii = "Report 20xx\nXX tong zhi\n";
        assert_eq!(
            decoded(utf16le(ascii)),
            (ascii.into(), SourceEncoding::Utf16Le)
        );
    }

    #[test]
    fn binary_and_unknown_bytes_are_refused() {
        assert_eq!(decode(b"PK\x03\x04\0\0\0".to_vec()), Err(NotText::Binary));
        assert_eq!(decode(vec![0; 4096]), Err(NotText::Binary));
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        assert_eq!(decode(png), Err(NotText::Binary));
        // Control bytes and bytes GB18030 cannot start a character with.
        assert_eq!(
            decode(b"\x01\x02\x03\x80\xff\x7f".to_vec()),
            Err(NotText::UnknownEncoding)
        );
    }

    #[test]
    fn line_breaks_become_lf_in_place() {
        let (text, _) = decoded(b"a\rb\r\nc\n\rd\r".to_vec());
        assert_eq!(text, "a\nb\r\nc\n\nd\n");
        let (crlf, _) = decoded(b"a\r\nb".to_vec());
        assert_eq!(crlf, "a\r\nb");
    }
}
