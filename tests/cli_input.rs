//! Every command reads its input the same way: a BOM is dropped, LF, CRLF
//! and CR line breaks all count, GB18030 and UTF-16 are decoded (with a
//! note), binary is refused; `-` and `/dev/stdin` are standard input.

mod common;

use common::cli::{jianggao, run, Run};
use common::TempDir;

const DRAFT: &str = "一、总体要求\n同志们：XX同志讲了20xx年的工作。\n三、重点任务\n";

/// The findings of `DRAFT` as `check` reports them for a file named `name`.
fn expected_findings(name: &str) -> String {
    format!(
        "{name}:2:5: name: 未填写的名称“XX”（人名、地名或单位名）\n\
         {name}:2:11: year: 未填写的年份“20xx”\n\
         {name}:3:1: numbering: 编号不连续：“一、”之后是“三、”，缺少“二”\n"
    )
}

fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let units = (if bom { "\u{feff}" } else { "" }).to_string() + text;
    units
        .encode_utf16()
        .flat_map(|u| {
            if little_endian {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        })
        .collect()
}

fn gb18030(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

fn check_file(dir: &TempDir, name: &str, bytes: &[u8]) -> Run {
    let path = dir.0.join(name);
    std::fs::write(&path, bytes).unwrap();
    run(&mut jianggao(&["check", path.to_str().unwrap()]), b"")
}

#[test]
fn every_encoding_and_line_break_gives_the_same_findings() {
    let dir = TempDir::new("cli-encodings");
    let crlf = DRAFT.replace('\n', "\r\n");
    let cr = DRAFT.replace('\n', "\r");
    let cases: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        ("lf.txt", DRAFT.as_bytes().to_vec(), None),
        ("crlf.txt", crlf.into_bytes(), None),
        ("cr.txt", cr.into_bytes(), None),
        ("bom.md", [b"\xEF\xBB\xBF", DRAFT.as_bytes()].concat(), None),
        ("gbk.txt", gb18030(DRAFT), Some("GB18030")),
        ("utf16le.txt", utf16(DRAFT, true, true), Some("UTF-16LE")),
        ("utf16be.txt", utf16(DRAFT, false, true), Some("UTF-16BE")),
        (
            "utf16-no-bom.txt",
            utf16(DRAFT, true, false),
            Some("UTF-16LE"),
        ),
    ];
    for (name, bytes, note) in cases {
        let output = check_file(&dir, name, &bytes);
        let path = dir.0.join(name);
        let shown = path.to_str().unwrap();
        assert_eq!(output.stdout, expected_findings(shown), "{name}");
        assert_eq!(output.code, Some(1), "{name}");
        match note {
            Some(encoding) => assert!(
                output.stderr.contains("not UTF-8") && output.stderr.contains(encoding),
                "{name}: {}",
                output.stderr
            ),
            None => assert_eq!(output.stderr, "", "{name}"),
        }
    }
}

#[test]
fn the_outline_keeps_the_first_heading_of_a_bom_file() {
    let dir = TempDir::new("cli-bom-outline");
    let path = dir.0.join("bom.md");
    std::fs::write(&path, [b"\xEF\xBB\xBF", DRAFT.as_bytes()].concat()).unwrap();
    let output = run(&mut jianggao(&["outline", path.to_str().unwrap()]), b"");
    let first = output.stdout.lines().next().unwrap_or_default();
    assert!(first.starts_with("一、总体要求  ["), "{}", output.stdout);
    assert_eq!(output.code, Some(1), "the numbering skips 二");
}

#[test]
fn binary_is_refused_with_a_clear_message() {
    let dir = TempDir::new("cli-binary");
    let output = check_file(&dir, "image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert_eq!(output.code, Some(2));
    assert!(output.stderr.contains("image.md"), "{}", output.stderr);
    assert!(output.stderr.contains("binary"), "{}", output.stderr);
}

#[test]
fn standard_input_for_every_command() {
    for stdin in ["-", "/dev/stdin"] {
        let check = run(&mut jianggao(&["check", stdin]), DRAFT.as_bytes());
        let name = if stdin == "-" { "<stdin>" } else { stdin };
        assert_eq!(check.stdout, expected_findings(name), "check {stdin}");

        let outline = run(&mut jianggao(&["outline", stdin]), DRAFT.as_bytes());
        assert!(outline.stdout.starts_with("一、总体要求"), "{outline:?}");
        assert!(
            outline.stdout.contains(&format!("{name}:3:1: numbering: ")),
            "outline {stdin}: {outline:?}"
        );

        let complete = run(&mut jianggao(&["complete", stdin]), "全心全意".as_bytes());
        assert_eq!(complete.code, Some(0), "{complete:?}");
        assert!(complete.stdout.contains("依靠工人阶级"), "{complete:?}");
    }
    // A GB18030 draft on stdin is read as well.
    let gbk = run(&mut jianggao(&["check", "-"]), &gb18030(DRAFT));
    assert_eq!(gbk.stdout, expected_findings("<stdin>"));
}
