//! The user's folders for caches and configuration, as each platform names
//! them: `$XDG_CACHE_HOME` or `~/.cache` and `$XDG_CONFIG_HOME` or
//! `~/.config` on Linux and other Unix systems, `~/Library/Caches` and
//! `~/Library/Application Support` on macOS, `%LOCALAPPDATA%` and
//! `%APPDATA%` on Windows.
//!
//! The same answers as the `dirs` crate gives, kept here rather than taken
//! from it: `dirs` depends on `option-ext`, licensed MPL-2.0, outside the
//! project's MIT OR Apache-2.0.

use std::ffi::OsString;
use std::path::PathBuf;

/// The folder for caches that may be deleted at any time.
pub fn cache_dir() -> Option<PathBuf> {
    folder(Kind::Cache, |name| std::env::var_os(name))
}

/// The folder for the user's configuration files.
pub fn config_dir() -> Option<PathBuf> {
    folder(Kind::Config, |name| std::env::var_os(name))
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Cache,
    Config,
}

/// An absolute path from variable `value`; a relative one is ignored, as
/// the XDG specification says.
fn absolute(value: Option<OsString>) -> Option<PathBuf> {
    value.map(PathBuf::from).filter(|p| p.is_absolute())
}

#[cfg(windows)]
fn folder(kind: Kind, var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    absolute(var(match kind {
        Kind::Cache => "LOCALAPPDATA",
        Kind::Config => "APPDATA",
    }))
}

#[cfg(target_os = "macos")]
fn folder(kind: Kind, var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let library = absolute(var("HOME"))?.join("Library");
    Some(match kind {
        Kind::Cache => library.join("Caches"),
        Kind::Config => library.join("Application Support"),
    })
}

#[cfg(not(any(windows, target_os = "macos")))]
fn folder(kind: Kind, var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let (xdg, under_home) = match kind {
        Kind::Cache => ("XDG_CACHE_HOME", ".cache"),
        Kind::Config => ("XDG_CONFIG_HOME", ".config"),
    };
    absolute(var(xdg)).or_else(|| Some(absolute(var("HOME"))?.join(under_home)))
}

#[cfg(all(test, not(any(windows, target_os = "macos"))))]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)], kind: Kind) -> Option<PathBuf> {
        folder(kind, |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn xdg_variables_then_the_home_folder() {
        let home = [("HOME", "/home/w")];
        assert_eq!(with(&home, Kind::Cache), Some("/home/w/.cache".into()));
        assert_eq!(with(&home, Kind::Config), Some("/home/w/.config".into()));
        let xdg = [("HOME", "/home/w"), ("XDG_CACHE_HOME", "/var/c")];
        assert_eq!(with(&xdg, Kind::Cache), Some("/var/c".into()));
        assert_eq!(with(&xdg, Kind::Config), Some("/home/w/.config".into()));
        // Relative values are not folders of anyone's.
        let relative = [("HOME", "w"), ("XDG_CACHE_HOME", "c")];
        assert_eq!(with(&relative, Kind::Cache), None);
        assert_eq!(with(&[], Kind::Config), None);
    }
}
