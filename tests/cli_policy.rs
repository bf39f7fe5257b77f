//! The command line's one output policy, across commands: exit status 0 /
//! 1 / 2, errors named after the flag, no panic on a closed pipe, help and
//! messages in the terminal's language, a word for whoever starts the
//! server on a terminal.

mod common;

use common::cli::{jianggao, jianggao_zh, run, run_with_closed_stdout};
use std::process::{Command, Stdio};

#[test]
fn a_missing_corpus_is_unusable_input_for_every_command() {
    for args in [
        &["complete", "--corpus", "nosuch", "要坚持全心全意"][..],
        &["corpus", "--corpus", "nosuch"][..],
    ] {
        let output = run(&mut jianggao(args), b"");
        assert_eq!(output.code, Some(2), "{args:?}: {output:?}");
        assert!(output.stderr.contains("nosuch"), "{args:?}: {output:?}");
    }
    let complete = run(
        &mut jianggao(&["complete", "--corpus", "nosuch", "全心全意"]),
        b"",
    );
    assert!(
        complete.stdout.contains("依靠工人阶级"),
        "the embedded corpus still serves: {complete:?}"
    );
}

#[test]
fn outline_exit_status_follows_its_findings() {
    let clean = run(
        &mut jianggao(&["outline", "-"]),
        "一、甲\n二、乙\n".as_bytes(),
    );
    assert_eq!((clean.code, clean.stderr.as_str()), (Some(0), ""));
    let skipped = run(
        &mut jianggao(&["outline", "-"]),
        "一、甲\n三、乙\n".as_bytes(),
    );
    assert_eq!(skipped.code, Some(1));
    let unchecked = run(
        &mut jianggao(&["outline", "--no-checks", "-"]),
        "一、甲\n三、乙\n".as_bytes(),
    );
    assert_eq!(unchecked.code, Some(0));
    let missing = run(&mut jianggao(&["outline", "nosuch.md"]), b"");
    assert_eq!(missing.code, Some(2));
    assert!(missing.stderr.contains("nosuch.md"), "{missing:?}");
}

#[test]
fn outline_json_holds_sections_and_findings() {
    let output = run(
        &mut jianggao(&["outline", "--format", "json", "-"]),
        "一、甲\n（一）子\n三、乙\n".as_bytes(),
    );
    let value: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(value["file"], "<stdin>");
    assert_eq!(value["sections"][0]["name"], "一、甲");
    assert_eq!(value["sections"][0]["children"][0]["line"], 2);
    assert_eq!(value["findings"][0]["code"], "numbering");
    assert_eq!(value["findings"][0]["line"], 3);
}

#[test]
fn no_command_panics_on_a_closed_pipe() {
    let big_draft = "总结20xx年工作，XX同志讲话。\n".repeat(20_000);
    let cases: [(&[&str], &[u8]); 6] = [
        (&["complete", "要坚持全心全意"], b""),
        (&["complete", "-v", "-"], "围绕中心、".as_bytes()),
        (&["check", "-"], big_draft.as_bytes()),
        (&["outline", "examples/draft.md"], b""),
        (&["corpus"], b""),
        (&["--help"], b""),
    ];
    for (args, stdin) in cases {
        let output = run_with_closed_stdout(&mut jianggao(args), stdin);
        output.assert_no_panic();
        assert!(
            !output.stderr.contains("Broken pipe"),
            "{args:?}: {output:?}"
        );
    }
}

#[test]
fn help_and_errors_speak_the_terminals_language() {
    let english = run(&mut jianggao(&["--help"]), b"");
    assert!(english.stdout.contains("Usage:"), "{english:?}");
    let chinese = run(&mut jianggao_zh(&["--help"]), b"");
    assert!(chinese.stdout.contains("用法："), "{chinese:?}");
    assert!(
        chinese.stdout.contains("检查文件或文件夹中未填写的占位符"),
        "{chinese:?}"
    );
    let check_help = run(&mut jianggao_zh(&["check", "--help"]), b"");
    assert!(check_help.stdout.contains("退出状态"), "{check_help:?}");

    let error = run(&mut jianggao_zh(&["check", "--pattern", "(", "-"]), b"");
    assert_eq!(error.code, Some(2));
    assert!(
        error.stderr.contains("--pattern") && error.stderr.contains("不是有效的正则表达式"),
        "{error:?}"
    );
    let missing = run(&mut jianggao_zh(&["check", "nosuch.md"]), b"");
    assert!(missing.stderr.contains("没有这个文件"), "{missing:?}");
    let summary = run(&mut jianggao_zh(&["corpus"]), b"");
    assert!(summary.stdout.contains("个模板"), "{summary:?}");
}

#[test]
fn the_server_on_a_terminal_says_what_it_is() {
    // `script` gives the server a terminal for stdin; Ctrl-D then ends it.
    let Ok(mut script) = Command::new("script")
        .args(["-qec", env!("CARGO_BIN_EXE_jianggao"), "/dev/null"])
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        eprintln!("no `script` program: skipped");
        return;
    };
    let output = common::cli::finish_on_terminal(&mut script, "jianggao check");
    assert!(output.contains("language server"), "{output}");
    assert!(output.contains("jianggao check"), "{output}");

    // Not on a terminal: nothing on stderr, stdout stays JSON-RPC.
    let piped = run(&mut jianggao(&[]), b"");
    assert!(!piped.stderr.contains("language server"), "{piped:?}");
    assert_eq!(piped.stdout, "");
}

#[test]
fn complete_verbose_speaks_the_terminal_language() {
    let chinese = run(&mut jianggao_zh(&["complete", "-v", "全心全意"]), b"");
    assert_eq!(chinese.code, Some(0), "{chinese:?}");
    assert!(
        chinese.stdout.contains("全心全意[依靠工人阶级]"),
        "{chinese:?}"
    );
    assert!(
        chinese.stdout.contains("把握 ") && chinese.stdout.contains("见于 "),
        "{chinese:?}"
    );
    assert!(chinese.stdout.contains(" 第 "), "{chinese:?}");
    let english = run(&mut jianggao(&["complete", "-v", "全心全意"]), b"");
    assert!(
        english.stdout.contains("confidence ") && english.stdout.contains(" templates"),
        "{english:?}"
    );
    assert!(english.stdout.contains(", line "), "{english:?}");
    // The threshold is an option: with none, weak guesses are listed too.
    let guesses = run(&mut jianggao(&["complete", "我们要"]), b"");
    let all = run(
        &mut jianggao(&["complete", "--min-confidence", "0", "我们要"]),
        b"",
    );
    assert!(guesses.stdout.is_empty(), "{guesses:?}");
    assert!(!all.stdout.is_empty(), "{all:?}");
}

/// `complete --corpus` shares the server's index cache: the first run
/// writes it, the next reads it and answers the same; `--no-cache` neither
/// reads nor writes it.
#[test]
fn complete_uses_the_index_cache_unless_told_not_to() {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("jianggao-cli-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (templates, cache) = (root.join("templates"), root.join("cache"));
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("甲.txt"),
        "紫金山下书声琅琅。\n紫金山下书声琅琅。\n紫金山下书声琅琅。\n",
    )
    .unwrap();
    let corpus = templates.to_str().unwrap();
    let complete = |extra: &[&str]| {
        let mut args = vec![
            "complete",
            "--min-confidence",
            "0",
            "--corpus",
            corpus,
            "紫金山下",
        ];
        args.extend_from_slice(extra);
        run(jianggao(&args).env("XDG_CACHE_HOME", &cache), b"")
    };
    let cache_files = || common::listing(&cache.join("jianggao"));

    let uncached = complete(&["--no-cache"]);
    assert!(uncached.stdout.contains("书声"), "{uncached:?}");
    assert!(cache_files().is_empty(), "{:?}", cache_files());
    let first = complete(&[]);
    assert_eq!(first.stdout, uncached.stdout);
    let written = cache_files();
    assert_eq!(written.len(), 1, "{written:?}");
    let file = cache.join("jianggao").join(&written[0]);
    let bytes = std::fs::read(&file).unwrap();
    #[cfg(unix)]
    let inode = || std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&file).unwrap());
    #[cfg(unix)]
    let before = inode();
    let second = complete(&[]);
    assert_eq!(second.stdout, uncached.stdout);
    // Read, not written again (a new file would be renamed over it).
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    #[cfg(unix)]
    assert_eq!(inode(), before);
    let _ = std::fs::remove_dir_all(&root);
}
