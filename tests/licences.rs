//! Every dependency (build, dev and every platform's) can be used under a
//! licence that fits the project's MIT OR Apache-2.0: its licence expression
//! holds with permissive licences only. A GPL, LGPL-only or MPL dependency
//! fails here, naming the crate.

use serde_json::Value;
use std::process::Command;

/// Licences that impose nothing beyond notices on a program that uses the
/// code (SPDX identifiers).
const PERMISSIVE: &[&str] = &[
    "MIT",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "Zlib",
    "Unicode-3.0",
    "Unicode-DFS-2016",
    "Unlicense",
    "CC0-1.0",
    "BSL-1.0",
    "0BSD",
];

/// Whether an SPDX expression (`A OR B`, `(A OR B) AND C`, `A WITH exc`,
/// and the old `A/B`) holds with [`PERMISSIVE`] licences alone.
fn permissive(expression: &str) -> bool {
    let spaced = expression
        .replace('/', " OR ")
        .replace('(', " ( ")
        .replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut at = 0;
    let holds = any_of(&tokens, &mut at);
    holds && at == tokens.len()
}

fn any_of(tokens: &[&str], at: &mut usize) -> bool {
    let mut holds = all_of(tokens, at);
    while tokens.get(*at) == Some(&"OR") {
        *at += 1;
        holds |= all_of(tokens, at);
    }
    holds
}

fn all_of(tokens: &[&str], at: &mut usize) -> bool {
    let mut holds = one(tokens, at);
    while tokens.get(*at) == Some(&"AND") {
        *at += 1;
        holds &= one(tokens, at);
    }
    holds
}

fn one(tokens: &[&str], at: &mut usize) -> bool {
    let Some(&token) = tokens.get(*at) else {
        return false;
    };
    *at += 1;
    if token == "(" {
        let holds = any_of(tokens, at);
        if tokens.get(*at) == Some(&")") {
            *at += 1;
            return holds;
        }
        return false;
    }
    if tokens.get(*at) == Some(&"WITH") {
        *at += 2; // an exception only ever grants more
    }
    PERMISSIVE.contains(&token)
}

#[test]
fn licence_expressions_are_read_as_spdx_says() {
    assert!(permissive("MIT OR Apache-2.0"));
    assert!(permissive("MIT/Apache-2.0"));
    assert!(permissive("(Apache-2.0 OR MIT) AND BSD-3-Clause"));
    assert!(permissive(
        "Apache-2.0 WITH LLVM-exception OR Apache-2.0 OR MIT"
    ));
    assert!(permissive("MIT OR Apache-2.0 OR LGPL-2.1-or-later"));
    assert!(!permissive("MPL-2.0"));
    assert!(!permissive("GPL-2.0-or-later"));
    assert!(!permissive("MIT AND GPL-3.0"));
    assert!(!permissive("(MIT OR Apache-2.0) AND MPL-2.0"));
    assert!(!permissive(""));
}

#[test]
fn every_dependency_fits_mit_or_apache() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    assert!(packages.len() > 50, "{} packages", packages.len());
    let unfit: Vec<String> = packages
        .iter()
        .filter(|p| !permissive(p["license"].as_str().unwrap_or_default()))
        .map(|p| format!("{} {}: {}", p["name"], p["version"], p["license"]))
        .collect();
    assert!(
        unfit.is_empty(),
        "not MIT OR Apache-2.0 compatible:\n{}",
        unfit.join("\n")
    );
}
