//! The LSP layer: protocol, document store, position conversion and
//! configuration, with one module per feature. Only this module tree imports
//! tower-lsp and lsp-types.

pub mod completion;
pub mod config;
pub mod diagnostics;
pub mod documents;
pub mod guard;
pub mod indexing;
pub mod outline;
pub mod placeholders;
pub mod position;
pub mod progress;
pub mod server;
pub mod session;
pub mod sync;

use server::Backend;
use std::process::ExitCode;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Notify;
use tower_lsp::jsonrpc::{Request, Response};
use tower_lsp::{LspService, Server};
use tower_service::Service;

/// Environment variable that enables the `jianggao/debugPanic` test request.
pub const DEBUG_PANIC_ENV: &str = "JIANGGAO_DEBUG_PANIC";

/// Builds the service with its custom methods.
pub fn service() -> (LspService<Backend>, tower_lsp::ClientSocket) {
    let mut builder = LspService::build(Backend::new);
    if std::env::var_os(DEBUG_PANIC_ENV).is_some() {
        builder = builder.custom_method("jianggao/debugPanic", Backend::debug_panic);
    }
    builder.finish()
}

/// Serves LSP over `input`/`output` until `exit` (or end of input). The exit
/// code is 0 after `shutdown`, 1 otherwise, as the LSP specification asks.
pub async fn serve(input: impl AsyncRead + Unpin, output: impl AsyncWrite) -> ExitCode {
    let (service, socket) = service();
    let session = service.inner().session().clone();
    let exited = Arc::new(Notify::new());
    let service = WatchExit {
        inner: service,
        exited: exited.clone(),
    };
    // tower-lsp keeps reading input after `exit` until the client closes it;
    // we stop at `exit` itself.
    tokio::select! {
        () = Server::new(input, output, socket).serve(service) => {}
        () = exited.notified() => {}
    }
    if session.shutdown_requested() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Serves LSP over this process's stdin and stdout.
pub fn run_stdio() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("cannot start the tokio runtime");
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()))
}

/// Forwards every message to tower-lsp and signals when `exit` arrives.
struct WatchExit<S> {
    inner: S,
    exited: Arc<Notify>,
}

impl<S: Service<Request, Response = Option<Response>>> Service<Request> for WatchExit<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let is_exit = request.method() == "exit";
        let response = self.inner.call(request);
        if is_exit {
            self.exited.notify_one();
        }
        response
    }
}
