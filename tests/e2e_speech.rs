//! End to end: hover (a corpus stretch with its examples and links to the
//! user's templates, a placeholder, a heading) and the speaking-time inlay
//! hints, in every position encoding, with characters outside the BMP
//! before what is hovered; the speaking-time warning.

mod common;

use common::{capabilities_with_encoding, units, Server};
use jianggao::analysis::Analysis;
use jianggao::speech::{self, wording};
use jianggao::text::Syntax;
use serde_json::{json, Value};
use std::path::PathBuf;
use tower_lsp::lsp_types::Url;

const URI: &str = "file:///tmp/e2e_speech_draft.md";

/// A title, two chapters, a stretch of the templates after 𠀀, a placeholder.
const DRAFT: &str = "# 在职工书屋建设座谈会上的讲话\n\n一、𠀀总结😀\n我们看到𠀀紫藤花开满了职工书屋的长廊。\n二、部署\n请XX同志负责。\n";

const RATE: f64 = 100.0;

fn templates() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/explain/corpus")
}

fn start(encoding: &str, markdown: bool) -> Server {
    let mut caps = capabilities_with_encoding(encoding);
    let formats = if markdown {
        json!(["markdown", "plaintext"])
    } else {
        json!(["plaintext"])
    };
    caps["textDocument"]["hover"] = json!({ "contentFormat": formats });
    let options = json!({
        "corpus": { "builtin": false, "paths": [templates()] },
        "speech": { "charsPerMinute": RATE },
    });
    let mut s = Server::start_with(caps, options);
    assert_eq!(s.encoding(), encoding);
    s.wait_index_ready();
    s
}

/// The LSP position of byte `at` of `text`.
fn position(text: &str, at: usize, encoding: &str) -> Value {
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": units(&text[line_start..at], encoding) })
}

fn range_of(text: &str, needle: &str, encoding: &str) -> Value {
    let at = text.find(needle).unwrap();
    json!({ "start": position(text, at, encoding), "end": position(text, at + needle.len(), encoding) })
}

fn hover(s: &mut Server, at: usize) -> Value {
    let encoding = s.encoding().to_string();
    s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": position(DRAFT, at, &encoding) }),
    )
}

fn link(file: &str, line: usize) -> String {
    let mut uri = Url::from_file_path(templates().join(file)).unwrap();
    uri.set_fragment(Some(&format!("L{line}")));
    uri.to_string()
}

#[test]
fn hover_in_every_encoding() {
    for encoding in ["utf-16", "utf-8", "utf-32"] {
        let mut s = start(encoding, true);
        s.open(URI, "markdown", DRAFT);

        // The longest stretch around 书 found in the templates, after 𠀀.
        let phrase = "紫藤花开满了职工书屋的长廊";
        let found = hover(&mut s, DRAFT.find("书屋的长廊").unwrap());
        assert_eq!(
            found["range"],
            range_of(DRAFT, phrase, encoding),
            "{encoding}"
        );
        assert_eq!(found["contents"]["kind"], "markdown");
        let value = found["contents"]["value"].as_str().unwrap();
        assert!(value.contains("出现 2 次，见于 2 篇"), "{value}");
        for (file, line) in [("座谈会.txt", 3), ("我的模板.txt", 3)] {
            let target = format!("[{file} 第 {line} 行]({})", link(file, line));
            assert!(value.contains(&target), "{target} in {value}");
        }

        // A placeholder: what to fill in.
        let xx = DRAFT.find("XX").unwrap();
        let found = hover(&mut s, xx + 1);
        assert_eq!(found["range"], range_of(DRAFT, "XX", encoding));
        let value = found["contents"]["value"].as_str().unwrap();
        assert!(
            value.contains("未填写的名称") && value.contains("填写真实的人名"),
            "{value}"
        );

        // A heading: its length and speaking time.
        let found = hover(&mut s, DRAFT.find("部署").unwrap());
        assert_eq!(found["range"], range_of(DRAFT, "二、部署", encoding));
        let value = found["contents"]["value"].as_str().unwrap();
        assert!(value.contains("本节") && value.contains("分钟"), "{value}");
        assert!(value.contains("按每分钟 100 字"), "{value}");

        // Nothing to say on a blank line.
        let blank = DRAFT.find("\n\n").unwrap() + 1;
        assert_eq!(hover(&mut s, blank), Value::Null);
        s.shutdown();
    }
}

#[test]
fn plain_text_hover_for_clients_without_markdown() {
    let mut s = start("utf-16", false);
    s.open(URI, "markdown", DRAFT);
    let found = hover(&mut s, DRAFT.find("书屋的长廊").unwrap());
    assert_eq!(found["contents"]["kind"], "plaintext");
    let value = found["contents"]["value"].as_str().unwrap();
    assert!(!value.contains("**"), "{value}");
    assert!(
        value.contains(&format!("座谈会.txt 第 3 行 <{}>", link("座谈会.txt", 3))),
        "{value}"
    );
    s.shutdown();
}

#[test]
fn inlay_hints_in_every_encoding() {
    let analysis = Analysis::new(DRAFT.into(), Syntax::Markdown);
    let speech = analysis.speech();
    let sections = speech::timed_sections(analysis.outline());
    assert_eq!(sections.len(), 2);
    for encoding in ["utf-16", "utf-8", "utf-32"] {
        let mut s = start(encoding, true);
        s.open(URI, "markdown", DRAFT);
        let everything =
            json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 7, "character": 0 } });
        let hints = s.request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": URI }, "range": everything }),
        );
        let line_end = |line: &str| {
            let at = DRAFT.find(line).unwrap() + line.len();
            position(DRAFT, at, encoding)
        };
        let want = [
            (
                line_end("# 在职工书屋建设座谈会上的讲话"),
                wording::whole(speech.total(), RATE, None),
            ),
            (
                line_end("一、𠀀总结😀"),
                wording::about(speech.section(sections[0]), RATE),
            ),
            (
                line_end("二、部署"),
                wording::about(speech.section(sections[1]), RATE),
            ),
        ];
        let got: Vec<(Value, String)> = hints
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["position"].clone(),
                    h["label"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(got, want, "{encoding}");
        assert!(got[0].1.starts_with("全文约"), "{got:?}");

        // Only the hints in the range asked for.
        let chapter_two =
            json!({ "start": { "line": 4, "character": 0 }, "end": { "line": 5, "character": 0 } });
        let hints = s.request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": URI }, "range": chapter_two }),
        );
        assert_eq!(hints.as_array().unwrap().len(), 1, "{hints}");
        s.shutdown();
    }
}

#[test]
fn an_overrun_is_a_warning_on_the_title() {
    let body = "我们要把职工书屋办好。".repeat(30);
    let own = format!("<!-- jianggao: targetMinutes=1 -->\n# 讲话\n{body}\n");
    let set = format!("# 讲话\n{body}\n");
    let options = json!({ "speech": { "targetMinutes": 2, "charsPerMinute": RATE } });
    let mut s = Server::start_with(capabilities_with_encoding("utf-16"), options);
    for (uri, text, title_line, excess) in [
        (
            "file:///tmp/e2e_speech_own.md",
            &own,
            1,
            "超出目标时长 1 分钟约 2 分钟",
        ),
        (
            "file:///tmp/e2e_speech_set.md",
            &set,
            0,
            "超出目标时长 2 分钟约 1 分钟",
        ),
    ] {
        s.open(uri, "markdown", text);
        let published = s.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == uri);
        let warnings: Vec<&Value> = published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == speech::CODE)
            .collect();
        assert_eq!(warnings.len(), 1, "{published:#}");
        let warning = warnings[0];
        assert_eq!(warning["severity"], 2);
        assert_eq!(
            warning["range"]["start"],
            json!({ "line": title_line, "character": 0 })
        );
        let message = warning["message"].as_str().unwrap();
        // 2 + 300 characters at 100 a minute: 3.02 minutes.
        assert!(message.contains(excess), "{message}");
    }
    s.shutdown();
}
