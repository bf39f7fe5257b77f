//! The LSP layer: protocol, document store, position conversion and
//! configuration, with one module per feature. Only this module tree imports
//! tower-lsp and lsp-types.

pub mod actions;
pub mod answers;
pub mod capabilities;
pub mod completion;
pub mod config;
pub mod convert;
pub mod diagnostics;
pub mod documents;
pub mod guard;
pub mod hover;
pub mod index_slot;
pub mod indexing;
pub mod inline_completion;
pub mod lenient;
pub mod offload;
pub mod outbox;
pub mod outline;
pub mod parcels;
pub mod position;
pub mod progress;
pub mod rule_actions;
pub mod server;
pub mod session;
pub mod skeletons;
pub mod speaking;
pub mod sync;
pub mod tickets;
pub mod transport;
pub mod watch;
pub mod watching;

use server::Backend;
use std::process::ExitCode;
use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp::{LspService, Server};

/// Environment variable that enables the `jianggao/debugPanic` test request.
pub const DEBUG_PANIC_ENV: &str = "JIANGGAO_DEBUG_PANIC";

/// Builds the service with its custom methods.
pub fn service() -> (LspService<Backend>, tower_lsp::ClientSocket) {
    let mut builder = LspService::build(Backend::new)
        .custom_method(inline_completion::METHOD, Backend::inline_completion);
    if std::env::var_os(DEBUG_PANIC_ENV).is_some() {
        builder = builder.custom_method("jianggao/debugPanic", Backend::debug_panic);
    }
    builder.finish()
}

/// Serves LSP over `input`/`output` until `exit` (or the end of input). The
/// exit code is 0 after `shutdown`, 1 otherwise, as the LSP specification asks.
pub async fn serve(input: impl AsyncRead + Unpin, output: impl AsyncWrite + Unpin) -> ExitCode {
    let (service, socket) = service();
    let session = service.inner().session().clone();
    let (parcels, outbox) = (session.parcels.clone(), session.outbox.clone());
    transport::run(
        input,
        output,
        parcels,
        outbox,
        |server_input, server_output| {
            Server::new(server_input, server_output, socket).serve(service)
        },
    )
    .await;
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
    let code = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // Reading stdin blocks a pool thread until the client closes it; after
    // `exit` we do not wait for that, nor for an index build in flight.
    runtime.shutdown_background();
    code
}
