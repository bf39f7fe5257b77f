//! The server's own requests to the client (registrations, settings,
//! progress tokens) wait for their answer a bounded time: a client that
//! never answers costs the feature that asked, never a handler slot held
//! for good or the first index.

use std::fmt::Display;
use std::future::Future;
use std::time::Duration;

/// How long the client may take to answer one of our requests.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);

/// The client's answer to `request` (`what` names it in the log), or `None`
/// when it answered with an error or not within [`ANSWER_TIMEOUT`].
pub async fn answer<T, E: Display>(
    what: &str,
    request: impl Future<Output = Result<T, E>>,
) -> Option<T> {
    match tokio::time::timeout(ANSWER_TIMEOUT, request).await {
        Ok(Ok(answer)) => Some(answer),
        Ok(Err(e)) => {
            tracing::warn!("{what}: the client answered with an error: {e}");
            None
        }
        Err(_) => {
            tracing::warn!(
                "{what}: no answer from the client in {} s",
                ANSWER_TIMEOUT.as_secs()
            );
            None
        }
    }
}
