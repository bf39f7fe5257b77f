//! The stdio transport: frames JSON-RPC between the client and tower-lsp and
//! answers malformed messages itself.
//!
//! tower-lsp's own codec stops reading for good after one frame it cannot
//! decode, which would leave the server deaf. So every incoming frame is
//! checked here first: an invalid one gets its JSON-RPC error response
//! (-32700 or -32600) and the server reads on; a valid one is passed to
//! tower-lsp through an in-memory pipe. Outgoing frames from tower-lsp and our
//! own error responses meet in one writer, so frames never interleave.
//!
//! `exit` ends the input (tower-lsp would otherwise wait for the client to
//! close stdin), which lets tower-lsp finish and the writer flush.

use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::sync::mpsc;

/// Capacity of the in-memory pipes to and from tower-lsp.
const PIPE_BYTES: usize = 1 << 16;

/// One frame read from a stream.
enum Frame {
    Body(Vec<u8>),
    /// A header block without a usable `Content-Length`.
    BadHeader(String),
}

/// Reads the next `Content-Length` frame; `None` at the end of the stream.
async fn read_frame(reader: &mut (impl AsyncBufRead + Unpin)) -> std::io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(None);
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue; // stray blank lines between frames
        }
        saw_header = true;
        match line.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = Some(
                    value
                        .trim()
                        .parse()
                        .map_err(|_| format!("bad Content-Length {value:?}")),
                );
            }
            Some(_) => {} // Content-Type and unknown headers are ignored
            None => length = Some(Err(format!("malformed header line {line:?}"))),
        }
    }
    match length {
        Some(Ok(n)) => {
            let mut body = vec![0; n];
            reader.read_exact(&mut body).await?;
            Ok(Some(Frame::Body(body)))
        }
        Some(Err(problem)) => Ok(Some(Frame::BadHeader(problem))),
        None => Ok(Some(Frame::BadHeader("missing Content-Length".into()))),
    }
}

fn error_response(id: Value, code: i64, message: String) -> Vec<u8> {
    let response =
        json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } });
    serde_json::to_vec(&response).expect("a JSON value always serializes")
}

/// What to do with one incoming body.
enum Checked {
    /// Pass to tower-lsp (possibly rewritten); `true` for `exit`.
    Forward(Vec<u8>, bool),
    /// Answer with this error response.
    Reject(Vec<u8>),
}

fn check(body: Vec<u8>) -> Checked {
    let mut message: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(e) => {
            return Checked::Reject(error_response(
                Value::Null,
                -32700,
                format!("Parse error: {e}"),
            ))
        }
    };
    let id = message.get("id").cloned().unwrap_or(Value::Null);
    let is_message = message.get("jsonrpc") == Some(&json!("2.0"))
        && match message.get("method") {
            Some(method) => method.is_string(),
            None => message.get("id").is_some(), // a response
        };
    if !is_message {
        return Checked::Reject(error_response(
            id,
            -32600,
            "Invalid Request: not a JSON-RPC 2.0 message".into(),
        ));
    }
    let method = message
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    // `shutdown` and `exit` take no params; some clients send `null`, which
    // tower-lsp would refuse.
    if matches!(method.as_str(), "shutdown" | "exit") && message.get("params") == Some(&Value::Null)
    {
        message.as_object_mut().map(|m| m.remove("params"));
        let rewritten = serde_json::to_vec(&message).expect("a JSON value always serializes");
        return Checked::Forward(rewritten, method == "exit");
    }
    Checked::Forward(body, method == "exit")
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Pumps client frames into tower-lsp until the input ends or `exit` passes.
async fn pump_input(
    input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    replies: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut input = BufReader::new(input);
    loop {
        let body = match read_frame(&mut input).await {
            Ok(Some(Frame::Body(body))) => body,
            Ok(Some(Frame::BadHeader(problem))) => {
                tracing::warn!("bad message header: {problem}");
                let _ = replies.send(error_response(
                    Value::Null,
                    -32700,
                    format!("Parse error: {problem}"),
                ));
                continue;
            }
            Ok(None) => break,
            Err(e) => {
                tracing::warn!("cannot read from the client: {e}");
                break;
            }
        };
        match check(body) {
            Checked::Reject(response) => {
                tracing::warn!("rejected a malformed message");
                let _ = replies.send(response);
            }
            Checked::Forward(body, is_exit) => {
                if to_server.write_all(&frame(&body)).await.is_err() || is_exit {
                    break;
                }
            }
        }
    }
    // Dropping the pipe is tower-lsp's end of input: it finishes and returns.
    let _ = to_server.shutdown().await;
}

/// Moves tower-lsp's outgoing frames to the writer.
async fn pump_output(from_server: impl AsyncRead + Unpin, out: mpsc::UnboundedSender<Vec<u8>>) {
    let mut from_server = BufReader::new(from_server);
    let mut announced = false;
    while let Ok(Some(Frame::Body(mut body))) = read_frame(&mut from_server).await {
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
        if output.write_all(&frame(&body)).await.is_err() || output.flush().await.is_err() {
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
/// after the input ended, [`WIND_DOWN`] has passed.
pub async fn run<F, Fut>(input: impl AsyncRead + Unpin, output: impl AsyncWrite + Unpin, serve: F)
where
    F: FnOnce(tokio::io::DuplexStream, tokio::io::DuplexStream) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let (to_server, server_input) = tokio::io::duplex(PIPE_BYTES);
    let (server_output, from_server) = tokio::io::duplex(PIPE_BYTES);
    let (out_tx, out_rx) = mpsc::unbounded_channel();
    let replies = out_tx.clone();
    let server_done = async {
        tokio::join!(
            pump_output(from_server, out_tx),
            write_output(output, out_rx),
            serve(server_input, server_output),
        );
    };
    let input_done = async {
        pump_input(input, to_server, replies).await;
        tokio::time::sleep(WIND_DOWN).await;
    };
    tokio::select! {
        () = server_done => {}
        () = input_done => tracing::debug!("stopped without waiting for unfinished handlers"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames_of(raw: &[u8]) -> Vec<Result<Vec<u8>, String>> {
        let mut reader = BufReader::new(raw);
        let mut out = Vec::new();
        while let Some(frame) = read_frame(&mut reader).await.unwrap() {
            out.push(match frame {
                Frame::Body(b) => Ok(b),
                Frame::BadHeader(p) => Err(p),
            });
        }
        out
    }

    #[tokio::test]
    async fn reads_frames_and_recovers_from_bad_headers() {
        let raw = b"Content-Length: 2\r\n\r\n{}garbage\r\n\r\nContent-Type: x\r\nContent-Length: 4\r\n\r\nnull\n\nContent-Length: 1\n\n1";
        let frames = frames_of(raw).await;
        assert_eq!(frames.len(), 4, "{frames:?}");
        assert_eq!(frames[0], Ok(b"{}".to_vec()));
        assert!(frames[1].is_err());
        assert_eq!(frames[2], Ok(b"null".to_vec()));
        assert_eq!(frames[3], Ok(b"1".to_vec()));
    }

    #[test]
    fn checks_messages() {
        let reject_code = |body: &str| match check(body.as_bytes().to_vec()) {
            Checked::Reject(r) => {
                serde_json::from_slice::<Value>(&r).unwrap()["error"]["code"].as_i64()
            }
            Checked::Forward(..) => None,
        };
        assert_eq!(reject_code("{oops"), Some(-32700));
        assert_eq!(reject_code(r#"{"hello":1}"#), Some(-32600));
        assert_eq!(reject_code(r#"[1,2]"#), Some(-32600));
        assert_eq!(
            reject_code(r#"{"jsonrpc":"2.0","method":5,"id":1}"#),
            Some(-32600)
        );
        assert_eq!(
            reject_code(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            None
        );
        match check(br#"{"jsonrpc":"2.0","method":"exit","params":null}"#.to_vec()) {
            Checked::Forward(body, true) => {
                assert!(!String::from_utf8(body).unwrap().contains("params"))
            }
            _ => panic!("exit must be forwarded without params"),
        }
    }
}
