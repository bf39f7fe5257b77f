//! Checks the invariants of ARCHITECTURE.md that the compiler cannot.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn files_under(relative: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&src().join(relative), &mut files);
    files
}

/// Lines of `file` containing `needle`, ignoring `//` comments.
fn offending_lines(file: &Path, needle: &str) -> Vec<String> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .enumerate()
        .filter(|(_, line)| line.split("//").next().unwrap_or("").contains(needle))
        .map(|(i, line)| format!("{}:{}: {}", file.display(), i + 1, line.trim()))
        .collect()
}

#[test]
fn the_core_never_imports_the_protocol() {
    let mut core = Vec::new();
    for dir in [
        "text",
        "corpus",
        "outline",
        "placeholder",
        "phrases",
        "rules",
        "structure",
        "speech",
        "explain",
        "analysis",
    ] {
        core.extend(files_under(dir));
    }
    core.push(src().join("skeleton.rs"));
    core.extend(files_under("index"));
    core.push(src().join("index.rs"));
    core.push(src().join("binary.rs"));
    core.push(src().join("locale.rs"));
    core.push(src().join("platform.rs"));
    assert!(core.len() > 5, "{core:?}");
    for needle in ["tower_lsp", "lsp_types", "crate::lsp"] {
        let found: Vec<String> = core
            .iter()
            .flat_map(|f| offending_lines(f, needle))
            .collect();
        assert!(
            found.is_empty(),
            "the core uses `{needle}`:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn position_arithmetic_lives_only_in_the_position_module() {
    let position = src().join("lsp/position.rs");
    for needle in [
        "utf16",
        "len_utf16",
        "encode_utf16",
        "char_to_byte",
        "byte_to_char",
    ] {
        let found: Vec<String> = files_under("lsp")
            .iter()
            .filter(|f| **f != position)
            .flat_map(|f| offending_lines(f, needle))
            .collect();
        assert!(
            found.is_empty(),
            "position arithmetic outside position.rs:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn the_server_never_prints_to_stdout() {
    for needle in ["println!", "print!(", "std::io::stdout", "dbg!("] {
        let found: Vec<String> = files_under("lsp")
            .iter()
            .flat_map(|f| offending_lines(f, needle))
            .collect();
        assert!(
            found.is_empty(),
            "stdout is for JSON-RPC only:\n{}",
            found.join("\n")
        );
    }
}

/// The modules a Rust source names through `crate::` or `super::` paths (in
/// `use` declarations and in code): for each path, how many `super`s it
/// climbs (0 for `crate::`) and its first segment after them. Comments,
/// strings and the `#[cfg(test)]` part at the end of a file are skipped.
fn paths(source: &str) -> Vec<(usize, String)> {
    let source = source.split("#[cfg(test)]").next().unwrap_or("");
    let tokens = tokens(source);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let climbs = match tokens[i].as_str() {
            "crate" => Some(0),
            "super" => Some(1),
            _ => None,
        };
        let (Some(mut climbs), Some("::")) = (climbs, tokens.get(i + 1).map(String::as_str)) else {
            i += 1;
            continue;
        };
        i += 2;
        while tokens.get(i).map(String::as_str) == Some("super")
            && tokens.get(i + 1).map(String::as_str) == Some("::")
        {
            climbs += 1;
            i += 2;
        }
        match tokens.get(i).map(String::as_str) {
            Some("{") => {
                // `{a, b::c, d::{e, f}}`: the first segment of each item.
                let mut depth = 0;
                let mut item_start = true;
                for token in &tokens[i..] {
                    match token.as_str() {
                        "{" => {
                            depth += 1;
                            item_start = depth == 1;
                            continue;
                        }
                        "}" => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        "," if depth == 1 => {
                            item_start = true;
                            continue;
                        }
                        t if item_start && depth == 1 && is_ident(t) => {
                            found.push((climbs, t.to_string()))
                        }
                        _ => {}
                    }
                    item_start = false;
                }
            }
            Some(t) if is_ident(t) => found.push((climbs, t.to_string())),
            _ => {}
        }
        i += 1;
    }
    found
}

fn is_ident(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// Identifiers, `::` and single punctuation characters, without comments,
/// string and char literals.
fn tokens(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '"' || (c == 'r' && matches!(next, Some('"' | '#'))) {
            // A string, raw (r"…", r#"…"#) or not.
            let hashes = if c == 'r' {
                i += 1;
                let n = chars[i..].iter().take_while(|&&h| h == '#').count();
                i += n;
                n
            } else {
                0
            };
            i += 1;
            while i < chars.len() {
                if c != 'r' && chars[i] == '\\' {
                    i += 2;
                    continue;
                }
                if chars[i] == '"'
                    && chars[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes
                {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
        } else if c == '\'' {
            // A char literal ('x', '\n'); a lifetime ('a) has no closing quote.
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else if c == ':' && next == Some(':') {
            tokens.push("::".to_string());
            i += 2;
        } else {
            if !c.is_whitespace() {
                tokens.push(c.to_string());
            }
            i += 1;
        }
    }
    tokens
}

/// A cycle in `edges` (module → the modules it imports), if there is one.
fn find_cycle(
    edges: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        done: &mut std::collections::BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = std::collections::BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut done, &mut Vec::new()))
}

#[test]
fn the_import_parser_finds_paths_and_groups() {
    let source = r#"
        use super::config::{Settings, SECTION};
        use super::{completion, guard as g, self};
        use crate::text::{self, lines};
        // use super::commented;
        /* use super::blocked; */
        let s = "super::in_string";
        let c = '{'; let lifetime: &'a str = x;
        fn f() { super::super::up::call(); crate::outline::outline(t); }
        #[cfg(test)]
        mod tests { use super::hidden; }
    "#;
    let found = paths(source);
    let found: Vec<(usize, &str)> = found.iter().map(|(n, m)| (*n, m.as_str())).collect();
    assert_eq!(
        found,
        [
            (1, "config"),
            (1, "completion"),
            (1, "guard"),
            (1, "self"),
            (0, "text"),
            (2, "up"),
            (0, "outline")
        ]
    );
    let edges = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]
        .iter()
        .fold(
            std::collections::BTreeMap::<String, std::collections::BTreeSet<String>>::new(),
            |mut m, (a, b)| {
                m.entry(a.to_string()).or_default().insert(b.to_string());
                m
            },
        );
    assert_eq!(find_cycle(&edges).unwrap(), ["a", "b", "c", "a"]);
}

/// The LSP modules (files of `src/lsp`, the root `mod.rs` aside) and the core
/// modules (top-level modules of the core) import one another without a
/// cycle: each can be understood, and tested, from those below it.
#[test]
fn modules_import_one_another_without_cycles() {
    use std::collections::{BTreeMap, BTreeSet};
    let stem = |p: &Path| p.file_stem().unwrap().to_string_lossy().to_string();

    let lsp_files: Vec<PathBuf> = files_under("lsp")
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "mod.rs"))
        .collect();
    let lsp_modules: BTreeSet<String> = lsp_files.iter().map(|p| stem(p)).collect();
    let mut lsp: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &lsp_files {
        let source = std::fs::read_to_string(file).unwrap();
        let imported = paths(&source);
        let crate_lsp = source.contains("crate::lsp::");
        assert!(
            !crate_lsp,
            "{}: use `super::` within the LSP layer",
            file.display()
        );
        let targets = imported
            .into_iter()
            .filter(|(climbs, m)| *climbs == 1 && lsp_modules.contains(m) && *m != stem(file))
            .map(|(_, m)| m);
        lsp.entry(stem(file)).or_default().extend(targets);
    }
    assert!(lsp.values().any(|t| !t.is_empty()), "{lsp:?}");
    if let Some(cycle) = find_cycle(&lsp) {
        panic!(
            "src/lsp modules import each other in a cycle: {}",
            cycle.join(" → ")
        );
    }

    let core_modules = [
        "analysis",
        "text",
        "corpus",
        "outline",
        "placeholder",
        "phrases",
        "index",
        "binary",
        "locale",
        "rules",
        "structure",
        "skeleton",
        "platform",
    ];
    let mut core: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for module in core_modules {
        let mut files = Vec::new();
        if src().join(module).is_dir() {
            files.extend(files_under(module));
        }
        // A module may be a file with its submodules in a folder beside it.
        let file = src().join(format!("{module}.rs"));
        if file.is_file() {
            files.push(file);
        }
        for file in files {
            let top_level = file.parent() == Some(src().as_path());
            let source = std::fs::read_to_string(&file).unwrap();
            let targets = paths(&source)
                .into_iter()
                .filter(|(climbs, _)| *climbs == 0 || top_level && *climbs == 1)
                .map(|(_, m)| m)
                .filter(|m| m != module && core_modules.contains(&m.as_str()));
            core.entry(module.to_string()).or_default().extend(targets);
        }
    }
    assert!(core["analysis"].contains("outline"), "{core:?}");
    if let Some(cycle) = find_cycle(&core) {
        panic!(
            "core modules import each other in a cycle: {}",
            cycle.join(" → ")
        );
    }
}
