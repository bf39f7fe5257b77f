//! The default template corpus, compiled into the binary so that a fresh
//! install needs no files beside it. The texts live in `corpus/` at the top of
//! the repository.

macro_rules! embed {
    ($name:literal) => {
        ($name, include_str!(concat!("../../corpus/", $name)))
    };
}

/// `(file name, text)` of every embedded template document.
pub const FILES: &[(&str, &str)] = &[
    embed!("000_cc521bfc2a7b196e.txt"),
    embed!("001_63ea6bb05d0bd4e5.txt"),
    embed!("002_6441ad3c74f305fa.txt"),
    embed!("003_1bbc9109f68df4c0.txt"),
    embed!("004_34cd29f9d077768a.txt"),
];
