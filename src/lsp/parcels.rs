//! Long texts carried past tower-lsp.
//!
//! tower-lsp 0.20 reads each message into a buffer that grows as it reads and
//! keeps its capacity afterwards, then builds the message's strings again
//! from it: with the transport's own copy of the body, opening a 100 MB draft
//! peaked at 4.4× its size. So the transport lifts the long texts out of a
//! big `didOpen` or `didChange` before tower-lsp sees the message, leaving a
//! token in their place, and the handler claims each text by its token.
//!
//! A token is a string no client sends by chance: it starts with a prefix
//! made of this process's id and start time. A text nobody claims (a message
//! tower-lsp refused) is forgotten once [`MAX_WAITING`] newer ones wait.

use super::sync::lock;
use serde_json::Value;
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
        let Ok(mut message) = serde_json::from_slice::<Value>(&body) else {
            return body;
        };
        drop(body);
        let params = &mut message["params"];
        if opens {
            self.lift_text(&mut params["textDocument"]["text"]);
        } else if let Some(changes) = params["contentChanges"].as_array_mut() {
            for change in changes {
                self.lift_text(&mut change["text"]);
            }
        }
        serde_json::to_vec(&message).expect("a JSON value always serializes")
    }

    fn lift_text(&self, text: &mut Value) {
        let Value::String(text) = text else {
            return;
        };
        if text.len() < LIFT_TEXT_BYTES {
            return;
        }
        let token = format!(
            "{}{}",
            self.prefix,
            self.next.fetch_add(1, Ordering::Relaxed)
        );
        let lifted = std::mem::replace(text, token.clone());
        let mut waiting = lock(&self.waiting);
        if waiting.len() == MAX_WAITING {
            if let Some((forgotten, _)) = waiting.pop_front() {
                tracing::warn!("a lifted text was never claimed: {forgotten:?}");
            }
        }
        waiting.push_back((token, lifted));
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
    use serde_json::json;

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
            let mut text = Value::String(i.to_string().repeat(LIFT_TEXT_BYTES));
            parcels.lift_text(&mut text);
            tokens.push(text.as_str().unwrap().to_string());
        }
        assert_eq!(lock(&parcels.waiting).len(), MAX_WAITING);
        // The oldest is gone; the newest is there.
        assert_eq!(parcels.claim(tokens[0].clone()), tokens[0]);
        let newest = parcels.claim(tokens[MAX_WAITING].clone());
        assert_eq!(newest, MAX_WAITING.to_string().repeat(LIFT_TEXT_BYTES));
    }
}
