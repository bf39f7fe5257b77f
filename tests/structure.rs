//! The promised-structure check, data-driven.

use jianggao::outline::outline;
use jianggao::structure;

#[test]
#[ignore]
fn dump() {
    for dir in ["corpus", "../shared/corpus-gov"] {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + dir;
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let Ok(text) = std::fs::read_to_string(&f) else { continue };
            for (a, c) in structure::counts(&text, &outline(&text)) {
                let line = text[..a.range.start].matches('\n').count() + 1;
                let c = c.map(|c| c.iter().map(|c| c.label.chars().take(12).collect::<String>()).collect::<Vec<_>>().join(" | "));
                println!("{}:{line}: {} [{}] -> {c:?}", f.display(), &text[a.range.clone()], a.count);
            }
            for p in structure::check(&text, &outline(&text)) {
                println!("  PROBLEM {}", p.message);
            }
        }
    }
}
