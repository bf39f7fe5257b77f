//! Checks each incoming body before tower-lsp sees it.
//!
//! tower-lsp 0.20 stops reading for good after a body it cannot decode into
//! its `Message` (and never answers a request whose method starts with `$/`),
//! so everything its decoder would refuse is answered or dropped here:
//! not JSON (-32700), not a JSON-RPC 2.0 object, a method that is not a
//! string, a request id that is not an integer, string or null, a duplicate
//! member (-32600); a response with such an id or without a well-formed
//! `result`/`error` is dropped with a log line (there is no one to answer).
//!
//! The body is read without building it (`params` may hold a whole draft).

use serde::de::{Deserializer, IgnoredAny};
use serde::Deserialize;
use serde_json::{json, Value};

/// What to do with one incoming body.
#[derive(Debug, PartialEq)]
pub enum Checked {
    /// Pass to tower-lsp (possibly rewritten); `exit` is true for `exit`.
    Forward { body: Vec<u8>, exit: bool },
    /// Answer with this error response.
    Answer(Vec<u8>),
    /// Not JSON at all: answered -32700. The header may have lied about the
    /// body's length, so the reader should look for the next frame.
    ParseError(Vec<u8>),
    /// A response nobody can be told about: log why, drop it.
    Drop(String),
}

/// The members tower-lsp reads; `Some(..)` also for a member that is `null`.
/// `params` and `result` are checked for syntax but not built.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default, deserialize_with = "present")]
    jsonrpc: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    id: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    method: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    params: Option<IgnoredAny>,
    #[serde(default, deserialize_with = "present")]
    result: Option<IgnoredAny>,
    #[serde(default, deserialize_with = "present")]
    error: Option<Value>,
}

fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// An id tower-lsp can decode: an integer that fits `i64`, a string, `null`.
fn valid_id(id: &Value) -> bool {
    id.is_i64() || id.is_string() || id.is_null()
}

/// An `error` member tower-lsp can decode.
fn valid_error(error: &Value) -> bool {
    error["code"].is_i64() && error["message"].is_string()
}

pub fn error_response(id: Value, code: i64, message: String) -> Vec<u8> {
    let response =
        json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } });
    serde_json::to_vec(&response).expect("a JSON value always serializes")
}

fn invalid(id: Value, why: &str) -> Checked {
    Checked::Answer(error_response(
        id,
        -32600,
        format!("Invalid Request: {why}"),
    ))
}

pub fn check(body: Vec<u8>) -> Checked {
    let is_object = body.trim_ascii_start().first() == Some(&b'{');
    let envelope = match serde_json::from_slice::<Envelope>(&body) {
        Ok(envelope) if is_object => envelope,
        Ok(_) => return invalid(Value::Null, "not a JSON-RPC 2.0 object"),
        Err(e) if e.is_data() => return invalid(Value::Null, &e.to_string()),
        Err(e) => {
            return Checked::ParseError(error_response(
                Value::Null,
                -32700,
                format!("Parse error: {e}"),
            ))
        }
    };
    // A valid id is worth echoing in an error; an invalid one must not be.
    let echo = envelope.id.clone().filter(valid_id).unwrap_or(Value::Null);
    if envelope.jsonrpc != Some(json!("2.0")) {
        return invalid(echo, "`jsonrpc` must be \"2.0\"");
    }
    let method = match &envelope.method {
        None => return check_response(&envelope, body),
        Some(Value::String(method)) => method.as_str(),
        Some(_) => return invalid(echo, "`method` must be a string"),
    };
    let Some(id) = &envelope.id else {
        return forward(body, method, &envelope); // a notification
    };
    if !valid_id(id) {
        return invalid(Value::Null, "`id` must be an integer or a string");
    }
    if method.starts_with("$/") {
        // LSP: a `$/` request the server does not know gets MethodNotFound.
        let message = format!("Method not found: {method}");
        return Checked::Answer(error_response(id.clone(), -32601, message));
    }
    forward(body, method, &envelope)
}

fn check_response(envelope: &Envelope, body: Vec<u8>) -> Checked {
    let Some(id) = &envelope.id else {
        return invalid(Value::Null, "neither a request nor a response");
    };
    if !valid_id(id) {
        return Checked::Drop(format!("a response with the invalid id {id}"));
    }
    match (&envelope.result, &envelope.error) {
        (Some(_), _) => {}
        (None, Some(error)) if valid_error(error) => {}
        _ => return Checked::Drop(format!("a response to {id} without a result or error")),
    }
    Checked::Forward { body, exit: false }
}

fn forward(body: Vec<u8>, method: &str, envelope: &Envelope) -> Checked {
    let exit = method == "exit";
    // `shutdown` and `exit` take no params; some clients send `null`, which
    // tower-lsp would refuse.
    if (exit || method == "shutdown") && envelope.params.is_some() {
        if let Ok(Value::Object(mut members)) = serde_json::from_slice(&body) {
            if members.get("params") == Some(&Value::Null) {
                members.remove("params");
                if let Ok(body) = serde_json::to_vec(&members) {
                    return Checked::Forward { body, exit };
                }
            }
        }
    }
    Checked::Forward { body, exit }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error code and id a body is answered with, or `None` when forwarded.
    fn answer(body: &str) -> Option<(i64, Value)> {
        match check(body.as_bytes().to_vec()) {
            Checked::Answer(r) | Checked::ParseError(r) => {
                let r: Value = serde_json::from_slice(&r).unwrap();
                Some((r["error"]["code"].as_i64().unwrap(), r["id"].clone()))
            }
            Checked::Forward { .. } => None,
            Checked::Drop(why) => panic!("dropped {body}: {why}"),
        }
    }

    #[test]
    fn malformed_messages_are_answered() {
        assert_eq!(answer("{oops"), Some((-32700, Value::Null)));
        assert_eq!(answer("{} trailing"), Some((-32700, Value::Null)));
        assert_eq!(answer(r#"{"hello":1}"#), Some((-32600, Value::Null)));
        assert_eq!(answer("[1,2]"), Some((-32600, Value::Null)));
        assert_eq!(answer("7"), Some((-32600, Value::Null)));
        let wrong = [
            (r#"{"jsonrpc":"2.0","method":5,"id":1}"#, json!(1)),
            (r#"{"jsonrpc":"1.0","method":"x","id":"a"}"#, json!("a")),
            (
                r#"{"jsonrpc":"2.0","method":"x","id":1,"id":2}"#,
                Value::Null,
            ),
        ];
        for (body, id) in wrong {
            assert_eq!(answer(body), Some((-32600, id)), "{body}");
        }
    }

    #[test]
    fn requests_with_ids_tower_lsp_cannot_read_get_invalid_request_with_id_null() {
        for id in [
            "1.5",
            "true",
            "{}",
            "[1]",
            "1e300",
            "9223372036854775808",
            "-1.0",
        ] {
            let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"shutdown"}}"#);
            assert_eq!(answer(&body), Some((-32600, Value::Null)), "{body}");
        }
        for id in ["0", "-7", "9223372036854775807", r#""abc""#, "null"] {
            let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"shutdown"}}"#);
            assert_eq!(answer(&body), None, "{body}");
        }
    }

    #[test]
    fn responses_that_cannot_be_read_are_dropped() {
        for body in [
            r#"{"jsonrpc":"2.0","id":1.5,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":[1],"result":null}"#,
            r#"{"jsonrpc":"2.0","id":1}"#,
            r#"{"jsonrpc":"2.0","id":1,"error":5}"#,
            r#"{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}"#,
        ] {
            assert!(matches!(check(body.into()), Checked::Drop(_)), "{body}");
        }
        for body in [
            r#"{"jsonrpc":"2.0","id":1,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":"s","error":{"code":-1,"message":"m"}}"#,
        ] {
            assert_eq!(answer(body), None, "{body}");
        }
    }

    #[test]
    fn dollar_requests_get_method_not_found_and_dollar_notifications_pass() {
        let request = r#"{"jsonrpc":"2.0","id":4,"method":"$/foo","params":{}}"#;
        assert_eq!(answer(request), Some((-32601, json!(4))));
        let notification = r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#;
        assert_eq!(answer(notification), None);
    }

    #[test]
    fn exit_and_shutdown_lose_a_null_params() {
        match check(br#"{"jsonrpc":"2.0","method":"exit","params":null}"#.to_vec()) {
            Checked::Forward { body, exit: true } => {
                assert!(!String::from_utf8(body).unwrap().contains("params"))
            }
            other => panic!("exit must be forwarded without params: {other:?}"),
        }
        let initialized = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#.to_vec();
        assert_eq!(
            check(initialized.clone()),
            Checked::Forward {
                body: initialized,
                exit: false
            }
        );
    }
}
