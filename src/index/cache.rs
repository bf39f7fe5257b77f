//! The index of the user's templates, kept between runs in the cache folder
//! (`$XDG_CACHE_HOME/jianggao/` or `~/.cache/jianggao/` on Linux,
//! `~/Library/Caches/jianggao/` on macOS, `%LOCALAPPDATA%\jianggao\` on
//! Windows) — never beside the templates.
//!
//! One file per corpus setting, named by a hash of the configured paths:
//!
//! ```text
//! "JIANGGAO" | format u32 | 0u32 | payload length u64 | payload | CRC-32 of the payload u32
//! payload = crate version | key | load report | phrase index
//! ```
//!
//! The key is every template file's path, size and modification time (and
//! what the embedded corpus is). A file is used only when its magic, format,
//! length, crate version, key and checksum all match and the index in it
//! passes the checks of [`PhraseIndex::read_from`]; anything else is a
//! [`Miss`] and the index is built afresh and written again. Writing goes to
//! a temporary file in the cache folder, renamed over the old one when
//! complete, so a reader never sees half a file.
//!
//! Each project has its own file, and projects come and go: a file not used
//! for [`UNUSED_DAYS`] days (its modification time, renewed whenever it is
//! read) is removed when another is written.

use crate::binary::{Invalid, Reader, Writer};
use crate::corpus::load::{
    CorpusSpec, LoadNote, LoadReport, LoadWarning, Plan, SkipReason, Special,
};
use crate::corpus::stamp::Stamp;
use crate::phrases::PhraseIndex;
use crate::text::input::SourceEncoding;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

const MAGIC: &[u8; 8] = b"JIANGGAO";
/// Raised whenever the layout changes, or the meaning of what it holds
/// (3: the suffix order of each document stops at its end).
const FORMAT: u32 = 3;
const HEADER_LEN: u64 = 24;
const TRAILER_LEN: u64 = 4;

/// Cache files unused this long are removed (see the module's docs).
pub const UNUSED_DAYS: u64 = 30;

/// The folder the cache lives in: `jianggao` in the platform's cache folder.
pub fn default_folder() -> Option<PathBuf> {
    crate::platform::cache_dir().map(|dir| dir.join("jianggao"))
}

/// Creates the cache folder (and its parents) readable by the writer alone
/// on Unix, and closes a folder an older release left open to others: the
/// files in it hold the text of the writer's templates and drafts. The
/// parents (`~/.cache`) are not ours to change once they exist.
fn private_folder(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let permissions = std::fs::metadata(dir)?.permissions();
        if permissions.mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

/// Whether the cache served this load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Use {
    /// Off, or nothing to cache (no template files of the user's).
    Off,
    /// The index was read from this file.
    Read(PathBuf),
    /// The index was built, because the cache could not be used.
    Rebuilt(Miss),
}

/// Why a cache file was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    Missing,
    Unreadable(String),
    /// Not a cache file of ours, or of another format.
    Foreign,
    /// Written by another version of jianggao.
    OtherVersion(String),
    /// For other files, or the files changed since.
    Stale,
    Truncated,
    Corrupt(String),
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Miss::Missing => f.write_str("no cache yet"),
            Miss::Unreadable(e) => write!(f, "cache unreadable ({e})"),
            Miss::Foreign => f.write_str("not a jianggao cache of this format"),
            Miss::OtherVersion(v) => write!(f, "cache written by jianggao {v}"),
            Miss::Stale => f.write_str("templates changed"),
            Miss::Truncated => f.write_str("cache truncated"),
            Miss::Corrupt(what) => write!(f, "cache corrupt ({what})"),
        }
    }
}

impl From<Invalid> for Miss {
    fn from(e: Invalid) -> Self {
        match e {
            Invalid::Truncated => Miss::Truncated,
            Invalid::Corrupt(what) => Miss::Corrupt(what.into()),
            Invalid::Io(e) => Miss::Unreadable(e.to_string()),
        }
    }
}

/// What a cached index must have been built from: the crate, the embedded
/// corpus, and every template file's path, size and modification time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key(Vec<u8>);

impl Key {
    /// The key of the files `plan` found for `spec` as they are now.
    pub fn of(spec: &CorpusSpec, plan: &Plan) -> Self {
        let mut w = Writer::new(Vec::new());
        let mut put = || -> io::Result<()> {
            w.u32(FORMAT)?;
            w.u32(spec.builtin as u32)?;
            if spec.builtin {
                let mut crc = crc32fast::Hasher::new();
                for (name, text) in crate::corpus::embedded::FILES {
                    crc.update(name.as_bytes());
                    crc.update(text.as_bytes());
                }
                w.u32(crc.finalize())?;
            }
            w.u64(plan.files.len() as u64)?;
            w.u64(plan.drafts.len() as u64)?;
            for path in plan.files.iter().chain(&plan.drafts) {
                w.path(path)?;
                // A file that cannot be looked at now will not be read
                // either: its key says so, and changes when it can.
                Stamp::of_path(path)
                    .unwrap_or(Stamp::NONE)
                    .write_to(&mut w)?;
            }
            Ok(())
        };
        put().expect("writing to memory does not fail");
        Key(w.into_inner())
    }
}

/// The cache file in `dir` for the corpus setting `spec`: one per setting,
/// so that two projects with their own templates do not take turns.
pub fn file_for(dir: &Path, spec: &CorpusSpec) -> PathBuf {
    // FNV-1a: stable across runs and builds, unlike the standard hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes.iter().chain(&[0xff]) {
            hash = (hash ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(&[spec.builtin as u8, spec.drafts as u8]);
    for list in [&spec.paths, &spec.workspace_paths, &spec.workspace] {
        for path in list {
            eat(path.as_os_str().as_encoded_bytes());
        }
        eat(b"/");
    }
    dir.join(format!("index-{hash:016x}.bin"))
}

/// The index in `file`, if it was written for exactly `key` and is whole.
pub fn read(file: &Path, key: &Key) -> Result<(PhraseIndex, LoadReport), Miss> {
    match read_any(file, key, false)? {
        Cached::Fresh(index, report) => Ok((index, report)),
        Cached::Stale(_) => Err(Miss::Stale),
    }
}

/// A cache file that passed every check.
#[derive(Debug)]
pub enum Cached {
    /// For exactly the files of the key, and what reading them said.
    Fresh(PhraseIndex, LoadReport),
    /// For an earlier state of the files: not to be used as it is, but
    /// what a build can keep from (its unchanged files).
    Stale(PhraseIndex),
}

/// Like [`read`]; with `stale_wanted`, a cache file that is sound and only
/// stale is read all the same (and checked as thoroughly), otherwise
/// reading stops at its key.
pub fn read_any(file: &Path, key: &Key, stale_wanted: bool) -> Result<Cached, Miss> {
    let opened = File::open(file).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => Miss::Missing,
        _ => Miss::Unreadable(e.to_string()),
    })?;
    let len = opened
        .metadata()
        .map_err(|e| Miss::Unreadable(e.to_string()))?
        .len();
    let mut input = BufReader::with_capacity(1 << 16, opened);
    let mut header = [0u8; HEADER_LEN as usize];
    input.read_exact(&mut header).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => Miss::Foreign,
        // A folder in its place, say.
        _ => Miss::Unreadable(e.to_string()),
    })?;
    let word = |at: usize| u32::from_le_bytes(header[at..at + 4].try_into().expect("4 bytes"));
    if &header[..8] != MAGIC || word(8) != FORMAT {
        return Err(Miss::Foreign);
    }
    let payload = u64::from_le_bytes(header[16..24].try_into().expect("8 bytes"));
    if payload.checked_add(HEADER_LEN + TRAILER_LEN) != Some(len) {
        return Err(Miss::Truncated);
    }
    let mut r = Reader::new(input, payload);
    let version = r.string()?;
    if version != env!("CARGO_PKG_VERSION") {
        return Err(Miss::OtherVersion(version));
    }
    let fresh = r.bytes()? == key.0;
    if !fresh && !stale_wanted {
        return Err(Miss::Stale);
    }
    let report = read_report(&mut r)?;
    let index = PhraseIndex::read_from(&mut r)?;
    if r.left() != 0 {
        return Err(Miss::Corrupt("bytes after the index".into()));
    }
    let sum = r.checksum();
    let mut trailer = [0u8; TRAILER_LEN as usize];
    r.into_inner()
        .read_exact(&mut trailer)
        .map_err(|_| Miss::Truncated)?;
    if u32::from_le_bytes(trailer) != sum {
        return Err(Miss::Corrupt("checksum".into()));
    }
    if !fresh {
        return Ok(Cached::Stale(index));
    }
    mark_used(file);
    Ok(Cached::Fresh(index, report))
}

/// Renews the modification time of `file` (its content stays), so that the
/// clean-up of unused cache files keeps it.
fn mark_used(file: &Path) {
    // A cache folder that cannot be written to costs only a rebuild in a
    // month's time: nothing to report.
    let _ = File::options()
        .append(true)
        .open(file)
        .and_then(|f| f.set_modified(std::time::SystemTime::now()));
}

/// A cache file to write once the index it is for is built.
#[derive(Debug)]
pub struct Pending {
    file: PathBuf,
    key: Key,
    /// What reading the files had to say (the walk's warnings are found
    /// again at every load).
    report: LoadReport,
}

impl Pending {
    pub fn new(file: PathBuf, key: Key, report: LoadReport) -> Self {
        Pending { file, key, report }
    }

    /// The file it will write.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Writes `index` to the cache: into a temporary file beside the cache
    /// file, renamed over it once complete. Nothing is left behind on error.
    pub fn save(&self, index: &PhraseIndex) -> io::Result<()> {
        let dir = self.file.parent().unwrap_or(Path::new("."));
        private_folder(dir)?;
        let name = self.file.file_name().unwrap_or_default().to_string_lossy();
        let nanos = std::time::SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        sweep(dir, &self.file);
        let temp = dir.join(format!(".{name}.{}.{nanos}.tmp", std::process::id()));
        let written = self
            .write(&temp, index)
            .and_then(|()| std::fs::rename(&temp, &self.file));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written
    }

    fn write(&self, temp: &Path, index: &PhraseIndex) -> io::Result<()> {
        let mut options = File::options();
        options.write(true).create_new(true);
        // The cache holds the text of the writer's templates and drafts:
        // theirs to read, no one else's.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(temp)?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(&[0; HEADER_LEN as usize])?;
        let mut w = Writer::new(out);
        w.str(env!("CARGO_PKG_VERSION"))?;
        w.bytes(&self.key.0)?;
        write_report(&mut w, &self.report)?;
        index.write_to(&mut w)?;
        let sum = w.checksum();
        let mut out = w.into_inner();
        out.write_all(&sum.to_le_bytes())?;
        let mut file = out.into_inner().map_err(|e| e.into_error())?;
        let payload = file.stream_position()? - HEADER_LEN - TRAILER_LEN;
        let mut header = Vec::with_capacity(HEADER_LEN as usize);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&FORMAT.to_le_bytes());
        header.extend_from_slice(&0u32.to_le_bytes());
        header.extend_from_slice(&payload.to_le_bytes());
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&header)?;
        // No fsync: a file cut short by a crash fails the length check and
        // is built again, which is all a cache needs.
        Ok(())
    }
}

/// Removes from the cache folder what nobody will read: temporary files a
/// server ended while writing left behind (not touched for an hour), and
/// cache files other than `keep` not used for [`UNUSED_DAYS`] days. Nothing
/// else in the folder is touched.
fn sweep(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .map_or(0, |age| age.as_secs());
        let abandoned =
            file_name.starts_with(".index-") && file_name.ends_with(".tmp") && age > 3600;
        let unused = file_name.starts_with("index-")
            && file_name.ends_with(".bin")
            && entry.path() != keep
            && age > UNUSED_DAYS * 24 * 3600;
        if abandoned || unused {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn write_report<W: Write>(w: &mut Writer<W>, report: &LoadReport) -> io::Result<()> {
    w.u64(report.warnings.len() as u64)?;
    for warning in &report.warnings {
        w.path(&warning.path)?;
        let (tag, detail) = match &warning.reason {
            SkipReason::Unreadable(e) => (1, e.clone()),
            SkipReason::Binary => (2, String::new()),
            SkipReason::UnknownEncoding => (3, String::new()),
            SkipReason::Special(Special::Fifo) => (4, String::new()),
            SkipReason::Special(Special::Device) => (5, String::new()),
            SkipReason::Special(Special::Socket) => (6, String::new()),
            SkipReason::Special(Special::Other) => (7, String::new()),
            SkipReason::CorpusFull => (8, String::new()),
            // Reading a file gives no other reason; should it ever, it
            // comes back as a file that could not be read, saying why.
            other => (1, other.describe(crate::locale::Lang::En)),
        };
        w.u32(tag)?;
        w.str(&detail)?;
    }
    w.u64(report.notes.len() as u64)?;
    for note in &report.notes {
        w.path(&note.path)?;
        w.u32(note.encoding.code())?;
    }
    Ok(())
}

fn read_report<R: Read>(r: &mut Reader<R>) -> Result<LoadReport, Miss> {
    let corrupt = || Miss::Corrupt("load report".into());
    let mut report = LoadReport::default();
    let warnings = r.u64()?;
    for _ in 0..warnings.min(r.left()) {
        let path = r.path()?;
        let tag = r.u32()?;
        let detail = r.string()?;
        let reason = match tag {
            1 => SkipReason::Unreadable(detail),
            2 => SkipReason::Binary,
            3 => SkipReason::UnknownEncoding,
            4 => SkipReason::Special(Special::Fifo),
            5 => SkipReason::Special(Special::Device),
            6 => SkipReason::Special(Special::Socket),
            7 => SkipReason::Special(Special::Other),
            8 => SkipReason::CorpusFull,
            _ => return Err(corrupt()),
        };
        report.warnings.push(LoadWarning { path, reason });
    }
    let notes = r.u64()?;
    for _ in 0..notes.min(r.left()) {
        let path = r.path()?;
        let encoding = SourceEncoding::from_code(r.u32()?).ok_or_else(corrupt)?;
        report.notes.push(LoadNote { path, encoding });
    }
    Ok(report)
}
