//! Reading the files named on the command line, the same way for every
//! command: `-` (and `/dev/stdin`) is standard input; text in any encoding
//! [`crate::text::input`] knows, with a note on stderr when it is not UTF-8;
//! special files other than pipes are refused, and no input is read past
//! [`MAX_INPUT_BYTES`].

use super::output::say;
use crate::corpus::load::{self, SkipReason};
use crate::locale::Lang;
use crate::text::input::{decode, SourceEncoding};
use std::io::Read;
use std::path::Path;

/// The most bytes read from one input.
pub const MAX_INPUT_BYTES: usize = 512 << 20;

/// How standard input is named in messages and findings.
pub const STDIN_NAME: &str = "<stdin>";

/// A text read from the command line.
#[derive(Debug)]
pub struct Input {
    /// The name findings are reported under.
    pub name: String,
    pub text: String,
}

/// Whether `path` stands for standard input.
pub fn is_stdin(path: &Path) -> bool {
    ["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]
        .iter()
        .any(|s| path.as_os_str() == *s)
}

/// The name `path` is reported under.
pub fn display(path: &Path) -> String {
    if path.as_os_str() == "-" {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

/// Why an input named on the command line cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Missing,
    Folder,
    TooBig,
    /// What the corpus loader also says (binary, encoding, special file …).
    Skip(SkipReason),
}

impl Problem {
    /// The message in `lang`, naming the input.
    pub fn message(&self, name: &str, lang: Lang) -> String {
        let mb = MAX_INPUT_BYTES >> 20;
        match (self, lang) {
            (Problem::Missing, Lang::Zh) => format!("{name}：没有这个文件或文件夹"),
            (Problem::Missing, Lang::En) => format!("{name}: no such file or folder"),
            (Problem::Folder, Lang::Zh) => format!("{name} 是文件夹，不是文件"),
            (Problem::Folder, Lang::En) => format!("{name} is a folder, not a file"),
            (Problem::TooBig, Lang::Zh) => format!("{name} 超过 {mb} MB，未读取"),
            (Problem::TooBig, Lang::En) => format!("{name} is larger than {mb} MB; not read"),
            (Problem::Skip(reason), _) => format!("{name} {}", reason.describe(lang)),
        }
    }
}

/// Reads the file (or standard input) `path`; a note on stderr when it is
/// not UTF-8.
pub fn read(path: &Path, lang: Lang) -> Result<Input, Problem> {
    let name = display(path);
    let decoded = decode(read_bytes(path)?).map_err(|e| Problem::Skip(load::not_text(e)))?;
    if decoded.encoding != SourceEncoding::Utf8 {
        let encoding = decoded.encoding.name();
        say(lang.pick(
            &format!("{name} 不是 UTF-8 文本，已按 {encoding} 读取"),
            &format!("{name} is not UTF-8; read as {encoding}"),
        ));
    }
    Ok(Input {
        name,
        text: decoded.text,
    })
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, Problem> {
    if is_stdin(path) {
        return read_capped(std::io::stdin().lock());
    }
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Problem::Missing,
        _ => Problem::Skip(SkipReason::Unreadable(e.to_string())),
    })?;
    if meta.is_dir() {
        return Err(Problem::Folder);
    }
    if is_pipe(&meta) {
        // A pipe named on purpose (`check <(…)`): read like stdin.
        let file = std::fs::File::open(path)
            .map_err(|e| Problem::Skip(SkipReason::Unreadable(e.to_string())))?;
        return read_capped(file);
    }
    load::read_regular(path, MAX_INPUT_BYTES).map_err(|e| e.map_or(Problem::TooBig, Problem::Skip))
}

/// Reads at most [`MAX_INPUT_BYTES`].
fn read_capped(reader: impl Read) -> Result<Vec<u8>, Problem> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Problem::Skip(SkipReason::Unreadable(e.to_string())))?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Problem::TooBig);
    }
    Ok(bytes)
}

fn is_pipe(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}
