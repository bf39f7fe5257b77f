//! Hostile corpus folders and a workspace reaching outside itself, end to
//! end: the loader, `jianggao corpus`/`check`/`complete`, and the server
//! over stdio. Every case is bounded in time (a hang fails, it does not
//! block): folder links that loop, FIFOs and devices named `*.txt`, the same
//! folder twice, and corpus paths from workspace settings that point at
//! private files.

mod common;

use common::cli::{jianggao, mkfifo, run};
use common::{default_capabilities, Server, TempDir, TIMEOUT};
use jianggao::corpus::load::{self, CorpusSpec, SkipReason, Special};
use serde_json::{json, Value};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

const PHRASE: &str = "同志们：围绕中心、服务大局。\n";

/// Loads `spec` on another thread; fails the test if that takes longer
/// than the harness timeout.
fn load_bounded(spec: CorpusSpec) -> load::Loaded {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(load::load(&spec)));
    rx.recv_timeout(TIMEOUT).expect("loading did not finish")
}

fn user_spec(paths: &[&Path]) -> CorpusSpec {
    CorpusSpec {
        builtin: false,
        paths: paths.iter().map(|p| p.to_path_buf()).collect(),
        ..Default::default()
    }
}

fn sources(loaded: &load::Loaded) -> Vec<String> {
    loaded
        .corpus
        .documents
        .iter()
        .map(|d| d.source.clone())
        .collect()
}

fn reasons(loaded: &load::Loaded) -> Vec<(String, SkipReason)> {
    loaded
        .report
        .warnings
        .iter()
        .map(|w| {
            let name = w.path.file_name().unwrap_or_default();
            (name.to_string_lossy().into_owned(), w.reason.clone())
        })
        .collect()
}

fn sorted(mut reasons: Vec<(String, SkipReason)>) -> Vec<(String, SkipReason)> {
    reasons.sort_by(|x, y| x.0.cmp(&y.0));
    reasons
}

/// A folder with one template, a sub-folder with another, and links that
/// loop: `l -> .`, `again -> .` and `sub/up -> ..`.
fn looping_folder(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    std::fs::create_dir_all(dir.0.join("sub")).unwrap();
    std::fs::write(dir.0.join("a.txt"), PHRASE).unwrap();
    std::fs::write(dir.0.join("sub/b.md"), "谢谢大家！\n").unwrap();
    symlink(".", dir.0.join("l")).unwrap();
    symlink(".", dir.0.join("again")).unwrap();
    symlink("..", dir.0.join("sub/up")).unwrap();
    dir
}

#[test]
fn folder_links_that_loop_are_read_once() {
    let dir = looping_folder("stress-loops");
    let loaded = load_bounded(user_spec(&[&dir.0, &dir.0, &dir.0.join("sub/..")]));
    let a = dir.0.join("a.txt").display().to_string();
    let b = dir.0.join("sub/b.md").display().to_string();
    assert_eq!(
        sources(&loaded),
        [a, b],
        "each file once, the folder named thrice"
    );
    assert_eq!(
        sorted(reasons(&loaded)),
        [
            ("again".into(), SkipReason::LinkLoop),
            ("l".into(), SkipReason::LinkLoop),
            ("up".into(), SkipReason::LinkLoop),
        ]
    );
}

#[test]
fn links_inside_the_folder_are_followed_links_out_are_not() {
    let dir = TempDir::new("stress-links");
    let (inside, outside) = (dir.0.join("inside"), dir.0.join("outside"));
    std::fs::create_dir_all(inside.join("real")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(inside.join("real/a.txt"), PHRASE).unwrap();
    std::fs::write(outside.join("secret.txt"), "机密\n").unwrap();
    symlink(inside.join("real"), inside.join("alias")).unwrap();
    symlink(inside.join("real/a.txt"), inside.join("same.txt")).unwrap();
    symlink(&outside, inside.join("out")).unwrap();
    symlink(outside.join("secret.txt"), inside.join("secret.txt")).unwrap();
    let loaded = load_bounded(user_spec(&[&inside]));
    let a = inside.join("real/a.txt").display().to_string();
    assert_eq!(
        sources(&loaded),
        [a],
        "the real file, once, under its real name"
    );
    assert_eq!(
        sorted(reasons(&loaded)),
        [
            ("alias".into(), SkipReason::LinkLoop),
            ("out".into(), SkipReason::LinkOutside),
            ("secret.txt".into(), SkipReason::LinkOutside),
        ]
    );
}

#[test]
fn special_files_are_never_read() {
    let dir = TempDir::new("stress-special");
    std::fs::write(dir.0.join("a.txt"), PHRASE).unwrap();
    let fifo = dir.0.join("f.txt");
    let have_fifo = mkfifo(&fifo);
    symlink("/dev/zero", dir.0.join("z.txt")).unwrap();
    let named = TempDir::new("stress-special-named");
    let named_zero = named.0.clone();
    symlink("/dev/zero", named_zero.join("zero.txt")).unwrap();

    let mut paths: Vec<PathBuf> = vec![
        dir.0.clone(),
        PathBuf::from("/dev/zero"),
        named_zero.join("zero.txt"),
    ];
    if have_fifo {
        paths.push(fifo.clone());
    }
    let loaded = load_bounded(CorpusSpec {
        builtin: false,
        paths,
        ..Default::default()
    });
    assert_eq!(sources(&loaded).len(), 1, "{:?}", sources(&loaded));
    let skipped = reasons(&loaded);
    let mut expected = vec![
        ("z.txt".to_string(), SkipReason::LinkOutside),
        ("zero".to_string(), SkipReason::NotTemplate),
        ("zero.txt".to_string(), SkipReason::Special(Special::Device)),
    ];
    if have_fifo {
        expected.insert(0, ("f.txt".into(), SkipReason::Special(Special::Fifo)));
        expected.push(("f.txt".into(), SkipReason::Special(Special::Fifo)));
    } else {
        eprintln!("no mkfifo: the FIFO cases are skipped");
    }
    assert_eq!(skipped, expected);
}

#[test]
fn the_commands_finish_on_hostile_folders_and_name_each_skip() {
    let dir = looping_folder("stress-cli");
    let have_fifo = mkfifo(&dir.0.join("f.txt"));
    symlink("/dev/zero", dir.0.join("z.txt")).unwrap();
    std::fs::write(dir.0.join("draft.md"), "总结20xx年工作。\n").unwrap();
    let folder = dir.0.to_str().unwrap();

    let corpus = run(
        &mut jianggao(&["corpus", "--no-builtin", "--corpus", folder]),
        b"",
    );
    assert_eq!(corpus.code, Some(2), "{corpus:?}");
    assert!(corpus.stdout.contains("3 documents"), "{corpus:?}");
    assert!(corpus.stderr.contains("z.txt"), "{corpus:?}");
    assert!(
        !have_fifo || corpus.stderr.contains("f.txt is a FIFO"),
        "{corpus:?}"
    );

    let check = run(&mut jianggao(&["check", folder]), b"");
    assert_eq!(check.code, Some(2), "{check:?}");
    assert_eq!(check.stdout.lines().count(), 1, "draft.md once: {check:?}");
    assert!(check.stderr.contains("z.txt"), "{check:?}");

    let complete = run(
        &mut jianggao(&[
            "complete",
            "--min-confidence",
            "0",
            "--no-builtin",
            "--corpus",
            folder,
            "围绕中心、",
        ]),
        b"",
    );
    assert_eq!(complete.code, Some(2), "{complete:?}");
    assert!(complete.stdout.contains("服务大局"), "{complete:?}");
}

/// A workspace beside a folder of private text, and a home with a key.
struct Reach {
    _dir: TempDir,
    workspace: PathBuf,
    home: PathBuf,
}

const SECRET: &str = "机密口令是紫色长颈鹿在月光下跳舞。\n";
const KEY: &str = "私钥内容是橙色企鹅在雪地里唱歌。\n";
const INSIDE: &str = "内部资料说蓝色海豚在湖面上画画。\n";

fn reach_fixture(name: &str) -> Reach {
    let dir = TempDir::new(name);
    let (workspace, outside, home) = (dir.0.join("ws"), dir.0.join("outside"), dir.0.join("home"));
    std::fs::create_dir_all(&workspace).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(home.join(".ssh")).unwrap();
    std::fs::write(outside.join("secret.txt"), SECRET).unwrap();
    std::fs::write(home.join(".ssh/id_rsa"), KEY).unwrap();
    std::fs::write(workspace.join("inside.txt"), INSIDE).unwrap();
    symlink(&outside, workspace.join("link")).unwrap();
    Reach {
        _dir: dir,
        workspace,
        home,
    }
}

/// A server for the workspace, with `init` as initializationOptions and
/// `pulled` answered to `workspace/configuration`.
///
/// Both offer every completion, however unlikely (`minConfidence` 0): what
/// these tests ask is whether a template was read at all.
fn serve(reach: &Reach, mut init: Value, mut pulled: Value) -> Server {
    for settings in [&mut init, &mut pulled] {
        settings["completion"] = json!({ "minConfidence": 0.0 });
    }
    let home = reach.home.to_str().unwrap();
    let mut s = Server::spawn(&[], &[("HOME", home)]);
    s.set_pulled_settings(pulled);
    let root = format!("file://{}", reach.workspace.display());
    s.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "capabilities": default_capabilities(),
            "initializationOptions": init,
        }),
    );
    s.notify("initialized", json!({}));
    s
}

/// The continuations offered after `typed` at the end of a draft.
fn offered(s: &mut Server, typed: &str) -> String {
    let uri = format!("file:///tmp/reach-{}.md", typed.chars().count());
    s.open(&uri, "markdown", typed);
    let list = s.request(
        "textDocument/completion",
        json!({
            "textDocument": { "uri": uri },
            "position": { "line": 0, "character": typed.encode_utf16().count() },
        }),
    );
    list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            i["textEdit"]["newText"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("|")
}

fn wait_generation(s: &mut Server, generation: u32) {
    let token = format!("jianggao/index/{generation}");
    s.wait_notification("$/progress", |p| {
        p["token"] == token.as_str() && p["value"]["kind"] == "end"
    });
}

#[test]
fn workspace_settings_cannot_reach_outside_the_workspace() {
    let reach = reach_fixture("reach-workspace");
    let paths = json!([
        "../outside",
        "/etc",
        "~/.ssh/id_rsa",
        "link",
        "../gone.txt",
        "inside.txt"
    ]);
    // Nothing from the user; the workspace's settings arrive by pull.
    let mut s = serve(&reach, json!({}), json!({ "corpus": { "paths": paths } }));
    wait_generation(&mut s, 2);
    // A path outside that does not exist is judged the same: outside.
    for path in ["outside", "/etc", ".ssh/id_rsa", "link", "gone.txt"] {
        // Chinese, naming the path and saying why.
        s.wait_notification("window/showMessage", |p| {
            let m = p["message"].as_str().unwrap_or_default();
            m.contains(path) && m.contains("工作区之外") && m.contains("用户设置")
        });
    }
    assert!(!offered(&mut s, "机密口令").contains("紫色"));
    assert!(!offered(&mut s, "私钥内容").contains("橙色"));
    assert!(
        offered(&mut s, "内部资料").contains("蓝色海豚"),
        "a path inside the workspace is read"
    );
    let shown = s.take_notifications("window/showMessage");
    assert!(!format!("{shown:?}").contains("inside.txt"), "{shown:#?}");
}

#[test]
fn the_users_own_settings_may_reach_outside() {
    let reach = reach_fixture("reach-user");
    let paths = json!(["../outside", "~/.ssh/id_rsa"]);
    let settings = json!({ "corpus": { "paths": paths } });
    // As Neovim sends them: the same in initializationOptions and when pulled.
    let mut s = serve(&reach, settings.clone(), settings);
    wait_generation(&mut s, 1);
    // A private key is never read, even from the user's own settings.
    s.wait_notification("window/showMessage", |p| {
        let m = p["message"].as_str().unwrap_or_default();
        m.contains("id_rsa") && m.contains("不是 .txt 或 .md")
    });
    assert!(offered(&mut s, "机密口令").contains("紫色长颈鹿"));
    assert!(!offered(&mut s, "私钥内容").contains("橙色"));
}

#[test]
fn the_server_indexes_a_hostile_folder_and_says_what_it_skipped() {
    let dir = looping_folder("stress-server");
    let have_fifo = mkfifo(&dir.0.join("f.txt"));
    symlink("/dev/zero", dir.0.join("z.txt")).unwrap();
    let folder = dir.0.to_str().unwrap();
    let mut s = Server::start_with(
        default_capabilities(),
        json!({
            "corpus": { "builtin": false, "paths": [folder] },
            "completion": { "minConfidence": 0.0 },
        }),
    );
    s.wait_index_ready();
    let mut skipped = vec!["z.txt", "l", "again"];
    if have_fifo {
        skipped.push("f.txt");
    }
    for name in skipped {
        let path = dir.0.join(name).display().to_string();
        s.wait_notification("window/showMessage", |p| {
            p["message"].as_str().unwrap_or_default().contains(&path)
        });
    }
    assert!(offered(&mut s, "围绕中心、").contains("服务大局"));
}
