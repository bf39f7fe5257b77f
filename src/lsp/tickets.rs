//! Per document, the number of the newest piece of work started on it, so
//! that older work finds out it is stale and stops: a newer version of a
//! document cancels what was being computed for an older one.

use super::sync::lock;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use tower_lsp::lsp_types::Url;

#[derive(Debug, Default)]
pub struct Tickets {
    newest: Mutex<HashMap<Url, u64>>,
    /// Tickets are numbered across documents and never reused, so work
    /// started before a document was closed and opened again stays stale.
    issued: AtomicU64,
}

impl Tickets {
    /// A ticket for new work on `uri`; every older ticket is now stale.
    pub fn next(&self, uri: &Url) -> u64 {
        let ticket = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        lock(&self.newest).insert(uri.clone(), ticket);
        ticket
    }

    /// Whether `ticket` is still the newest for `uri`.
    pub fn is_current(&self, uri: &Url, ticket: u64) -> bool {
        lock(&self.newest).get(uri) == Some(&ticket)
    }

    /// Makes every ticket of `uri` stale (the document was closed).
    pub fn forget(&self, uri: &Url) {
        lock(&self.newest).remove(uri);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_ticket_makes_older_ones_stale() {
        let tickets = Tickets::default();
        let (a, b) = (
            Url::parse("file:///a").unwrap(),
            Url::parse("file:///b").unwrap(),
        );
        let first = tickets.next(&a);
        let other = tickets.next(&b);
        assert!(tickets.is_current(&a, first));
        let second = tickets.next(&a);
        assert!(!tickets.is_current(&a, first) && tickets.is_current(&a, second));
        assert!(tickets.is_current(&b, other));
        tickets.forget(&a);
        assert!(!tickets.is_current(&a, second));
        // Opened again: the work of before stays stale.
        let reopened = tickets.next(&a);
        assert!(tickets.is_current(&a, reopened) && !tickets.is_current(&a, first));
    }
}
