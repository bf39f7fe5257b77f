//! The office's own rules: `jianggao.toml` in the project (the workspace
//! root or a parent folder; also `.jianggao.toml`) and in the user's config
//! folder, holding
//!
//! - `[substitutions]` `"old wording" = "preferred wording"` (a key written
//!   `/…/` is a regular expression, `$1` in the value its group);
//! - `[forbidden]` `"word" = "why"` (or `words = […]`);
//! - `[ignore]` `words = […]`: never reported by any check;
//! - `[jianggao]`: the editor settings of the `jianggao` section, the same
//!   keys (`[jianggao.completion] maxItems = 10`).
//!
//! Pure core: reads files, never writes them (the code actions that add to
//! the lists compute the new text with [`edit`]; the editor writes it).

pub mod compile;
pub mod edit;
pub mod file;
pub mod marker;

pub use compile::{HouseRules, Rule, RuleHit};
pub use file::RuleFile;

use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Names of a project file, in the order they are looked for in a folder.
pub const FILE_NAMES: [&str; 2] = ["jianggao.toml", ".jianggao.toml"];
/// Overrides where the user-level file is (an empty value: none). Tests
/// use it; so may a user who keeps the file elsewhere.
pub const USER_FILE_ENV: &str = "JIANGGAO_USER_CONFIG";
/// A rule file longer than this is not read.
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// One entry of the lists in force, with where it was written
/// (`path 第n行`), for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    pub key: String,
    pub value: String,
    pub origin: String,
}

/// The lists of every rule file in force, merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lists {
    pub substitutions: Vec<ListEntry>,
    pub forbidden: Vec<ListEntry>,
    /// Words never reported by any check.
    pub ignore: Vec<String>,
}

/// The user-level file: [`USER_FILE_ENV`], or `jianggao/jianggao.toml` in
/// the platform's config folder (`~/.config` on Linux).
pub fn user_file() -> Option<PathBuf> {
    match std::env::var_os(USER_FILE_ENV) {
        Some(path) if path.is_empty() => None,
        Some(path) => Some(PathBuf::from(path)),
        None => Some(
            crate::platform::config_dir()?
                .join("jianggao")
                .join(FILE_NAMES[0]),
        ),
    }
}

/// The project file for `start` (a folder): the first [`FILE_NAMES`] in it
/// or the nearest parent folder that has one.
pub fn project_file(start: &Path) -> Option<PathBuf> {
    start.ancestors().find_map(|dir| {
        FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Which rule files apply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Sources {
    pub user: Option<PathBuf>,
    pub project: Option<PathBuf>,
}

/// What the files looked like when read: a change of any makes a reload.
pub type Fingerprint = Vec<(PathBuf, Option<(SystemTime, u64)>)>;

/// A rule file as read, and whose it is.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    /// The user's own file (its corpus paths may reach outside the workspace).
    pub user: bool,
    pub file: RuleFile,
}

/// Every rule file in force, read.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// User file first, then the project file.
    pub files: Vec<Loaded>,
    pub lists: Lists,
    /// Problems of the files, each naming its file and line.
    pub warnings: Vec<String>,
    pub fingerprint: Fingerprint,
}

impl Sources {
    /// The user file and the project file found from `start` upward.
    pub fn find(start: Option<&Path>) -> Sources {
        Sources {
            user: user_file(),
            project: start.and_then(project_file),
        }
    }

    fn paths(&self) -> impl Iterator<Item = (&PathBuf, bool)> {
        let user = self.user.iter().map(|p| (p, true));
        user.chain(self.project.iter().map(|p| (p, false)))
    }

    pub fn fingerprint(&self) -> Fingerprint {
        self.paths()
            .map(|(p, _)| {
                let meta = std::fs::metadata(p).ok();
                let stamp = meta.and_then(|m| Some((m.modified().ok()?, m.len())));
                (p.clone(), stamp)
            })
            .collect()
    }

    /// Reads the files. A missing user file is no problem; any other file
    /// that cannot be read, and every problem inside one, is a warning.
    pub fn read(&self) -> Read {
        let mut read = Read {
            fingerprint: self.fingerprint(),
            ..Read::default()
        };
        for (path, user) in self.paths() {
            let text = match read_text(path) {
                Ok(Some(text)) => text,
                Ok(None) if user => continue,
                Ok(None) => {
                    read.warnings.push(format!("{} 不存在", path.display()));
                    continue;
                }
                Err(problem) => {
                    read.warnings
                        .push(format!("{} {problem}，已忽略", path.display()));
                    continue;
                }
            };
            let file = RuleFile::parse(&text);
            for problem in &file.problems {
                read.warnings.push(format!(
                    "{} 第{}行：{}",
                    path.display(),
                    problem.line,
                    problem.message
                ));
            }
            read.lists.add(path, &file);
            read.files.push(Loaded {
                path: path.clone(),
                user,
                file,
            });
        }
        read
    }
}

/// The text of a rule file; `None` if there is none.
fn read_text(path: &Path) -> Result<Option<String>, String> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("无法读取（{e}）")),
    };
    if !meta.is_file() {
        return Err("不是普通文件".into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!("超过{} MB", MAX_FILE_BYTES >> 20));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取（{e}）"))?;
    let text = String::from_utf8(bytes).map_err(|_| "不是 UTF-8 编码".to_string())?;
    Ok(Some(text))
}

impl Lists {
    /// Adds the lists of `file`: an entry of a later file replaces the one
    /// with the same wording.
    fn add(&mut self, path: &Path, file: &RuleFile) {
        let origin = |line: usize| format!("{} 第{line}行", path.display());
        let merge = |list: &mut Vec<ListEntry>, entries: &[file::Entry]| {
            for e in entries {
                list.retain(|old| old.key != e.key);
                list.push(ListEntry {
                    key: e.key.clone(),
                    value: e.value.clone(),
                    origin: origin(e.line),
                });
            }
        };
        merge(&mut self.substitutions, &file.substitutions);
        merge(&mut self.forbidden, &file.forbidden);
        for e in &file.ignore {
            if !self.ignore.contains(&e.key) {
                self.ignore.push(e.key.clone());
            }
        }
    }
}

/// `over` laid on `base`: objects merge key by key, anything else replaces.
pub fn merge_json(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(base), Value::Object(over)) => merge_maps(base, over),
        (base, over) => *base = over.clone(),
    }
}

fn merge_maps(base: &mut Map<String, Value>, over: &Map<String, Value>) {
    for (key, value) in over {
        match base.get_mut(key) {
            Some(old) if !value.is_null() => merge_json(old, value),
            Some(_) => {}
            None => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_merge_and_the_rest_replaces() {
        let mut base = json!({"a": {"x": 1, "y": [1]}, "b": 2});
        merge_json(&mut base, &json!({"a": {"y": [2], "z": 3}, "b": null}));
        assert_eq!(base, json!({"a": {"x": 1, "y": [2], "z": 3}, "b": 2}));
    }

    #[test]
    fn the_nearest_project_file_wins() {
        let dir = std::env::temp_dir().join(format!("jianggao-rules-{}", std::process::id()));
        let deep = dir.join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(dir.join("jianggao.toml"), "").unwrap();
        std::fs::write(dir.join("a/.jianggao.toml"), "").unwrap();
        assert_eq!(project_file(&deep), Some(dir.join("a/.jianggao.toml")));
        std::fs::remove_file(dir.join("a/.jianggao.toml")).unwrap();
        assert_eq!(project_file(&deep), Some(dir.join("jianggao.toml")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
