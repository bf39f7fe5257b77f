//! The new text of a rule file after a code action adds to one of its
//! lists, keeping the writer's layout and comments (toml_edit). The server
//! only computes it; the editor applies it.

use super::file::{IGNORE, SUBSTITUTIONS, WORDS};
use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// The comment put after an entry added without its preferred wording.
pub const FILL_IN: &str = "# 请填写规范说法";

/// Why a file cannot be edited, in Chinese.
pub type EditError = String;

fn parse(existing: &str) -> Result<DocumentMut, EditError> {
    existing
        .parse::<DocumentMut>()
        .map_err(|e| format!("文件不是有效的 TOML（{}），请先改正", e.message().trim()))
}

fn table<'a>(doc: &'a mut DocumentMut, name: &str) -> Result<&'a mut Table, EditError> {
    let item = doc.entry(name).or_insert(Item::Table(Table::new()));
    item.as_table_mut()
        .ok_or_else(|| format!("“{name}”不是一个表，无法添加"))
}

/// `existing` (empty when the file is new) with `word` in `[ignore]
/// words`; `None` when it is there already.
pub fn add_ignore_word(existing: &str, word: &str) -> Result<Option<String>, EditError> {
    let mut doc = parse(existing)?;
    let ignore = table(&mut doc, IGNORE)?;
    let words = ignore
        .entry(WORDS)
        .or_insert(Item::Value(Value::Array(Array::new())));
    let Some(words) = words.as_array_mut() else {
        return Err(format!("[{IGNORE}]中的“{WORDS}”不是数组，无法添加"));
    };
    if words.iter().any(|w| w.as_str() == Some(word)) {
        return Ok(None);
    }
    words.push(word);
    Ok(Some(doc.to_string()))
}

/// `existing` with `old = ""` in `[substitutions]` and a comment asking
/// for the preferred wording; `None` when `old` is there already.
pub fn add_substitution(existing: &str, old: &str) -> Result<Option<String>, EditError> {
    let mut doc = parse(existing)?;
    let substitutions = table(&mut doc, SUBSTITUTIONS)?;
    if substitutions.contains_key(old) {
        return Ok(None);
    }
    let value = Value::from("").decorated(" ", format!(" {FILL_IN}"));
    substitutions.insert(old, Item::Value(value));
    Ok(Some(doc.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleFile;

    #[test]
    fn an_ignored_word_joins_the_list_keeping_comments() {
        let existing = "# 本办规范\n[ignore]\nwords = [\"X5\"] # 车型\n";
        let new = add_ignore_word(existing, "某某").unwrap().unwrap();
        assert!(new.starts_with("# 本办规范\n"), "{new}");
        assert!(new.contains("# 车型"), "{new}");
        let words: Vec<String> = RuleFile::parse(&new)
            .ignore
            .into_iter()
            .map(|e| e.key)
            .collect();
        assert_eq!(words, ["X5", "某某"]);
        assert_eq!(add_ignore_word(&new, "某某").unwrap(), None);
    }

    #[test]
    fn a_new_file_gets_its_table() {
        let new = add_substitution("", "讲话精神").unwrap().unwrap();
        assert_eq!(
            new,
            format!("[substitutions]\n\"讲话精神\" = \"\" {FILL_IN}\n")
        );
        assert!(add_ignore_word("[ignore", "x").is_err());
    }
}
