//! One `jianggao.toml`: the office's word lists and its `[jianggao]`
//! settings, read leniently. Every problem names its line; a part with a
//! problem is left out and the rest applies.

use serde_json::{Map, Value};
use std::ops::Range;
use toml_edit::{Document, Item, TableLike};

/// The table whose keys are the editor settings of the `jianggao` section.
pub const SETTINGS_TABLE: &str = "jianggao";
pub const SUBSTITUTIONS: &str = "substitutions";
pub const FORBIDDEN: &str = "forbidden";
pub const IGNORE: &str = "ignore";
/// The key of a list of words in `[ignore]` and `[forbidden]`.
pub const WORDS: &str = "words";

/// A key of `[substitutions]` written `/…/` is a regular expression.
pub fn regex_key(key: &str) -> Option<&str> {
    key.strip_prefix('/')?
        .strip_suffix('/')
        .filter(|r| !r.is_empty())
}

/// What one line of a list says: a wording and its value (the preferred
/// wording, or why a word is forbidden).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: String,
    /// 1-based line of the entry in its file.
    pub line: usize,
}

/// A part of the file that was left out, and why (in Chinese).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    pub message: String,
}

/// One rule file, parsed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleFile {
    /// The `[jianggao]` table as JSON, keys as written (camelCase, as in the
    /// editor's settings); each top-level key with its line.
    pub settings: Map<String, Value>,
    pub setting_lines: Vec<(String, usize)>,
    pub substitutions: Vec<Entry>,
    pub forbidden: Vec<Entry>,
    pub ignore: Vec<Entry>,
    pub problems: Vec<Problem>,
}

/// 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

impl RuleFile {
    pub fn parse(text: &str) -> RuleFile {
        let mut file = RuleFile::default();
        let doc = match Document::parse(text) {
            Ok(doc) => doc,
            Err(e) => {
                let line = e.span().map_or(1, |s| line_of(text, s.start));
                let message = format!("不是有效的 TOML：{}", e.message().trim());
                file.problems.push(Problem { line, message });
                return file;
            }
        };
        let line = |span: Option<Range<usize>>| span.map_or(1, |s| line_of(text, s.start));
        let root = doc.as_table();
        for (key, item) in root.iter() {
            let at = line(root.key(key).and_then(|k| k.span()));
            let Some(table) = item.as_table_like() else {
                file.problem(at, format!("“{key}”应当是一个表（[{key}]）"));
                continue;
            };
            match key {
                SETTINGS_TABLE => file.read_settings(table, &line),
                SUBSTITUTIONS => {
                    file.substitutions = file.read_pairs(table, SUBSTITUTIONS, false, &line)
                }
                FORBIDDEN => file.forbidden = file.read_pairs(table, FORBIDDEN, true, &line),
                IGNORE => file.ignore = file.read_words_only(table, &line),
                other => file.problem(
                    at,
                    format!(
                        "未知的表“[{other}]”（可用：[{SETTINGS_TABLE}]、[{SUBSTITUTIONS}]、[{FORBIDDEN}]、[{IGNORE}]），已忽略"
                    ),
                ),
            }
        }
        file
    }

    fn problem(&mut self, line: usize, message: String) {
        self.problems.push(Problem { line, message });
    }

    fn read_settings(
        &mut self,
        table: &dyn TableLike,
        line: &impl Fn(Option<Range<usize>>) -> usize,
    ) {
        for (key, item) in table.iter() {
            let at = line(table.get_key_value(key).and_then(|(k, _)| k.span()));
            self.settings.insert(key.to_string(), to_json(item));
            self.setting_lines.push((key.to_string(), at));
        }
    }

    /// `"key" = "value"` lines; with `words_too`, also `words = [...]`
    /// (each word with an empty value).
    fn read_pairs(
        &mut self,
        table: &dyn TableLike,
        name: &str,
        words_too: bool,
        line: &impl Fn(Option<Range<usize>>) -> usize,
    ) -> Vec<Entry> {
        let mut entries = Vec::new();
        for (key, item) in table.iter() {
            let at = line(table.get_key_value(key).and_then(|(k, _)| k.span()));
            if words_too && key == WORDS && item.is_array() {
                entries.extend(self.words(item, at));
                continue;
            }
            if key.trim().is_empty() {
                self.problem(at, format!("[{name}]中有空的说法，已忽略"));
                continue;
            }
            match item.as_str() {
                Some(value) => entries.push(Entry {
                    key: key.to_string(),
                    value: value.to_string(),
                    line: at,
                }),
                None => self.problem(
                    at,
                    format!(
                        "[{name}]中“{key}”的值应当是字符串，而不是{}，已忽略",
                        type_name(item)
                    ),
                ),
            }
        }
        entries
    }

    /// `[ignore]`: only `words = [...]`.
    fn read_words_only(
        &mut self,
        table: &dyn TableLike,
        line: &impl Fn(Option<Range<usize>>) -> usize,
    ) -> Vec<Entry> {
        let mut entries = Vec::new();
        for (key, item) in table.iter() {
            let at = line(table.get_key_value(key).and_then(|(k, _)| k.span()));
            if key == WORDS && item.is_array() {
                entries.extend(self.words(item, at));
            } else {
                self.problem(
                    at,
                    format!("[{IGNORE}]只认“{WORDS} = [\"…\", …]”，“{key}”已忽略"),
                );
            }
        }
        entries
    }

    /// The non-empty strings of an array; other elements are problems.
    fn words(&mut self, item: &Item, at: usize) -> Vec<Entry> {
        let mut words = Vec::new();
        for value in item.as_array().into_iter().flatten() {
            match value.as_str() {
                Some(word) if !word.trim().is_empty() => words.push(Entry {
                    key: word.to_string(),
                    value: String::new(),
                    line: at,
                }),
                _ => self.problem(at, format!("词表中的“{value}”不是非空的字符串，已忽略")),
            }
        }
        words
    }
}

fn type_name(item: &Item) -> &'static str {
    match item {
        Item::Value(toml_edit::Value::Integer(_) | toml_edit::Value::Float(_)) => "数字",
        Item::Value(toml_edit::Value::Boolean(_)) => "布尔值",
        Item::Value(toml_edit::Value::Array(_)) => "数组",
        Item::Value(toml_edit::Value::Datetime(_)) => "日期",
        _ => "表",
    }
}

/// A TOML item as the JSON the editor would have sent.
fn to_json(item: &Item) -> Value {
    match item {
        Item::None => Value::Null,
        Item::Value(value) => value_json(value),
        Item::Table(table) => table_json(table),
        Item::ArrayOfTables(tables) => Value::Array(tables.iter().map(|t| table_json(t)).collect()),
    }
}

fn table_json(table: &dyn TableLike) -> Value {
    Value::Object(
        table
            .iter()
            .map(|(k, item)| (k.to_string(), to_json(item)))
            .collect(),
    )
}

fn value_json(value: &toml_edit::Value) -> Value {
    use toml_edit::Value as T;
    match value {
        T::String(s) => Value::String(s.value().clone()),
        T::Integer(i) => Value::from(*i.value()),
        T::Float(f) => serde_json::Number::from_f64(*f.value()).map_or(Value::Null, Value::Number),
        T::Boolean(b) => Value::Bool(*b.value()),
        T::Datetime(d) => Value::String(d.value().to_string()),
        T::Array(a) => Value::Array(a.iter().map(value_json).collect()),
        T::InlineTable(t) => table_json(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_every_table_with_lines() {
        let file = RuleFile::parse(
            "# 本办规范\n[substitutions]\n\"老说法\" = \"新说法\"\n\"/(\\\\d+)个亿/\" = \"${1}亿元\"\n\n[forbidden]\n\"禁词\" = \"不得使用\"\nwords = [\"甲\", \"乙\"]\n\n[ignore]\nwords = [\"X5\"]\n\n[jianggao.completion]\nmaxItems = 5\n",
        );
        assert_eq!(file.problems, []);
        assert_eq!(file.substitutions.len(), 2);
        assert_eq!(file.substitutions[0].line, 3);
        assert_eq!(regex_key(&file.substitutions[1].key), Some("(\\d+)个亿"));
        let words: Vec<&str> = file.forbidden.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(words, ["禁词", "甲", "乙"]);
        assert_eq!(file.ignore[0].key, "X5");
        assert_eq!(
            Value::Object(file.settings),
            json!({"completion": {"maxItems": 5}})
        );
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let file = RuleFile::parse("[substitutions]\n\"a\" = \"b\"\n\"c\" = \n");
        assert_eq!(file.problems.len(), 1);
        assert_eq!(file.problems[0].line, 3, "{:?}", file.problems);
        assert!(file.substitutions.is_empty());
    }

    #[test]
    fn a_bad_entry_is_left_out_alone() {
        let file = RuleFile::parse(
            "[substitutions]\n\"a\" = 3\n\"b\" = \"c\"\n[ignore]\nword = \"x\"\n[other]\nk = 1\n",
        );
        let lines: Vec<usize> = file.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 5, 6], "{:?}", file.problems);
        assert_eq!(file.substitutions.len(), 1);
    }
}
