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
    for dir in ["text", "corpus", "outline", "placeholder", "phrases"] {
        core.extend(files_under(dir));
    }
    core.push(src().join("index.rs"));
    core.push(src().join("locale.rs"));
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
