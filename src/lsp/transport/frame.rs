//! `Content-Length` framing, hardened against whatever a client may send.
//!
//! - A claim above the reader's limit is refused without reading the body;
//!   a body within it is read as it arrives.
//! - A header line is kept to its last [`MAX_HEADER_LINE`] bytes, so an endless
//!   line costs no memory.
//! - After a header block without a usable length the reader is *lost*: the
//!   body that followed would otherwise be read as the next header. It skips
//!   input up to the next `Content-Length:` (which a client writes right after
//!   the body, often on the same line) and starts the next frame there.

use crate::text::clip;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt};

/// Header lines longer than this are not headers (the ones LSP defines are
/// under 60 bytes); only this many bytes of any line are kept.
pub const MAX_HEADER_LINE: usize = 1024;

/// One frame read from a stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    Body(Vec<u8>),
    /// A header block without a usable `Content-Length`, or with one above
    /// the limit: its body (if any) was not read.
    BadHeader(String),
}

/// Reads frames from `input`, refusing bodies longer than `limit` bytes.
pub struct FrameReader<R> {
    input: R,
    limit: usize,
    /// Skipping input up to the next `Content-Length:`.
    lost: bool,
}

impl<R: AsyncBufRead + Unpin> FrameReader<R> {
    pub fn new(input: R, limit: usize) -> Self {
        FrameReader {
            input,
            limit,
            lost: false,
        }
    }

    /// Skips input up to the next `Content-Length:` before the next frame:
    /// for when a body turned out not to be what its header announced.
    pub fn resync(&mut self) {
        self.lost = true;
    }

    /// The next frame; `None` at the end of the stream.
    pub async fn next(&mut self) -> std::io::Result<Option<Frame>> {
        let mut length: Option<Result<usize, String>> = None;
        let mut problem: Option<String> = None;
        let mut saw_header = false;
        loop {
            let Some((line, whole)) = read_line_tail(&mut self.input, MAX_HEADER_LINE).await?
            else {
                return Ok(None);
            };
            let mut line = line.as_slice();
            if self.lost {
                let Some(start) = last_content_length(line) else {
                    continue;
                };
                line = &line[start..];
                self.lost = false;
            } else if !whole {
                problem = Some(format!("header line longer than {MAX_HEADER_LINE} bytes"));
                saw_header = true;
                continue;
            }
            if line.is_empty() {
                if saw_header {
                    break;
                }
                continue; // stray blank lines between frames
            }
            saw_header = true;
            let line = String::from_utf8_lossy(line);
            match line.split_once(':') {
                Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                    length = Some(parse_length(value.trim()));
                }
                Some(_) => {} // Content-Type and unknown headers are ignored
                None => problem = Some(format!("malformed header line {:?}", clip(&line, 80))),
            }
        }
        let length = match (problem, length) {
            (Some(problem), _) | (None, Some(Err(problem))) => Err(problem),
            (None, None) => Err("missing Content-Length".to_string()),
            (None, Some(Ok(n))) if n > self.limit => Err(format!(
                "Content-Length {n} is over the limit of {} bytes",
                self.limit
            )),
            (None, Some(Ok(n))) => Ok(n),
        };
        let n = match length {
            Ok(n) => n,
            Err(problem) => {
                // Whatever body follows is not ours to read as a header.
                self.lost = true;
                return Ok(Some(Frame::BadHeader(problem)));
            }
        };
        // Reserved in one piece (a whole draft may come, and a growing buffer
        // would copy itself), but the memory is only backed as the bytes
        // arrive: a client that announces much and sends little costs little.
        let mut body = Vec::new();
        let _ = body.try_reserve_exact(n);
        (&mut self.input)
            .take(n as u64)
            .read_to_end(&mut body)
            .await?;
        if body.len() < n {
            return Ok(None); // the stream ended inside the body
        }
        Ok(Some(Frame::Body(body)))
    }
}

fn parse_length(value: &str) -> Result<usize, String> {
    // Digits only: `usize::from_str` would also take `+5`.
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("bad Content-Length {:?}", clip(value, 80)));
    }
    // All digits, so the only failure left is a number too large for usize:
    // it is over any limit.
    Ok(value.parse().unwrap_or(usize::MAX))
}

/// Where the last `Content-Length` header name (followed by `:`) starts in
/// `line`, ignoring case.
fn last_content_length(line: &[u8]) -> Option<usize> {
    const NAME: &[u8] = b"content-length";
    (0..line.len().saturating_sub(NAME.len() - 1))
        .rev()
        .find(|&i| {
            line[i..i + NAME.len()].eq_ignore_ascii_case(NAME)
                && line[i + NAME.len()..].trim_ascii_start().first() == Some(&b':')
        })
}

/// Reads one line through `\n` and returns its last `keep` bytes without the
/// line break, and whether that is the whole line. `None` at the end of the
/// stream (a last line without `\n` is not a header, nor the start of one).
async fn read_line_tail(
    input: &mut (impl AsyncBufRead + Unpin),
    keep: usize,
) -> std::io::Result<Option<(Vec<u8>, bool)>> {
    let mut line = Vec::new();
    let mut whole = true;
    loop {
        let buffer = input.fill_buf().await?;
        if buffer.is_empty() {
            return Ok(None);
        }
        let (chunk, used, done) = match memchr::memchr(b'\n', buffer) {
            Some(i) => (&buffer[..i], i + 1, true),
            None => (buffer, buffer.len(), false),
        };
        line.extend_from_slice(chunk);
        if line.len() > keep {
            whole = false;
            line.drain(..line.len() - keep);
        }
        input.consume(used);
        if done {
            break;
        }
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some((line, whole)))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames_of(raw: &[u8], limit: usize) -> Vec<Result<String, String>> {
        let mut reader = FrameReader::new(raw, limit);
        let mut out = Vec::new();
        while let Some(frame) = reader.next().await.unwrap() {
            out.push(match frame {
                Frame::Body(b) => Ok(String::from_utf8(b).unwrap()),
                Frame::BadHeader(p) => Err(p),
            });
        }
        out
    }

    #[tokio::test]
    async fn reads_frames_between_stray_blank_lines() {
        let raw = b"Content-Length: 2\r\n\r\n{}\r\n\r\nContent-Type: x\r\ncontent-length:4\r\n\r\nnull\n\nContent-Length: 1\n\n1";
        let frames = frames_of(raw, 100).await;
        assert_eq!(frames, [Ok("{}".into()), Ok("null".into()), Ok("1".into())]);
    }

    #[tokio::test]
    async fn a_bad_header_skips_its_body_up_to_the_next_content_length() {
        for bad in [
            "Content-Length: -5",
            "Content-Length: five",
            "Content-Length: +5",
            "Content-Length:",
            "Content-Type: application/json",
            "Content-Length 5",
            "Content-Length: 1000000000000",
            "Content-Length: 18446744073709551615",
            "Content-Length: 99999999999999999999999999",
        ] {
            let raw = format!("{bad}\r\n\r\n{{\"a\":\"b:c\"}}Content-Length: 4\r\n\r\ntrue");
            let frames = frames_of(raw.as_bytes(), 1000).await;
            assert_eq!(frames.len(), 2, "{bad}: {frames:?}");
            assert!(frames[0].is_err(), "{bad}: {frames:?}");
            assert_eq!(frames[1], Ok("true".into()), "{bad}");
        }
    }

    #[tokio::test]
    async fn a_body_on_its_own_lines_is_skipped_too() {
        let raw = b"Content-Length: x\r\n\r\n{\n\"text\": 1\n}\r\nContent-Length: 4\r\n\r\nnull";
        let frames = frames_of(raw, 1000).await;
        assert_eq!(frames.len(), 2, "{frames:?}");
        assert_eq!(frames[1], Ok("null".into()));
    }

    #[tokio::test]
    async fn resync_after_a_body_that_was_too_short() {
        // The header said 3, the body had 9 bytes: the rest is skipped.
        let raw = b"Content-Length: 3\r\n\r\n{\"a\":true}Content-Length: 1\r\n\r\n7";
        let mut reader = FrameReader::new(&raw[..], 100);
        assert_eq!(
            reader.next().await.unwrap(),
            Some(Frame::Body(b"{\"a".to_vec()))
        );
        reader.resync();
        assert_eq!(
            reader.next().await.unwrap(),
            Some(Frame::Body(b"7".to_vec()))
        );
    }

    #[tokio::test]
    async fn endless_lines_and_short_bodies_end_quietly() {
        let long = vec![b'x'; 10 * MAX_HEADER_LINE];
        let mut raw = long.clone();
        raw.extend_from_slice(b"\r\n\r\nContent-Length: 1\r\n\r\n1");
        let frames = frames_of(&raw, 100).await;
        assert_eq!(frames.len(), 2, "{frames:?}");
        assert_eq!(frames[1], Ok("1".into()));
        assert_eq!(frames_of(&long, 100).await, []);
        assert_eq!(frames_of(b"Content-Length: 50\r\n\r\n{}", 100).await, []);
    }

    #[test]
    fn finds_the_last_content_length_header() {
        assert_eq!(last_content_length(b"}Content-Length: 4"), Some(1));
        assert_eq!(last_content_length(b"content-length :4"), Some(0));
        assert_eq!(
            last_content_length(b"Content-Length: 1}content-LENGTH: 4"),
            Some(18)
        );
        assert_eq!(last_content_length(b"Content-Length"), None);
        assert_eq!(last_content_length(b"Content-Lengt: 4"), None);
        assert_eq!(last_content_length(b""), None);
    }
}
