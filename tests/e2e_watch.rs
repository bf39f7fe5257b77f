//! End to end over stdio: the template folders and the workspace are
//! watched. A template written, changed or removed during a session is
//! reflected in completions without a restart, whether the client watches
//! the files (`workspace/didChangeWatchedFiles`, registered dynamically) or
//! the server does; a burst of changes is one re-index; the workspace's
//! drafts and the other open documents count, marked as the writer's own.
//!
//! Each test waits for the re-index it caused to end (its `$/progress`),
//! then asks once, as an editor would.

mod common;

use common::{default_capabilities, Server, TempDir};
use serde_json::{json, Value};
use std::path::Path;

/// A sentence no embedded template has, and how it starts.
const TEMPLATE: &str = "星河璀璨照亮征程万里。\n星河璀璨照亮征程万里。\n";
const TYPED: &str = "星河璀璨";
const CONTINUES: &str = "照亮";

fn capabilities(client_watches: bool) -> Value {
    let mut caps = default_capabilities();
    caps["workspace"]["didChangeWatchedFiles"] = json!({
        "dynamicRegistration": client_watches,
        "relativePatternSupport": true,
    });
    caps
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A server whose corpus is the built-in one and `folder`, offering every
/// completion however unlikely (what is asked is whether a template is read).
fn serve_folder(folder: &Path, client_watches: bool) -> Server {
    let options = json!({
        "corpus": { "paths": [folder.to_str().unwrap()] },
        "completion": { "minConfidence": 0.0 },
    });
    Server::start_with(capabilities(client_watches), options)
}

/// The generation of an index build, from its progress token.
fn generation(token: &str) -> u64 {
    token
        .strip_prefix("jianggao/index/")
        .and_then(|g| g.parse().ok())
        .unwrap_or(0)
}

/// Waits for the end of an index build newer than the one whose token is
/// `after` (none: the first), and returns its token.
fn wait_index_after(s: &mut Server, after: Option<&str>) -> String {
    let after = after.map_or(0, generation);
    let end = s.wait_notification("$/progress", |p| {
        let token = p["token"].as_str().unwrap_or_default();
        generation(token) > after && p["value"]["kind"] == "end"
    });
    end["token"].as_str().unwrap().to_string()
}

/// Waits for the end of an index build of `templates` templates (its end
/// message begins with the count), and returns that message.
fn wait_index_of(s: &mut Server, templates: usize) -> String {
    let prefix = format!("{templates} 篇模板");
    let end = s.wait_notification("$/progress", |p| {
        generation(p["token"].as_str().unwrap_or_default()) > 0
            && p["value"]["kind"] == "end"
            && p["value"]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with(&prefix))
    });
    end["value"]["message"].as_str().unwrap().to_string()
}

/// The number of templates an index build's end message reports.
fn templates_in(end: &Value) -> usize {
    let message = end["value"]["message"].as_str().unwrap_or_default();
    let count = message.split(' ').next().and_then(|n| n.parse().ok());
    count.unwrap_or_else(|| panic!("no template count in {end}"))
}

/// The items offered at the end of `typed`, typed alone in the draft at
/// `uri` (opened, or replaced when open).
fn offered(s: &mut Server, uri: &str, typed: &str, version: &mut i32) -> Vec<Value> {
    if *version == 0 {
        s.open(uri, "markdown", typed);
    } else {
        s.change_full(uri, *version + 1, typed);
    }
    *version += 1;
    complete_at(s, uri, typed)
}

/// The items offered on the first line of the open document `uri`, after
/// `typed`.
fn complete_at(s: &mut Server, uri: &str, typed: &str) -> Vec<Value> {
    let list = s.request(
        "textDocument/completion",
        json!({
            "textDocument": { "uri": uri },
            "position": { "line": 0, "character": typed.encode_utf16().count() },
        }),
    );
    list["items"].as_array().cloned().unwrap_or_default()
}

fn labels(items: &[Value]) -> String {
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("|")
}

const DRAFT: &str = "file:///tmp/jianggao-e2e-watch-draft.md";

/// The next registration of the corpus watchers (the rule files of
/// jianggao.toml have a registration of their own, in any order).
fn corpus_registration(s: &mut Server) -> Value {
    loop {
        let registration = s.wait_server_request("client/registerCapability");
        if registration["params"]["registrations"][0]["id"] != "jianggao/rule-files" {
            return registration;
        }
    }
}

#[test]
fn a_template_added_and_removed_shows_through_the_clients_watching() {
    let dir = TempDir::new("watch-client");
    let mut s = serve_folder(&dir.0, true);
    let registration = corpus_registration(&mut s);
    let registered = &registration["params"]["registrations"][0];
    assert_eq!(registered["method"], "workspace/didChangeWatchedFiles");
    let watcher = &registered["registerOptions"]["watchers"][0]["globPattern"];
    assert_eq!(watcher["baseUri"], url(&dir.0), "{registration}");
    template_comes_and_goes(&mut s, &dir.0, true);
}

/// A template written into `folder` shows in completions, and no longer
/// once removed; `client_watches`: the test tells the server of each
/// change, as a watching client does.
fn template_comes_and_goes(s: &mut Server, folder: &Path, client_watches: bool) {
    let tell = |s: &mut Server, file: &Path, kind: u8| {
        if client_watches {
            let change = json!({ "changes": [{ "uri": url(file), "type": kind }] });
            s.notify("workspace/didChangeWatchedFiles", change);
        }
    };
    let first = wait_index_after(s, None);
    let mut version = 0;
    let before = offered(s, DRAFT, TYPED, &mut version);
    assert!(!labels(&before).contains(CONTINUES), "{before:#?}");

    let file = folder.join("新模板.txt");
    std::fs::write(&file, TEMPLATE).unwrap();
    tell(s, &file, 1);
    let second = wait_index_after(s, Some(&first));
    let added = offered(s, DRAFT, TYPED, &mut version);
    assert!(labels(&added).contains(CONTINUES), "{added:#?}");

    std::fs::remove_file(&file).unwrap();
    tell(s, &file, 3);
    wait_index_after(s, Some(&second));
    let removed = offered(s, DRAFT, TYPED, &mut version);
    assert!(!labels(&removed).contains(CONTINUES), "{removed:#?}");
}

/// How many index builds have begun so far.
fn begins(s: &mut Server) -> usize {
    s.take_notifications("$/progress")
        .iter()
        .filter(|p| {
            p["token"]
                .as_str()
                .is_some_and(|t| t.starts_with("jianggao/index/"))
                && p["value"]["kind"] == "begin"
        })
        .count()
}

#[test]
fn without_the_clients_watching_the_server_watches_itself() {
    let dir = TempDir::new("watch-server");
    let mut s = serve_folder(&dir.0, false);
    template_comes_and_goes(&mut s, &dir.0, false);
    let requests = s.drain_for(std::time::Duration::ZERO);
    let registered = requests
        .iter()
        .any(|m| m["method"] == "client/registerCapability");
    assert!(!registered, "nothing asked of a client that cannot watch");
}

#[test]
fn for_helix_the_server_watches_itself() {
    // Helix says it watches, but reports only its own writes.
    let dir = TempDir::new("watch-helix");
    let mut s = Server::spawn(&[], &[]);
    s.initialize_with(json!({
        "processId": null,
        "rootUri": null,
        "clientInfo": { "name": "helix", "version": "25.07.1" },
        "capabilities": capabilities(true),
        "initializationOptions": {
            "corpus": { "paths": [dir.0.to_str().unwrap()] },
            "completion": { "minConfidence": 0.0 },
        },
    }));
    template_comes_and_goes(&mut s, &dir.0, false);
}

#[test]
fn a_folder_copied_in_is_one_re_index() {
    let dir = TempDir::new("watch-burst");
    let mut s = serve_folder(&dir.0, false);
    let first = s.wait_index_ready();
    let before = templates_in(&first);
    let copied = dir.0.join("往年讲话");
    std::fs::create_dir(&copied).unwrap();
    // As a copy goes: file after file, each a moment after the last.
    for i in 0..60 {
        let text = format!("第{i}篇。\n{TEMPLATE}");
        std::fs::write(copied.join(format!("{i:02}.txt")), text).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    wait_index_of(&mut s, before + 60);
    // One more change after the burst, to know when all is done: the build
    // that has its file is the last one.
    std::fs::write(dir.0.join("后来的.md"), TEMPLATE).unwrap();
    wait_index_of(&mut s, before + 61);
    assert_eq!(
        begins(&mut s),
        3,
        "the first index, the burst, the last file"
    );
    let mut version = 0;
    let items = offered(&mut s, DRAFT, TYPED, &mut version);
    assert!(labels(&items).contains(CONTINUES), "{items:#?}");
}

/// A workspace with an earlier draft, hidden and build folders holding
/// sentences that must not be read, and a folder copied from elsewhere.
fn workspace(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    let write = |path: &str, text: &str| {
        let path = dir.0.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("2025/年终总结.md", TEMPLATE);
    write(".obsidian/隐藏.md", "紫色长颈鹿在月光下跳舞。\n");
    write("node_modules/pkg/README.md", "橙色企鹅在雪地里唱歌。\n");
    write("target/notes.txt", "蓝色海豚在湖面上画画。\n");
    dir
}

fn serve_workspace(dir: &TempDir, settings: Value) -> Server {
    let mut s = Server::spawn(&[], &[]);
    s.initialize_with(json!({
        "processId": null,
        "rootUri": url(&dir.0),
        "workspaceFolders": [{ "uri": url(&dir.0), "name": "ws" }],
        "capabilities": capabilities(false),
        "initializationOptions": settings,
    }));
    s
}

#[test]
fn workspace_drafts_count_and_say_so_hidden_and_build_folders_do_not() {
    let dir = workspace("watch-drafts");
    let mut s = serve_workspace(&dir, json!({ "completion": { "minConfidence": 0.0 } }));
    let first = wait_index_after(&mut s, None);
    let draft = url(&dir.0.join("新稿.md"));
    let mut version = 0;
    let items = offered(&mut s, &draft, TYPED, &mut version);
    let item = items
        .iter()
        .find(|i| i["label"].as_str().unwrap_or_default().contains(CONTINUES))
        .unwrap_or_else(|| panic!("the earlier draft is read: {items:#?}"));
    let detail = item["detail"].as_str().unwrap_or_default();
    assert!(detail.starts_with("只见于你自己的文稿"), "{item:#}");
    for (typed, hidden) in [
        ("紫色长颈鹿", "月光"),
        ("橙色企鹅", "雪地"),
        ("蓝色海豚", "湖面"),
    ] {
        let items = offered(&mut s, &draft, typed, &mut version);
        assert!(!labels(&items).contains(hidden), "{typed}: {items:#?}");
    }

    // A draft saved into a new folder of the workspace is read, and the
    // folder watched from then on.
    let folder = dir.0.join("2026");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("新文件.txt"), "红旗漫卷西风猎猎。\n").unwrap();
    let second = wait_index_after(&mut s, Some(&first));
    let items = offered(&mut s, &draft, "红旗漫卷", &mut version);
    assert!(labels(&items).contains("西风"), "{items:#?}");
    std::fs::write(folder.join("新文件.txt"), "红旗漫卷东风浩荡。\n").unwrap();
    wait_index_after(&mut s, Some(&second));
    let items = offered(&mut s, &draft, "红旗漫卷", &mut version);
    assert!(labels(&items).contains("东风"), "{items:#?}");
    assert!(!labels(&items).contains("西风"), "{items:#?}");
}

#[test]
fn what_follows_the_cursor_is_never_offered() {
    let dir = workspace("watch-following");
    let mut s = serve_workspace(&dir, json!({ "completion": { "minConfidence": 0.0 } }));
    wait_index_after(&mut s, None);
    // The saved draft is indexed, so its own text would continue the cursor.
    let saved = dir.0.join("2025/年终总结.md");
    let uri = url(&saved);
    s.open(&uri, "markdown", TEMPLATE);
    let items = complete_at(&mut s, &uri, TYPED);
    assert!(!labels(&items).contains(CONTINUES), "{items:#?}");
}

/// The saved copy of the draft being edited is the draft itself: it neither
/// continues what the writer types nor is cited as where a sentence of the
/// draft comes from.
#[test]
fn the_open_drafts_saved_copy_is_no_source_of_itself() {
    let dir = workspace("watch-own");
    let mut s = serve_workspace(&dir, json!({ "completion": { "minConfidence": 0.0 } }));
    wait_index_after(&mut s, None);
    let uri = url(&dir.0.join("2025/年终总结.md"));
    // Rewritten since it was saved: only the start of the sentence is left.
    s.open(&uri, "markdown", TYPED);
    let items = complete_at(&mut s, &uri, TYPED);
    assert!(!labels(&items).contains(CONTINUES), "{items:#?}");
    // Unsaved as it was saved, hovered: no template holds the sentence.
    s.change_full(&uri, 2, TEMPLATE);
    let hover = s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 2 } }),
    );
    assert!(!hover.to_string().contains("年终总结"), "{hover:#}");
    // Another draft beside it is a source like any other.
    let other = url(&dir.0.join("新稿.md"));
    let items = offered(&mut s, &other, TYPED, &mut 0);
    assert!(labels(&items).contains(CONTINUES), "{items:#?}");
}

#[test]
fn an_open_draft_saved_is_re_indexed_when_closed() {
    let dir = workspace("watch-open-save");
    let mut s = serve_workspace(&dir, json!({ "completion": { "minConfidence": 0.0 } }));
    let first = wait_index_after(&mut s, None);
    let open = dir.0.join("2025/年终总结.md");
    s.open(&url(&open), "markdown", TEMPLATE);
    // Saved while open (autosave does that at every pause): the editor has
    // the text, so this alone rebuilds nothing; a template beside it does.
    std::fs::write(&open, "金风送爽硕果累累。\n").unwrap();
    std::fs::write(dir.0.join("另一篇.md"), "红旗漫卷西风猎猎。\n").unwrap();
    let second = wait_index_after(&mut s, Some(&first));
    // Closed: what it was saved with while open counts now, in one more build.
    s.close(&url(&open));
    wait_index_after(&mut s, Some(&second));
    assert_eq!(
        begins(&mut s),
        3,
        "the first index, the other file, the close"
    );
    let draft = url(&dir.0.join("新稿.md"));
    let mut version = 0;
    let items = offered(&mut s, &draft, "金风送爽", &mut version);
    assert!(labels(&items).contains("硕果"), "{items:#?}");
}

#[test]
fn other_open_documents_count_with_their_unsaved_text() {
    let dir = workspace("watch-open");
    let mut s = serve_workspace(&dir, json!({ "completion": { "minConfidence": 0.0 } }));
    wait_index_after(&mut s, None);
    // Never saved: only the editor has this text.
    let other = url(&dir.0.join("未保存.md"));
    s.open(&other, "markdown", "开篇\n银汉迢迢暗度佳期。\n");
    let draft = url(&dir.0.join("新稿.md"));
    let mut version = 0;
    let items = offered(&mut s, &draft, "银汉迢迢", &mut version);
    let item = items
        .iter()
        .find(|i| i["label"].as_str().unwrap_or_default().contains("暗度"))
        .unwrap_or_else(|| panic!("the open document is read: {items:#?}"));
    assert_eq!(item["detail"], "只见于你打开的其他文稿，模板中没有");
}

#[test]
fn with_corpus_workspace_off_drafts_do_not_count() {
    let dir = workspace("watch-off");
    let settings = json!({
        "corpus": { "workspace": false },
        "completion": { "minConfidence": 0.0 },
    });
    let mut s = serve_workspace(&dir, settings);
    wait_index_after(&mut s, None);
    let other = url(&dir.0.join("未保存.md"));
    s.open(&other, "markdown", "银汉迢迢暗度佳期。\n");
    let draft = url(&dir.0.join("新稿.md"));
    let mut version = 0;
    let items = offered(&mut s, &draft, TYPED, &mut version);
    assert!(!labels(&items).contains(CONTINUES), "{items:#?}");
    let items = offered(&mut s, &draft, "银汉迢迢", &mut version);
    assert!(!labels(&items).contains("暗度"), "{items:#?}");
}

#[test]
fn new_corpus_settings_move_the_clients_watching() {
    let (mine, ws) = (
        TempDir::new("watch-move-mine"),
        TempDir::new("watch-move-ws"),
    );
    std::fs::create_dir(ws.0.join("templates")).unwrap();
    let mut s = Server::spawn(&[], &[]);
    let corpus = json!({ "paths": [mine.0.to_str().unwrap()], "workspace": false });
    s.initialize_with(json!({
        "processId": null,
        "rootUri": url(&ws.0),
        "capabilities": capabilities(true),
        "initializationOptions": { "corpus": corpus },
    }));
    corpus_registration(&mut s);
    s.wait_index_ready();
    // The workspace's settings add a folder of its own, and one outside it.
    let paths = [mine.0.to_str().unwrap(), "templates", "/"];
    let settings = json!({ "corpus": { "paths": paths, "workspace": false } });
    s.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": settings }),
    );
    let gone = s.wait_server_request("client/unregisterCapability");
    let gone = &gone["params"]["unregisterations"][0];
    assert_eq!(gone["method"], "workspace/didChangeWatchedFiles", "{gone}");
    let registration = corpus_registration(&mut s);
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    let bases: Vec<&Value> = watchers
        .as_array()
        .unwrap()
        .iter()
        .map(|w| &w["globPattern"]["baseUri"])
        .collect();
    let expected = [json!(url(&mine.0)), json!(url(&ws.0.join("templates")))];
    assert_eq!(bases, [&expected[0], &expected[1]], "{registration}");
}

/// Folders the editor adds to the workspace count with their drafts, those
/// it removes no longer do.
#[test]
fn workspace_folders_added_and_removed_are_followed() {
    let (a, b) = (TempDir::new("folders-a"), TempDir::new("folders-b"));
    std::fs::write(a.0.join("旧稿.md"), "紫金山下书声琅琅。\n").unwrap();
    std::fs::write(b.0.join("新稿.txt"), "白鹭洲头灯火通明。\n").unwrap();
    let mut s = serve_workspace(&a, json!({ "completion": { "minConfidence": 0.0 } }));
    let folders = &s.initialize_result()["capabilities"]["workspace"]["workspaceFolders"];
    assert_eq!(
        folders,
        &json!({ "supported": true, "changeNotifications": true })
    );
    let first = wait_index_after(&mut s, None);
    let draft = "file:///tmp/jianggao-e2e-folders-draft.md";
    let mut version = 0;
    let mut offers = |s: &mut Server, typed: &str, continues: &str| {
        labels(&offered(s, draft, typed, &mut version)).contains(continues)
    };
    assert!(offers(&mut s, "紫金山下", "书声"));
    assert!(!offers(&mut s, "白鹭洲头", "灯火"));

    let folder = |dir: &TempDir, name: &str| json!([{ "uri": url(&dir.0), "name": name }]);
    s.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": folder(&b, "b"), "removed": folder(&a, "ws") } }),
    );
    wait_index_after(&mut s, Some(&first));
    assert!(offers(&mut s, "白鹭洲头", "灯火"));
    assert!(!offers(&mut s, "紫金山下", "书声"));
}
