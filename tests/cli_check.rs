//! `jianggao check` against the real binary: output, formats, exit codes.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jianggao"))
        .arg("check")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run jianggao check")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jianggao-check-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn the_example_draft_in_text() {
    let output = check(&["examples/draft.md"]);
    assert_eq!(output.status.code(), Some(1), "placeholders are left");
    insta::assert_snapshot!("check_example_draft", stdout(&output));
}

#[test]
fn json_agrees_with_text() {
    let text = stdout(&check(&["examples/draft.md"]));
    let output = check(&["--format", "json", "examples/draft.md"]);
    assert_eq!(output.status.code(), Some(1));
    let items: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let from_json: Vec<String> = items
        .iter()
        .map(|i| {
            format!(
                "{}:{}:{} {} {}",
                i["file"].as_str().unwrap(),
                i["line"],
                i["column"],
                i["code"].as_str().unwrap(),
                i["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(from_json, text.lines().collect::<Vec<_>>());
    // Columns count characters: the text at line:column is the placeholder.
    let draft =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/draft.md"))
            .unwrap();
    for item in &items {
        let line = draft
            .lines()
            .nth(item["line"].as_u64().unwrap() as usize - 1)
            .unwrap();
        let from: String = line
            .chars()
            .skip(item["column"].as_u64().unwrap() as usize - 1)
            .collect();
        assert!(from.starts_with(item["text"].as_str().unwrap()), "{item}");
    }
}

#[test]
fn exit_codes_and_folders() {
    let dir = temp_dir("folders");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("clean.md"),
        "同志们，拍X光片，用Excel，面积30×40米，这是*重点*。\n",
    )
    .unwrap();
    std::fs::write(dir.join("sub/left.txt"), "𠀀😀总结20xx年\n").unwrap();
    std::fs::write(dir.join("sub/ignored.rs"), "// 20xx\n").unwrap();
    std::fs::write(dir.join("binary.md"), b"20xx\0\x01").unwrap();

    let clean = check(&[dir.join("clean.md").to_str().unwrap()]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stdout(&clean), "");

    let sub = check(&[dir.join("sub").to_str().unwrap()]);
    assert_eq!(sub.status.code(), Some(1));
    let expected = format!(
        "{}:1:5 year 未填写的年份“20xx”\n",
        dir.join("sub/left.txt").display()
    );
    assert_eq!(
        stdout(&sub),
        expected,
        "column counts characters, .rs is skipped"
    );

    let whole = check(&[dir.to_str().unwrap()]);
    assert_eq!(
        whole.status.code(),
        Some(2),
        "the binary file cannot be read"
    );
    assert_eq!(stdout(&whole), expected, "the rest is still checked");
    assert!(String::from_utf8_lossy(&whole.stderr).contains("binary.md"));

    let missing = check(&[dir.join("nope.md").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));

    let disabled = check(&["--disable", "year", dir.join("sub").to_str().unwrap()]);
    assert_eq!(disabled.status.code(), Some(0));
    let bad = check(&["--pattern", "(", dir.join("sub").to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn plain_text_files_have_no_markdown() {
    // The same draft as .md and as .txt: in Markdown 这是*重点*内容 is
    // emphasis; in plain text its asterisks are two redactions. 第*届*次 is
    // two redactions in both.
    let dir = temp_dir("syntax");
    let draft = "这是*重点*内容\n第*届*次职代会\n";
    std::fs::write(dir.join("draft.md"), draft).unwrap();
    std::fs::write(dir.join("draft.txt"), draft).unwrap();
    // LINE:COLUMN of each finding, all redactions.
    let positions = |file: &str| -> Vec<String> {
        let path = dir.join(file);
        let output = check(&[path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{file}");
        stdout(&output)
            .lines()
            .map(|l| {
                let (location, rest) = l.split_once(' ').unwrap();
                assert!(rest.starts_with("redaction "), "{l}");
                let prefix = format!("{}:", path.display());
                location.strip_prefix(&prefix).unwrap().to_string()
            })
            .collect()
    };
    assert_eq!(positions("draft.md"), ["2:2", "2:4"]);
    assert_eq!(positions("draft.txt"), ["1:3", "1:6", "2:2", "2:4"]);
    std::fs::remove_dir_all(dir).unwrap();
}
