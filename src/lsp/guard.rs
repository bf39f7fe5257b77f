//! Keeps a panic in one handler from taking the server down.
//!
//! tower-lsp polls handler futures inside its own serve loop, so an unwinding
//! panic would end the process. Every handler body runs through [`request`] or
//! [`notification`], which turn a panic into a logged error.

use futures::FutureExt;
use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use tower_lsp::jsonrpc::{Error, Result};

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

/// Runs a request handler; a panic becomes an `InternalError` response.
pub async fn request<T>(
    method: &'static str,
    handler: impl Future<Output = Result<T>>,
) -> Result<T> {
    match AssertUnwindSafe(handler).catch_unwind().await {
        Ok(result) => result,
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            tracing::error!(method, "handler panicked: {message}");
            let mut error = Error::internal_error();
            error.message = format!("jianggao: internal error in {method}: {message}").into();
            Err(error)
        }
    }
}

/// Runs a notification handler; a panic is logged and forgotten.
pub async fn notification(method: &'static str, handler: impl Future<Output = ()>) {
    if let Err(payload) = AssertUnwindSafe(handler).catch_unwind().await {
        tracing::error!(
            method,
            "handler panicked: {}",
            panic_message(payload.as_ref())
        );
    }
}
