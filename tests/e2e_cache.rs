//! End to end over stdio: the index of the user's templates is cached in
//! `$XDG_CACHE_HOME/jianggao/` and read back by the next server, which
//! answers the same; `corpus.cache: false` writes nothing; nothing is ever
//! written beside the templates.

mod common;

use common::{default_capabilities, listing, Server, TIMEOUT};
use jianggao::corpus::embedded::FILES;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;

const URI: &str = "file:///tmp/e2e_cache_draft.md";
const DRAFT: &str = "同志们，我们要全心全意";

/// A template folder (four of the embedded documents) and an empty cache
/// home, in a folder of the test's own.
fn folders(name: &str) -> (PathBuf, PathBuf) {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("jianggao-e2e-cache-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    for (i, (_, text)) in FILES.iter().enumerate().skip(1) {
        std::fs::write(templates.join(format!("t{i}.txt")), text).unwrap();
    }
    let cache_home = root.join("cache-home");
    std::fs::create_dir_all(&cache_home).unwrap();
    (templates, cache_home)
}

/// A server with `templates` as its only corpus and `cache_home` as its
/// cache home; returns it with its index ready and the message that ended
/// the indexing progress.
fn start(templates: &Path, cache_home: &Path, cache: bool) -> (Server, String) {
    let mut s = Server::spawn(&[], &[("XDG_CACHE_HOME", cache_home.to_str().unwrap())]);
    let options = json!({ "corpus": {
        "builtin": false,
        "paths": [templates.to_str().unwrap()],
        "cache": cache,
    }, "completion": { "minConfidence": 0.0 } });
    s.initialize(default_capabilities(), options);
    let end = s.wait_index_ready();
    s.open(URI, "markdown", DRAFT);
    let message = end["value"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    (s, message)
}

fn labels(s: &mut Server) -> Vec<Value> {
    let list = s.request(
        "textDocument/completion",
        json!({
            "textDocument": { "uri": URI },
            "position": { "line": 0, "character": DRAFT.encode_utf16().count() },
        }),
    );
    list["items"]
        .as_array()
        .expect("a completion list")
        .iter()
        .map(|item| item["label"].clone())
        .collect()
}

/// The one cache file in `cache_home`, once the server has written it (it
/// writes after the index is in service).
fn wait_cache_file(cache_home: &Path) -> PathBuf {
    let dir = cache_home.join("jianggao");
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let files: Vec<String> = listing(&dir)
            .into_iter()
            .filter(|n| n.starts_with("index-") && n.ends_with(".bin"))
            .collect();
        if let [file] = &files[..] {
            return dir.join(file);
        }
        assert!(
            Instant::now() < deadline,
            "no cache file in {}: {:?}",
            dir.display(),
            listing(&dir)
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn the_next_server_reads_the_cached_index_and_answers_the_same() {
    let (templates, cache_home) = folders("reads");
    let before = listing(&templates);
    let (mut first, message) = start(&templates, &cache_home, true);
    assert!(!message.contains("缓存"), "{message}");
    // The progress gives percentages, from 0, never going back.
    let progress = first.take_notifications("$/progress");
    let percentages: Vec<u64> = progress
        .iter()
        .filter(|p| p["value"]["kind"] != "end")
        .map(|p| p["value"]["percentage"].as_u64().expect("a percentage"))
        .collect();
    assert_eq!(percentages.first(), Some(&0), "{progress:?}");
    assert!(
        percentages.windows(2).all(|w| w[0] <= w[1] && w[1] <= 100),
        "{percentages:?}"
    );
    let answer = labels(&mut first);
    assert!(!answer.is_empty(), "the templates offer completions");
    let file = wait_cache_file(&cache_home);
    assert!(first.shutdown().success());
    let written = std::fs::read(&file).unwrap();
    #[cfg(unix)]
    let inode = || std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&file).unwrap());
    #[cfg(unix)]
    let first_inode = inode();

    let (mut second, message) = start(&templates, &cache_home, true);
    assert!(message.contains("读自缓存"), "{message}");
    assert_eq!(labels(&mut second), answer);
    assert!(second.shutdown().success());
    // Read, not written again (a new file would be renamed over it); and
    // nothing beside the templates.
    assert_eq!(std::fs::read(&file).unwrap(), written);
    #[cfg(unix)]
    assert_eq!(inode(), first_inode);
    assert_eq!(listing(&templates), before);
}

#[test]
fn a_damaged_cache_is_rebuilt_by_the_server() {
    let (templates, cache_home) = folders("damaged");
    let (mut first, _) = start(&templates, &cache_home, true);
    let answer = labels(&mut first);
    let file = wait_cache_file(&cache_home);
    assert!(first.shutdown().success());
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&file, &bytes).unwrap();

    let (mut second, message) = start(&templates, &cache_home, true);
    assert!(!message.contains("缓存"), "{message}");
    assert_eq!(labels(&mut second), answer);
    // The cache is written again once the index is in service.
    let deadline = Instant::now() + TIMEOUT;
    while std::fs::read(&file).unwrap_or_default() == bytes {
        assert!(
            Instant::now() < deadline,
            "the damaged cache was not replaced"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(second.shutdown().success());
    // Written again, whole: the next server reads it.
    let (mut third, message) = start(&templates, &cache_home, true);
    assert!(message.contains("读自缓存"), "{message}");
    assert_eq!(labels(&mut third), answer);
}

#[test]
fn with_the_cache_off_the_server_writes_nothing() {
    let (templates, cache_home) = folders("off");
    let before = listing(&templates);
    let (mut s, message) = start(&templates, &cache_home, false);
    assert!(!message.contains("缓存"), "{message}");
    assert!(!labels(&mut s).is_empty());
    assert!(s.shutdown().success());
    assert!(
        listing(&cache_home).is_empty(),
        "{:?}",
        listing(&cache_home)
    );
    assert_eq!(listing(&templates), before);
}
