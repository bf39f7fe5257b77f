//! Long texts carried past tower-lsp.
//!
//! tower-lsp 0.20 reads each message into a buffer that grows as it reads and
//! keeps its capacity afterwards, then builds the message's strings again
//! from it: with the transport's own copy of the body, opening a 100 MB draft
//! peaked at 4.4× its size. So the transport lifts the long texts out of a
//! big `didOpen` or `didChange` before tower-lsp sees the message, leaving a
//! token in their place, and the handler claims each text by its token.
//! The texts are read from their JSON literals in the body (found without
//! building them), so only the body and one copy of a text are ever held.
//!
//! A token is a string no client sends by chance: it starts with a prefix
//! made of this process's id and start time. A text nobody claims (a message
//! tower-lsp refused) is forgotten once [`MAX_WAITING`] newer ones wait.

use super::sync::lock;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// Bodies shorter than this go to tower-lsp as they are.
pub const LIFT_BODY_BYTES: usize = 1 << 20;

/// Texts shorter than this stay in the message, even in a big body.
const LIFT_TEXT_BYTES: usize = 64 << 10;

/// Texts lifted but not yet claimed, at most.
const MAX_WAITING: usize = 8;

/// The text of a `didOpen`, as it is written in the body.
#[derive(Deserialize)]
struct Open<'a> {
    #[serde(borrow)]
    params: OpenParams<'a>,
}

#[derive(Deserialize)]
struct OpenParams<'a> {
    #[serde(rename = "textDocument", borrow)]
    text_document: Text<'a>,
}

/// The texts of a `didChange`, as they are written in the body.
#[derive(Deserialize)]
struct Changes<'a> {
    #[serde(borrow)]
    params: ChangesParams<'a>,
}

#[derive(Deserialize)]
struct ChangesParams<'a> {
    #[serde(rename = "contentChanges", borrow)]
    content_changes: Vec<Text<'a>>,
}

#[derive(Deserialize)]
struct Text<'a> {
    #[serde(borrow)]
    text: Option<&'a RawValue>,
}

/// The string a JSON string literal (quotes included) stands for, or `None`
/// when it is not one.
fn unescape(literal: &str) -> Option<String> {
    let mut rest = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(rest.len());
    while let Some(i) = rest.find(['\\', '"']) {
        out.push_str(&rest[..i]);
        let bytes = rest.as_bytes();
        if bytes[i] == b'"' {
            return None;
        }
        let escape = bytes.get(i + 1).copied().filter(u8::is_ascii)?;
        rest = &rest[i + 2..];
        out.push(match escape {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let (c, used) = escaped_char(rest)?;
                rest = &rest[used..];
                c
            }
            _ => return None,
        });
    }
    out.push_str(rest);
    Some(out)
}

/// The character of a `\u` escape whose hex digits start `rest`, a
/// surrogate pair taking a second escape; and the bytes read.
fn escaped_char(rest: &str) -> Option<(char, usize)> {
    let hex = |s: Option<&str>| {
        let s = s.filter(|s| s.bytes().all(|b| b.is_ascii_hexdigit()))?;
        u32::from_str_radix(s, 16).ok()
    };
    let high = hex(rest.get(..4))?;
    if !(0xD800..0xDC00).contains(&high) {
        return char::from_u32(high).map(|c| (c, 4));
    }
    let low = hex(rest.get(4..6).filter(|&u| u == "\\u").and(rest.get(6..10)))?;
    if !(0xDC00..0xE000).contains(&low) {
        return None;
    }
    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).map(|c| (c, 10))
}

#[derive(Debug)]
pub struct Parcels {
    prefix: String,
    next: AtomicU64,
    waiting: Mutex<VecDeque<(String, String)>>,
}

impl Default for Parcels {
    fn default() -> Self {
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Parcels {
            prefix: format!("\u{0}jianggao-parcel-{}-{started}-", std::process::id()),
            next: AtomicU64::new(0),
            waiting: Mutex::default(),
        }
    }
}

impl Parcels {
    /// `body` (a valid JSON-RPC message) with its long document texts
    /// replaced by tokens, when it is a big `didOpen` or `didChange`.
    pub fn lift(&self, body: Vec<u8>) -> Vec<u8> {
        if body.len() < LIFT_BODY_BYTES {
            return body;
        }
        // The method first, without building the rest.
        #[derive(serde::Deserialize)]
        struct Method {
            method: Option<String>,
        }
        let method = serde_json::from_slice::<Method>(&body)
            .ok()
            .and_then(|m| m.method);
        let opens = method.as_deref() == Some("textDocument/didOpen");
        if !opens && method.as_deref() != Some("textDocument/didChange") {
            return body;
        }
        // The texts as the JSON literals they are in the body: building a
        // `Value` held each long text twice beside the body (serde_json's
        // scratch buffer, then the string), 3× the draft in all.
        let literals: Vec<&RawValue> = if opens {
            serde_json::from_slice::<Open>(&body)
                .ok()
                .and_then(|m| m.params.text_document.text)
                .into_iter()
                .collect()
        } else {
            serde_json::from_slice::<Changes>(&body)
                .map(|m| m.params.content_changes)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|c| c.text)
                .collect()
        };
        let mut lifted = Vec::new();
        let mut rest = Vec::with_capacity(body.len().min(64 << 10));
        let mut copied = 0;
        for literal in literals {
            let literal = literal.get();
            if literal.len() < LIFT_TEXT_BYTES {
                continue;
            }
            let Some(text) = unescape(literal) else {
                return body; // not a plain string: tower-lsp says what is wrong
            };
            let start = literal.as_ptr() as usize - body.as_ptr() as usize;
            let token = self.token();
            rest.extend_from_slice(&body[copied..start]);
            serde_json::to_writer(&mut rest, &token).expect("a string always serializes");
            copied = start + literal.len();
            lifted.push((token, text));
        }
        rest.extend_from_slice(&body[copied..]);
        drop(body);
        for (token, text) in lifted {
            self.wait(token, text);
        }
        rest
    }

    /// A new token.
    fn token(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        format!("{}{n}", self.prefix)
    }

    /// Keeps `text` until it is claimed by `token`.
    fn wait(&self, token: String, text: String) {
        let mut waiting = lock(&self.waiting);
        if waiting.len() == MAX_WAITING {
            if let Some((forgotten, _)) = waiting.pop_front() {
                tracing::warn!("a lifted text was never claimed: {forgotten:?}");
            }
        }
        waiting.push_back((token, text));
    }

    /// The text a handler received: the lifted text if it is a token, else
    /// the text itself.
    pub fn claim(&self, text: String) -> String {
        if !text.starts_with(&self.prefix) {
            return text;
        }
        let mut waiting = lock(&self.waiting);
        match waiting.iter().position(|(token, _)| *token == text) {
            Some(i) => waiting.remove(i).map_or(text, |(_, lifted)| lifted),
            None => {
                tracing::error!("a lifted text is missing: {text:?}");
                text
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn body(message: &Value) -> Vec<u8> {
        serde_json::to_vec(message).unwrap()
    }

    #[test]
    fn a_big_open_travels_without_its_text_and_the_text_is_claimed() {
        let parcels = Parcels::default();
        let text = "某".repeat(LIFT_BODY_BYTES);
        let open = json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": { "uri": "file:///a.md", "languageId": "markdown", "version": 1, "text": text } } });
        let lifted: Value = serde_json::from_slice(&parcels.lift(body(&open))).unwrap();
        let token = lifted["params"]["textDocument"]["text"].as_str().unwrap();
        assert!(token.len() < 100, "{token}");
        assert_eq!(lifted["params"]["textDocument"]["uri"], "file:///a.md");
        assert_eq!(parcels.claim(token.to_string()), text);
        // Claimed once: a second claim finds nothing and gets the token back.
        assert_eq!(parcels.claim(token.to_string()), token);
    }

    #[test]
    fn only_long_texts_of_big_changes_are_lifted() {
        let parcels = Parcels::default();
        let long = "甲".repeat(LIFT_BODY_BYTES);
        let change = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": { "uri": "file:///a.md", "version": 2 },
            "contentChanges": [ { "text": "短" }, { "text": long } ] } });
        let lifted: Value = serde_json::from_slice(&parcels.lift(body(&change))).unwrap();
        let changes = &lifted["params"]["contentChanges"];
        assert_eq!(changes[0]["text"], "短");
        assert_eq!(
            parcels.claim(changes[1]["text"].as_str().unwrap().into()),
            long
        );
        // Small bodies and other methods pass untouched.
        let small =
            body(&json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {} }));
        assert_eq!(parcels.lift(small.clone()), small);
        let big_other =
            body(&json!({ "jsonrpc": "2.0", "method": "x", "params": { "text": long } }));
        assert_eq!(parcels.lift(big_other.clone()), big_other);
    }

    /// Every escape JSON has, as serde_json reads them; anything else is
    /// not taken for a string.
    #[test]
    fn literals_are_read_as_json_reads_them() {
        let written = r#""a\"b\\c\/d\b\f\n\r\t\u00e9\u8BB2\uD840\uDC00\ud83d\ude00 讲𠀀""#;
        let want: String = serde_json::from_str(written).unwrap();
        assert_eq!(unescape(written), Some(want));
        let text = "讲话\n“引号” \"quoted\" back\\slash\u{1}\u{7f}😀".repeat(3);
        let literal = serde_json::to_string(&text).unwrap();
        assert_eq!(unescape(&literal).as_deref(), Some(text.as_str()));
        for bad in [
            r#""\x""#,
            r#""\uD840""#,
            r#""\uDC00""#,
            r#""\u12""#,
            r#""a"b""#,
            "\"\\讲\"",
            "x",
        ] {
            assert_eq!(unescape(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_client_text_is_never_taken_for_a_token() {
        let parcels = Parcels::default();
        let text = "\u{0}jianggao-parcel-1-2-3".to_string();
        assert_eq!(parcels.claim(text.clone()), text);
    }

    #[test]
    fn unclaimed_texts_are_forgotten_beyond_the_limit() {
        let parcels = Parcels::default();
        let mut tokens = Vec::new();
        for i in 0..=MAX_WAITING {
            let token = parcels.token();
            parcels.wait(token.clone(), i.to_string().repeat(LIFT_TEXT_BYTES));
            tokens.push(token);
        }
        assert_eq!(lock(&parcels.waiting).len(), MAX_WAITING);
        // The oldest is gone; the newest is there.
        assert_eq!(parcels.claim(tokens[0].clone()), tokens[0]);
        let newest = parcels.claim(tokens[MAX_WAITING].clone());
        assert_eq!(newest, MAX_WAITING.to_string().repeat(LIFT_TEXT_BYTES));
    }
}
