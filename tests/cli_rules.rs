//! `jianggao check` with the office's rule files: found from the checked
//! file's folder upward, or named with `--config`.

mod common;

use common::cli::{jianggao, run, Run};
use common::TempDir;

fn check(args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend(args);
    let output = run(&mut jianggao(&all), b"");
    output.assert_no_panic();
    output
}

fn codes(output: &Run) -> Vec<String> {
    output
        .stdout
        .lines()
        .map(|l| l.split(": ").nth(1).unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_project_file_is_found_upward_and_config_replaces_it() {
    let dir = TempDir::new("cli-rules");
    let sub = dir.0.join("篇/二");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        dir.0.join("jianggao.toml"),
        "[substitutions]\n\"讲话精神\" = \"重要讲话精神\"\n[ignore]\nwords = [\"某某\"]\n[jianggao.outline]\nnumberingChecks = false\n",
    )
    .unwrap();
    let other = dir.0.join("other.toml");
    std::fs::write(&other, "[forbidden]\n\"屌丝\" = \"\"\n").unwrap();
    let draft = sub.join("稿.txt");
    std::fs::write(&draft, "学习讲话精神。某某同志\n屌丝\n一、甲\n三、乙\n").unwrap();
    let draft = draft.to_str().unwrap();

    let found = check(&[draft]);
    assert_eq!(found.code, Some(1), "{found:#?}");
    assert_eq!(codes(&found), ["substitution"]);
    assert!(
        found
            .stdout
            .contains(":1:3: substitution: 规范提法：“讲话精神”应为“重要讲话精神”"),
        "{}",
        found.stdout
    );

    let other = other.to_str().unwrap();
    let named = check(&["--config", other, draft]);
    assert_eq!(
        codes(&named),
        ["name", "forbidden", "numbering"],
        "{named:#?}"
    );
    let quiet = check(&[
        "--config",
        other,
        "--disable",
        "forbidden",
        "--disable",
        "numbering",
        "--ignore",
        "某某",
        draft,
    ]);
    assert_eq!(quiet.code, Some(0), "{quiet:#?}");

    let missing = check(&["--config", "/nonexistent/jianggao.toml", draft]);
    assert_eq!(missing.code, Some(2));
    assert!(missing.stderr.contains("--config"), "{}", missing.stderr);
}

#[test]
fn a_bad_file_is_named_on_stderr_and_the_rest_applies() {
    let dir = TempDir::new("cli-rules-bad");
    let file = dir.0.join("jianggao.toml");
    std::fs::write(&file, "[forbidden]\n\"屌丝\" = \"\"\n\"坏\" = 1\n").unwrap();
    let draft = dir.0.join("稿.md");
    std::fs::write(&draft, "屌丝\n").unwrap();
    let output = check(&[draft.to_str().unwrap()]);
    assert_eq!(codes(&output), ["forbidden"]);
    assert!(
        output.stderr.contains(&format!("{} 第3行", file.display())),
        "{}",
        output.stderr
    );
}
