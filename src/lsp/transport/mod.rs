//! The stdio transport: frames JSON-RPC between the client and tower-lsp and
//! answers malformed messages itself.
//!
//! tower-lsp 0.20's own codec stops reading for good after one frame it
//! cannot decode, which would leave the server deaf. So every incoming frame
//! is read by [`frame`] (a size cap, resynchronisation after a bad header) and
//! checked by [`message`] (ids, `$/` requests …) first: an invalid one gets
//! its JSON-RPC error response and the server reads on; a valid one is passed
//! to tower-lsp through an in-memory pipe. Outgoing frames from tower-lsp and
//! our own error responses meet in one writer, so frames never interleave.
//!
//! `exit` ends the input (tower-lsp would otherwise wait for the client to
//! close stdin), which lets tower-lsp finish and the writer flush.

mod frame;
mod message;

use super::outbox::Outbox;
use super::parcels::Parcels;
use frame::{Frame, FrameReader};
use message::{error_response, Checked};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Capacity of the in-memory pipes to and from tower-lsp.
const PIPE_BYTES: usize = 1 << 16;

/// The largest message body accepted from the client: 256 MiB, room for a
/// `didOpen` of a draft of 200 MB and more. A larger `Content-Length` is
/// answered -32700 without reading (or allocating) the body, and reading
/// resumes at the next `Content-Length` header.
pub const MAX_MESSAGE_BYTES: usize = 256 << 20;

async fn write_frame(to: &mut (impl AsyncWrite + Unpin), body: &[u8]) -> std::io::Result<()> {
    // Header and body apart: a body of a whole draft is not copied.
    to.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    to.write_all(body).await
}

/// Pumps client frames into tower-lsp until the input ends or `exit` passes.
async fn pump_input(
    input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    replies: mpsc::UnboundedSender<Vec<u8>>,
    parcels: Arc<Parcels>,
) {
    let mut input = FrameReader::new(BufReader::new(input), MAX_MESSAGE_BYTES);
    loop {
        let body = match input.next().await {
            Ok(Some(Frame::Body(body))) => body,
            Ok(Some(Frame::BadHeader(problem))) => {
                tracing::warn!("bad message header: {problem}");
                let message = format!("Parse error: {problem}");
                let _ = replies.send(error_response(Value::Null, -32700, message));
                continue;
            }
            Ok(None) => break,
            Err(e) => {
                tracing::warn!("cannot read from the client: {e}");
                break;
            }
        };
        match message::check(body) {
            Checked::Forward { body, exit } => {
                let body = parcels.lift(body);
                if write_frame(&mut to_server, &body).await.is_err() || exit {
                    break;
                }
            }
            Checked::Answer(response) => {
                tracing::warn!("answered an invalid message with an error");
                let _ = replies.send(response);
            }
            Checked::ParseError(response) => {
                // Not JSON: perhaps the header's length was wrong, and the
                // next frame's header is somewhere in or after this body.
                tracing::warn!("a message body that is not JSON");
                input.resync();
                let _ = replies.send(response);
            }
            Checked::Drop(why) => tracing::warn!("dropped {why}"),
        }
    }
    // Dropping the pipe is tower-lsp's end of input: it finishes and returns.
    let _ = to_server.shutdown().await;
}

/// Moves tower-lsp's outgoing frames to the writer. When tower-lsp is done,
/// so is `outbox`.
async fn pump_output(
    from_server: impl AsyncRead + Unpin,
    out: mpsc::UnboundedSender<Vec<u8>>,
    outbox: Arc<Outbox>,
) {
    pump_frames(from_server, out).await;
    outbox.close();
}

async fn pump_frames(from_server: impl AsyncRead + Unpin, out: mpsc::UnboundedSender<Vec<u8>>) {
    let mut from_server = FrameReader::new(BufReader::new(from_server), usize::MAX);
    let mut announced = false;
    while let Ok(Some(Frame::Body(mut body))) = from_server.next().await {
        // The `initialize` answer gets the capabilities lsp-types lacks.
        if !announced {
            if let Some(patched) = super::capabilities::announce_extra(&body) {
                body = patched;
                announced = true;
            }
        }
        if out.send(body).is_err() {
            return;
        }
    }
}

/// Writes whole frames to the client until every sender is gone.
async fn write_output(
    mut output: impl AsyncWrite + Unpin,
    mut bodies: mpsc::UnboundedReceiver<Vec<u8>>,
) {
    while let Some(body) = bodies.recv().await {
        if write_frame(&mut output, &body).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
}

/// How long tower-lsp may still take after the input ended. A handler waiting
/// for a client answer that will never come (the client has exited) must
/// not keep the process alive.
const WIND_DOWN: Duration = Duration::from_millis(250);

/// Runs `serve` (tower-lsp's server, given its input and output pipes)
/// between `input` and `output`, and returns once everything is written or,
/// after the input ended, [`WIND_DOWN`] has passed. Long texts of big edits
/// reach the handlers through `parcels`, past tower-lsp; long notifications
/// leave through `outbox`.
pub async fn run<F, Fut>(
    input: impl AsyncRead + Unpin,
    output: impl AsyncWrite + Unpin,
    parcels: Arc<Parcels>,
    outbox: Arc<Outbox>,
    serve: F,
) where
    F: FnOnce(tokio::io::DuplexStream, tokio::io::DuplexStream) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let (to_server, server_input) = tokio::io::duplex(PIPE_BYTES);
    let (server_output, from_server) = tokio::io::duplex(PIPE_BYTES);
    let (out_tx, out_rx) = mpsc::unbounded_channel();
    let replies = out_tx.clone();
    outbox.open(out_tx.clone());
    let server_done = async {
        tokio::join!(
            pump_output(from_server, out_tx, outbox),
            write_output(output, out_rx),
            serve(server_input, server_output),
        );
    };
    let input_done = async {
        pump_input(input, to_server, replies, parcels).await;
        tokio::time::sleep(WIND_DOWN).await;
    };
    tokio::select! {
        () = server_done => {}
        () = input_done => tracing::debug!("stopped without waiting for unfinished handlers"),
    }
}
