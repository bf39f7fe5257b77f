//! Notifications sent past tower-lsp, straight to the transport's writer.
//!
//! tower-lsp turns a notification's parameters into a `serde_json::Value`,
//! then into text, on the async runtime, and passes the text through an
//! in-memory pipe of 64 KB to our transport. For the diagnostics of a long
//! draft (2,000 of them, 400 KB of JSON, after every keystroke) that took
//! about as long as analysing the draft. Through the outbox they are written
//! as text once, on the thread that computed them, and queued for the writer
//! whole. Frames from both paths meet in the writer's one queue, so they never
//! interleave; their relative order is the order in which they were queued.

use serde::Serialize;
use std::sync::{Mutex, PoisonError};
use tokio::sync::mpsc::UnboundedSender;

/// The transport's queue of outgoing bodies, while it is running.
#[derive(Debug, Default)]
pub struct Outbox(Mutex<Option<UnboundedSender<Vec<u8>>>>);

#[derive(Serialize)]
struct Notification<'a, T> {
    jsonrpc: &'static str,
    method: &'a str,
    params: &'a T,
}

impl Outbox {
    /// Sends to `queue` from now on (the transport, when it starts).
    pub fn open(&self, queue: UnboundedSender<Vec<u8>>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(queue);
    }

    /// Stops sending, so that the writer ends once tower-lsp has.
    pub fn close(&self) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take();
    }

    /// Whether a transport takes bodies (not so for a service run in
    /// process, as some tests do).
    pub fn is_open(&self) -> bool {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// Queues `body` (see [`notification`]); false when no transport takes it.
    pub fn send(&self, body: Vec<u8>) -> bool {
        let queue = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        queue.as_ref().is_some_and(|q| q.send(body).is_ok())
    }
}

/// The JSON-RPC body of notification `method` with `params`.
pub fn notification<T: Serialize>(method: &str, params: &T) -> Vec<u8> {
    let message = Notification {
        jsonrpc: "2.0",
        method,
        params,
    };
    serde_json::to_vec(&message).expect("LSP types serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notification_is_json_rpc() {
        let body = notification("x/y", &serde_json::json!({ "a": [1] }));
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            value,
            serde_json::json!({ "jsonrpc": "2.0", "method": "x/y", "params": { "a": [1] } })
        );
    }

    #[test]
    fn only_an_open_outbox_takes_bodies() {
        let outbox = Outbox::default();
        assert!(!outbox.send(b"{}".to_vec()));
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        outbox.open(tx);
        assert!(outbox.is_open() && outbox.send(b"{}".to_vec()));
        assert_eq!(rx.try_recv().unwrap(), b"{}");
        outbox.close();
        assert!(!outbox.send(b"{}".to_vec()));
        // Closed, the outbox holds no sender: the writer's queue ends.
        assert!(rx.try_recv().is_err() && rx.is_closed());
    }
}
