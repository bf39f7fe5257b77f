//! `jianggao check` against the real binary: output, formats, exit codes.

mod common;

use common::cli::{jianggao, run, Run};
use common::TempDir;
use serde_json::Value;
use std::path::Path;

fn check(args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend(args);
    run(&mut jianggao(&all), b"")
}

#[test]
fn the_example_draft_in_text() {
    let output = check(&["examples/draft.md"]);
    assert_eq!(output.code, Some(1), "placeholders are left");
    insta::assert_snapshot!("check_example_draft", output.stdout);
}

#[test]
fn json_agrees_with_text() {
    let text = check(&["examples/draft.md"]).stdout;
    let output = check(&["--format", "json", "examples/draft.md"]);
    assert_eq!(output.code, Some(1));
    let items: Vec<Value> = serde_json::from_str(&output.stdout).unwrap();
    let from_json: Vec<String> = items
        .iter()
        .map(|i| {
            format!(
                "{}:{}:{}: {}: {}",
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
    let dir = TempDir::new("check-folders");
    let dir = &dir.0;
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
    assert_eq!(clean.code, Some(0));
    assert_eq!(clean.stdout, "");

    let sub = check(&[dir.join("sub").to_str().unwrap()]);
    assert_eq!(sub.code, Some(1));
    let expected = format!(
        "{}:1:5: year: 未填写的年份“20xx”\n",
        dir.join("sub/left.txt").display()
    );
    assert_eq!(
        sub.stdout, expected,
        "column counts characters, .rs is skipped"
    );

    let whole = check(&[dir.to_str().unwrap()]);
    assert_eq!(whole.code, Some(2), "the binary file cannot be read");
    assert_eq!(whole.stdout, expected, "the rest is still checked");
    assert!(whole.stderr.contains("binary.md"), "{}", whole.stderr);

    let twice = check(&[
        dir.join("sub").to_str().unwrap(),
        dir.join("sub/left.txt").to_str().unwrap(),
        dir.join("sub/../sub").to_str().unwrap(),
    ]);
    assert_eq!(twice.stdout, expected, "a file is checked once");

    let missing = check(&[dir.join("nope.md").to_str().unwrap()]);
    assert_eq!(missing.code, Some(2));
    assert!(missing.stderr.contains("nope.md"), "{}", missing.stderr);

    let disabled = check(&["--disable", "year", dir.join("sub").to_str().unwrap()]);
    assert_eq!(disabled.code, Some(0));
}

#[test]
fn numbering_problems_are_findings_too() {
    let draft = "一、总体要求\n三、重点任务\n（一）抓落实\n（一）抓创新\n";
    let output = run(&mut jianggao(&["check", "-"]), draft.as_bytes());
    assert_eq!(output.code, Some(1));
    let lines: Vec<&str> = output.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", output.stdout);
    assert!(
        lines[0].starts_with("<stdin>:2:1: numbering: "),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("<stdin>:4:1: numbering: "),
        "{lines:?}"
    );

    let off = run(
        &mut jianggao(&["check", "--disable", "numbering", "-"]),
        draft.as_bytes(),
    );
    assert_eq!((off.code, off.stdout.as_str()), (Some(0), ""));
}

#[test]
fn a_bad_option_names_the_flag() {
    let bad = check(&["--pattern", "(", "examples/draft.md"]);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("--pattern"), "{}", bad.stderr);
    assert!(!bad.stderr.contains("extraPatterns"), "{}", bad.stderr);
    assert_eq!(bad.stdout, "", "nothing is checked");

    let kind = check(&["--disable", "nosuch", "examples/draft.md"]);
    assert_eq!(kind.code, Some(2));
    assert!(kind.stderr.contains("--disable"), "{}", kind.stderr);

    let format = check(&["--format", "xml", "examples/draft.md"]);
    assert_eq!(format.code, Some(2));
    assert!(format.stderr.contains("--format"), "{}", format.stderr);
}

#[test]
fn every_finding_of_a_big_draft_is_reported() {
    // Many findings on few long lines and on many short ones: line and
    // column are right for the last finding of each.
    let unit = "总结20xx年工作，XX同志讲话。";
    let line = unit.repeat(2000);
    let draft = format!("{line}\n{line}\r{line}\r\n");
    let output = run(&mut jianggao(&["check", "-"]), draft.as_bytes());
    let lines: Vec<&str> = output.stdout.lines().collect();
    assert_eq!(lines.len(), 3 * 2 * 2000);
    let xx_column = unit[..unit.find("XX").unwrap()].chars().count() + 1;
    let last_column = 1999 * unit.chars().count() + xx_column;
    assert_eq!(
        lines.last().unwrap(),
        &format!("<stdin>:3:{last_column}: name: 未填写的名称“XX”（人名、地名或单位名）")
    );
}

#[test]
fn plain_text_files_have_no_markdown() {
    // The same draft as .md and as .txt: in Markdown 这是*重点*内容 is
    // emphasis; in plain text its asterisks are two redactions. 第*届*次 is
    // two redactions in both.
    let dir = TempDir::new("check-syntax");
    let draft = "这是*重点*内容\n第*届*次职代会\n";
    std::fs::write(dir.0.join("draft.md"), draft).unwrap();
    std::fs::write(dir.0.join("draft.txt"), draft).unwrap();
    // LINE:COL of each finding, all redactions.
    let positions = |file: &str| -> Vec<String> {
        let path = dir.0.join(file);
        let output = check(&[path.to_str().unwrap()]);
        assert_eq!(output.code, Some(1), "{file}");
        let prefix = format!("{}:", path.display());
        output
            .stdout
            .lines()
            .map(|l| {
                let (location, rest) = l.strip_prefix(&prefix).unwrap().split_once(": ").unwrap();
                assert!(rest.starts_with("redaction: "), "{l}");
                location.to_string()
            })
            .collect()
    };
    assert_eq!(positions("draft.md"), ["2:2", "2:4"]);
    assert_eq!(positions("draft.txt"), ["1:3", "1:6", "2:2", "2:4"]);
}

#[test]
fn house_style_findings_and_disable_takes_their_codes() {
    let draft = "同志们:2025 年，二○二六年工作。\n".as_bytes();
    let output = run(&mut jianggao(&["check", "-"]), draft);
    assert_eq!(output.code, Some(1));
    let codes: Vec<&str> = output
        .stdout
        .lines()
        .map(|l| l.split(": ").nth(1).unwrap())
        .collect();
    assert_eq!(
        codes,
        ["punctuation", "punctuation", "number-style"],
        "{}",
        output.stdout
    );
    assert!(
        output.stdout.starts_with("<stdin>:1:4: punctuation: "),
        "{}",
        output.stdout
    );
    let quiet = run(
        &mut jianggao(&[
            "check",
            "--disable",
            "punctuation",
            "--disable",
            "number-style",
            "-",
        ]),
        draft,
    );
    assert_eq!((quiet.code, quiet.stdout.as_str()), (Some(0), ""));
    let script = run(
        &mut jianggao(&["check", "--disable", "script", "-"]),
        "我們要团结，發展經濟。".as_bytes(),
    );
    assert_eq!(script.code, Some(0), "{}", script.stdout);
}

#[test]
fn speaking_time_from_the_draft_or_the_command_line() {
    let mut command = jianggao(&["check", "-"]);
    let body = "同志们，我们要把职工书屋办好。".repeat(20);
    let own = format!("<!-- jianggao: targetMinutes=1 charsPerMinute=100 -->\n讲话\n{body}\n");
    let output = run(&mut command, own.as_bytes());
    assert_eq!(output.code, Some(1), "{}", output.stdout);
    assert!(
        output
            .stdout
            .starts_with("<stdin>:2:1: speaking-time: 预计讲话约 2.6 分钟"),
        "{}",
        output.stdout
    );
    let disabled = run(
        &mut jianggao(&["check", "--disable", "speaking-time", "-"]),
        own.as_bytes(),
    );
    assert_eq!(disabled.code, Some(0), "{}", disabled.stdout);
    // Without a target nothing is said; with one on the command line, it is.
    let plain = format!("讲话\n{body}\n");
    let quiet = run(&mut jianggao(&["check", "-"]), plain.as_bytes());
    assert_eq!(quiet.code, Some(0), "{}", quiet.stdout);
    let args = [
        "check",
        "--target-minutes",
        "1",
        "--chars-per-minute",
        "100",
        "-",
    ];
    let loud = run(&mut jianggao(&args), plain.as_bytes());
    assert!(loud.stdout.contains("speaking-time"), "{}", loud.stdout);
    let bad = run(
        &mut jianggao(&["check", "--chars-per-minute", "0", "-"]),
        b"",
    );
    assert_eq!(bad.code, Some(2));
}
