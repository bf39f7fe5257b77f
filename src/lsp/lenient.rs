//! A part of the settings (`completion`, `corpus` …) read key by key: a value
//! of the wrong type, a bad item of a list or entry of a map, or a key that
//! does not exist costs only itself, and the warning names it.
//!
//! serde reads a part whole, so one bad value would throw away its
//! neighbours: `{ enable = false, maxItems = "5" }` would leave completion
//! on. When the part does not read, each of the writer's values is tried
//! alone on top of the defaults and kept when the part still reads.
//! Two quirks of clients are read as meant: `null` is "the default" (what a
//! Lua or TOML writer means by leaving it unset), and an empty list where an
//! object belongs is an empty object (Lua's `{}` encodes as `[]`).

use crate::locale::Lang;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// The part `value`, read with the defaults of `T` wherever it is wrong;
/// one warning (in `lang`) per value left out. `path` names the part
/// (`jianggao.completion`).
pub fn read<T>(value: &Value, path: &str, lang: Lang, warnings: &mut Vec<String>) -> T
where
    T: DeserializeOwned + Serialize + Default,
{
    let defaults = serde_json::to_value(T::default()).unwrap_or(Value::Null);
    let value = as_meant(value, &defaults);
    unknown_keys(&value, &defaults, path, lang, warnings);
    if let Ok(part) = T::deserialize(&value) {
        return part;
    }
    if !value.is_object() {
        warnings.push(wrong_type(path, &value, &defaults, lang));
        return T::default();
    }
    let mut merged = defaults.clone();
    let reads = |candidate: &Value| T::deserialize(candidate).is_ok();
    let mut at = Vec::new();
    merge_each(
        &value,
        &defaults,
        &mut merged,
        &mut at,
        path,
        lang,
        warnings,
        &reads,
    );
    T::deserialize(&merged).unwrap_or_default()
}

/// `value` with the clients' quirks undone against `defaults`: keys set to
/// `null` dropped, `[]` where an object belongs made `{}`.
fn as_meant(value: &Value, defaults: &Value) -> Value {
    match (value, defaults) {
        (Value::Array(items), Value::Object(_)) if items.is_empty() => Value::Object(Map::new()),
        (Value::Object(map), Value::Object(default)) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| {
                    let v = default.get(k).map_or_else(|| v.clone(), |d| as_meant(v, d));
                    (k.clone(), v)
                })
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// A struct's defaults list its keys; a map's (`severity`) are empty, and
/// any key goes.
fn is_struct(defaults: &Value) -> bool {
    defaults.as_object().is_some_and(|m| !m.is_empty())
}

fn unknown_keys(value: &Value, defaults: &Value, path: &str, lang: Lang, out: &mut Vec<String>) {
    let (Value::Object(map), Value::Object(known)) = (value, defaults) else {
        return;
    };
    if !is_struct(defaults) {
        return;
    }
    for (key, v) in map {
        let path = format!("{path}.{key}");
        match known.get(key) {
            Some(d) => unknown_keys(v, d, &path, lang, out),
            None => out.push(unknown(&path, key, known.keys(), lang)),
        }
    }
}

/// The warning for a key that is not a setting, with the one it most
/// likely meant.
pub fn unknown<'a>(
    path: &str,
    key: &str,
    mut known: impl Iterator<Item = &'a String>,
    lang: Lang,
) -> String {
    let meant = known.find(|k| looks_like(key, k));
    match (lang, meant) {
        (Lang::Zh, Some(m)) => format!("没有设置 {path}（是否想写 {m}？），已忽略"),
        (Lang::Zh, None) => format!("没有设置 {path}，已忽略"),
        (Lang::En, Some(m)) => format!("unknown setting `{path}` (did you mean `{m}`?); ignored"),
        (Lang::En, None) => format!("unknown setting `{path}`; ignored"),
    }
}

/// `max_items`, `maxitems` and `maxItem` all mean `maxItems`: the same
/// letters but for case and `_`/`-`, or at most two edits apart.
fn looks_like(written: &str, known: &str) -> bool {
    let plain = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (plain(written), plain(known));
    a == b || edits(&a, &b) <= 2
}

/// Levenshtein distance.
fn edits(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// Sets each of the writer's values (`value`, at `at` in the part) into
/// `merged` when the part still `reads` with it; a list or a map that does
/// not read keeps the items or entries that do.
#[allow(clippy::too_many_arguments)]
fn merge_each(
    value: &Value,
    defaults: &Value,
    merged: &mut Value,
    at: &mut Vec<String>,
    path: &str,
    lang: Lang,
    warnings: &mut Vec<String>,
    reads: &dyn Fn(&Value) -> bool,
) {
    let Value::Object(map) = value else { return };
    for (key, v) in map {
        let Some(default) = defaults.get(key) else {
            continue; // unknown: already said
        };
        at.push(key.clone());
        let here = format!("{path}.{key}");
        if v.is_object() && is_struct(default) {
            merge_each(v, default, merged, at, &here, lang, warnings, reads);
        } else if let Some(set) = tried(merged, at, v.clone(), reads) {
            *merged = set;
        } else if let (Value::Array(items), Value::Array(_)) = (v, default) {
            let (good, bad): (Vec<_>, Vec<_>) = (0..items.len()).partition(|&i| {
                tried(merged, at, Value::Array(vec![items[i].clone()]), reads).is_some()
            });
            let kept = Value::Array(good.iter().map(|&i| items[i].clone()).collect());
            if let Some(set) = tried(merged, at, kept, reads) {
                *merged = set;
            }
            warnings.push(bad_items(&here, &bad, items, lang));
        } else if let (Value::Object(entries), Value::Object(_)) = (v, default) {
            // A map (`severity`): its good entries kept, each bad one named.
            let mut kept = Map::new();
            for (name, entry) in entries {
                let alone = Value::Object(Map::from_iter([(name.clone(), entry.clone())]));
                if tried(merged, at, alone, reads).is_some() {
                    kept.insert(name.clone(), entry.clone());
                } else {
                    warnings.push(bad_entry(&here, name, entry, lang));
                }
            }
            if let Some(set) = tried(merged, at, Value::Object(kept), reads) {
                *merged = set;
            }
        } else {
            warnings.push(wrong_type(&here, v, default, lang));
        }
        at.pop();
    }
}

/// `merged` with `v` at `at`, when the part reads so.
fn tried(merged: &Value, at: &[String], v: Value, reads: &dyn Fn(&Value) -> bool) -> Option<Value> {
    let mut candidate = merged.clone();
    let mut slot = &mut candidate;
    for key in at {
        slot = slot.get_mut(key)?;
    }
    *slot = v;
    reads(&candidate).then_some(candidate)
}

fn wrong_type(path: &str, v: &Value, default: &Value, lang: Lang) -> String {
    let expected = expected(default, lang);
    if default.is_object() {
        return match lang {
            Lang::Zh => format!("设置 {path} 应为{expected}，而不是 {v}，已使用默认设置"),
            Lang::En => format!("setting `{path}` must be {expected}, not {v}; using its defaults"),
        };
    }
    match lang {
        Lang::Zh => format!("设置 {path} 应为{expected}，而不是 {v}，已使用默认值 {default}"),
        Lang::En => {
            format!("setting `{path}` must be {expected}, not {v}; using the default {default}")
        }
    }
}

fn bad_items(path: &str, bad: &[usize], items: &[Value], lang: Lang) -> String {
    let which: Vec<String> = bad.iter().map(|i| (i + 1).to_string()).collect();
    let values: Vec<String> = bad.iter().map(|&i| items[i].to_string()).collect();
    match lang {
        Lang::Zh => format!(
            "设置 {path} 的第 {} 项无效（{}），已忽略",
            which.join("、"),
            values.join("、")
        ),
        Lang::En => format!(
            "setting `{path}`: item{} {} ({}) not understood; ignored",
            if bad.len() == 1 { "" } else { "s" },
            which.join(", "),
            values.join(", ")
        ),
    }
}

fn bad_entry(path: &str, name: &str, entry: &Value, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("设置 {path} 中“{name}”的值无效（{entry}），已忽略"),
        Lang::En => {
            format!("setting `{path}`: the value of `{name}` ({entry}) not understood; ignored")
        }
    }
}

/// What a setting with this default takes, in words.
fn expected(default: &Value, lang: Lang) -> &'static str {
    let zh = lang == Lang::Zh;
    match default {
        Value::Bool(_) if zh => "true 或 false",
        Value::Bool(_) => "true or false",
        Value::Number(n) if n.is_u64() && zh => "不小于 0 的整数",
        Value::Number(n) if n.is_u64() => "a whole number ≥ 0",
        Value::Number(_) if zh => "数",
        Value::Number(_) => "a number",
        Value::String(_) if zh => "文字",
        Value::String(_) => "a string",
        Value::Array(_) if zh => "列表",
        Value::Array(_) => "a list",
        _ if zh => "对象",
        _ => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(default, rename_all = "camelCase")]
    struct Part {
        enable: bool,
        max_items: usize,
        ratio: f64,
        paths: Vec<String>,
        inner: Inner,
        severity: std::collections::BTreeMap<String, String>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(default, rename_all = "camelCase")]
    struct Inner {
        on: bool,
        level: f64,
    }

    impl Default for Part {
        fn default() -> Self {
            Part {
                enable: true,
                max_items: 20,
                ratio: 0.5,
                paths: Vec::new(),
                inner: Inner::default(),
                severity: Default::default(),
            }
        }
    }

    impl Default for Inner {
        fn default() -> Self {
            Inner {
                on: true,
                level: 0.8,
            }
        }
    }

    fn part(value: Value, lang: Lang) -> (Part, Vec<String>) {
        let mut warnings = Vec::new();
        let part = read::<Part>(&value, "jianggao.p", lang, &mut warnings);
        (part, warnings)
    }

    #[test]
    fn a_wrong_value_costs_only_itself_and_is_named() {
        let (p, w) = part(
            json!({"enable": false, "maxItems": -1, "ratio": 0.1}),
            Lang::Zh,
        );
        assert!(!p.enable);
        assert_eq!((p.max_items, p.ratio), (20, 0.1));
        assert_eq!(
            w,
            ["设置 jianggao.p.maxItems 应为不小于 0 的整数，而不是 -1，已使用默认值 20"]
        );
        let (p, w) = part(json!({"inner": {"on": false, "level": "high"}}), Lang::En);
        assert_eq!(
            p.inner,
            Inner {
                on: false,
                level: 0.8
            }
        );
        assert_eq!(
            w,
            ["setting `jianggao.p.inner.level` must be a number, not \"high\"; using the default 0.8"]
        );
    }

    #[test]
    fn a_part_that_is_no_object_keeps_its_defaults() {
        let (p, w) = part(json!(3), Lang::Zh);
        assert_eq!(p, Part::default());
        assert_eq!(w, ["设置 jianggao.p 应为对象，而不是 3，已使用默认设置"]);
    }

    #[test]
    fn a_list_keeps_its_good_items() {
        let (p, w) = part(json!({"paths": ["a", null, 3, "b"]}), Lang::Zh);
        assert_eq!(p.paths, ["a", "b"]);
        assert_eq!(
            w,
            ["设置 jianggao.p.paths 的第 2、3 项无效（null、3），已忽略"]
        );
        let (p, w) = part(json!({"paths": "a"}), Lang::En);
        assert!(p.paths.is_empty());
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("must be a list"), "{w:?}");
    }

    #[test]
    fn a_map_keeps_its_good_entries() {
        let (p, w) = part(json!({"severity": {"year": "hint", "name": 3}}), Lang::Zh);
        assert_eq!(p.severity.len(), 1);
        assert_eq!(p.severity["year"], "hint");
        assert_eq!(
            w,
            ["设置 jianggao.p.severity 中“name”的值无效（3），已忽略"]
        );
    }

    #[test]
    fn unknown_keys_are_named_with_what_was_meant() {
        let (p, w) = part(
            json!({"max_items": 3, "inner": {"Level": 1}, "colour": 1, "severity": {"any": "hint"}}),
            Lang::Zh,
        );
        assert_eq!(p.max_items, 20);
        assert_eq!(p.severity.len(), 1, "a map takes any key");
        assert_eq!(
            w,
            [
                "没有设置 jianggao.p.colour，已忽略",
                "没有设置 jianggao.p.inner.Level（是否想写 level？），已忽略",
                "没有设置 jianggao.p.max_items（是否想写 maxItems？），已忽略",
            ]
        );
    }

    #[test]
    fn null_is_the_default_and_an_empty_list_an_empty_object() {
        let (p, w) = part(
            json!({"enable": null, "severity": [], "inner": []}),
            Lang::Zh,
        );
        assert_eq!(p, Part::default());
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn near_misses() {
        assert!(looks_like("maxitem", "maxItems"));
        assert!(looks_like("MAX-ITEMS", "maxItems"));
        assert!(!looks_like("enable", "paths"));
        assert_eq!(edits(&['a', 'b'], &['b', 'a']), 2);
    }
}
