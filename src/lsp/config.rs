//! Settings under the `jianggao` section, from `initializationOptions`,
//! `workspace/didChangeConfiguration` and `workspace/configuration`.
//!
//! Parsing is lenient: a value of the wrong type, or a key that is no
//! setting, is named in a warning and left out, and the rest of the
//! settings still apply (see [`super::lenient`]).

use super::lenient;
use crate::analysis::{Checks, House, Ignore, Severity, Structure};
use crate::corpus::load::{self, CorpusSpec};
use crate::locale::Lang;
use crate::placeholder::kind::unknown_severity;
use crate::rules::{self, HouseRules, Lists};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The configuration section every client sends our settings under.
pub const SECTION: &str = "jianggao";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    pub corpus: CorpusSettings,
    pub completion: CompletionSettings,
    pub outline: OutlineSettings,
    /// Placeholder warnings (issue #4): severities, kinds off, extra patterns, ignored words.
    pub placeholders: crate::placeholder::Config,
    /// The office's rules (issue #15): each rule on or off, and its severity.
    pub rules: RulesSettings,
    /// House style (issue #15): punctuation, number-style, script.
    pub style: crate::style::Config,
    /// Speaking time (issue #14): the rate and the target.
    pub speech: SpeechSettings,
    /// The checks that `placeholders` and `outline` ask for, made (regexes
    /// compiled) once, when the settings arrive.
    #[serde(skip)]
    pub checks: Arc<Checks>,
    /// The rule files these settings were read with (see [`Settings::from_sources`]).
    #[serde(skip)]
    pub files: RuleFilesRead,
}

/// The rule files behind a settings snapshot.
#[derive(Debug, Clone, Default)]
pub struct RuleFilesRead {
    pub sources: rules::Sources,
    pub fingerprint: rules::Fingerprint,
    /// `corpus.paths` of the user-level file: the user's own, like
    /// `initializationOptions`, so they may lie outside the workspace.
    pub user_corpus_paths: Vec<String>,
}

// Settings of the office's rules (issue #15), kept in their own block.

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RulesSettings {
    /// Old wordings of `[substitutions]` (code `substitution`).
    pub substitution: RuleSwitch,
    /// Words of `[forbidden]` (code `forbidden`).
    pub forbidden: RuleSwitch,
}

impl Default for RulesSettings {
    fn default() -> Self {
        RulesSettings {
            substitution: RuleSwitch::on("warning"),
            forbidden: RuleSwitch::on("error"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RuleSwitch {
    pub enable: bool,
    /// `error`, `warning`, `information` or `hint`.
    pub severity: String,
}

impl Default for RuleSwitch {
    fn default() -> Self {
        RuleSwitch::on("warning")
    }
}

impl RuleSwitch {
    fn on(severity: &str) -> RuleSwitch {
        RuleSwitch {
            enable: true,
            severity: severity.into(),
        }
    }

    /// Its severity when on; a severity not understood keeps `default`, with a warning.
    fn severity(
        &self,
        name: &str,
        default: Severity,
        lang: Lang,
        warnings: &mut Vec<String>,
    ) -> Option<Severity> {
        if !self.enable {
            return None;
        }
        Some(Severity::parse(&self.severity).unwrap_or_else(|| {
            let setting = format!("{SECTION}.rules.{name}.severity");
            warnings.push(unknown_severity(&setting, &self.severity, lang));
            default
        }))
    }
}

/// The check of the office's lists, under `settings`; `None` without lists.
fn house_check(
    settings: &RulesSettings,
    lists: &Lists,
    lang: Lang,
    warnings: &mut Vec<String>,
) -> Option<House> {
    let substitution =
        settings
            .substitution
            .severity("substitution", Severity::Warning, lang, warnings);
    let forbidden = settings
        .forbidden
        .severity("forbidden", Severity::Error, lang, warnings);
    let (rules, problems) = HouseRules::compile(lists);
    warnings.extend(problems);
    (!rules.is_empty()).then(|| House {
        rules: Arc::new(rules),
        substitution,
        forbidden,
    })
}

/// `corpus.paths` of a settings value (the section or an object holding it).
pub fn corpus_paths_in(value: &Value) -> Vec<String> {
    let section = value.get(SECTION).unwrap_or(value);
    let paths = section.get("corpus").and_then(|c| c.get("paths"));
    paths
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

// End of the office's rules settings.

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CorpusSettings {
    /// Include the embedded template corpus.
    pub builtin: bool,
    /// Files or folders of templates (.txt and .md, searched recursively);
    /// relative paths are against the workspace root. Outside the workspace
    /// only when the user's own settings list them (see [`CorpusSettings::spec`]).
    pub paths: Vec<String>,
    /// Keep the index of the templates in the cache folder, so that the
    /// next start reads it instead of building it (see [`crate::index::cache`]).
    pub cache: bool,
    /// The writer's drafts count too: the `.txt`/`.md` files of the
    /// workspace folders and the other open documents.
    pub workspace: bool,
}

impl Default for CorpusSettings {
    fn default() -> Self {
        CorpusSettings {
            builtin: true,
            paths: Vec::new(),
            cache: true,
            workspace: true,
        }
    }
}

impl CorpusSettings {
    /// What to load, with paths resolved against `root`. The reach rule: a
    /// path that the user's own settings list (`user_paths`, from
    /// `initializationOptions`) is read wherever it is; any other came from
    /// the workspace (pulled or pushed settings) and is read only inside the
    /// `workspace` folders.
    pub fn spec(
        &self,
        root: Option<&Path>,
        user_paths: &[String],
        workspace: &[PathBuf],
    ) -> CorpusSpec {
        // An empty entry (a list item added and left blank) names nothing;
        // resolved, it would be the whole workspace.
        let named = self.paths.iter().filter(|p| !p.trim().is_empty());
        let (user, from_workspace): (Vec<&String>, Vec<&String>) =
            named.partition(|p| user_paths.contains(p));
        CorpusSpec {
            builtin: self.builtin,
            paths: user.iter().map(|p| load::resolve(p, root)).collect(),
            workspace_paths: from_workspace
                .iter()
                .map(|p| load::resolve(p, root))
                .collect(),
            workspace: workspace.to_vec(),
            drafts: self.workspace,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CompletionSettings {
    /// Offer phrase completions at all.
    pub enable: bool,
    /// Most items in one completion list.
    pub max_items: usize,
    /// A list is offered only when it is at least this likely to hold the
    /// writer's continuation (its items' confidences added up) or one of
    /// its items is this likely alone; otherwise no list is shown.
    pub min_confidence: f64,
    /// Ghost text: the one best continuation, shown inline.
    pub inline: InlineSettings,
}

impl Default for CompletionSettings {
    fn default() -> Self {
        CompletionSettings {
            enable: true,
            max_items: 20,
            min_confidence: crate::phrases::DEFAULT_MIN_CONFIDENCE,
            inline: InlineSettings::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct InlineSettings {
    /// Answer `textDocument/inlineCompletion`.
    pub enable: bool,
    /// Ghost text is shown only for a continuation this likely to be accepted.
    pub min_confidence: f64,
}

impl Default for InlineSettings {
    fn default() -> Self {
        InlineSettings {
            enable: true,
            min_confidence: crate::phrases::DEFAULT_INLINE_MIN_CONFIDENCE,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct OutlineSettings {
    /// Report skipped, repeated and out-of-order section numbers and mixed
    /// bracket widths (diagnostics with code `numbering`).
    pub numbering_checks: bool,
    /// Check announcements of a count of points (讲三点意见) against what
    /// follows, and inline enumerations (一是/二是) for gaps and repeats
    /// (diagnostics with code `structure`).
    pub structure_checks: bool,
}

impl Default for OutlineSettings {
    fn default() -> Self {
        OutlineSettings {
            numbering_checks: true,
            structure_checks: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SpeechSettings {
    /// Spoken characters a minute (punctuation and heading numbers not
    /// counted); a draft's own `charsPerMinute` wins.
    pub chars_per_minute: f64,
    /// Minutes the speech must fit in: longer drafts get a `speaking-time`
    /// warning; 0 for none. A draft's own `targetMinutes` wins.
    pub target_minutes: f64,
}

impl Default for SpeechSettings {
    fn default() -> Self {
        SpeechSettings {
            chars_per_minute: crate::speech::DEFAULT_CHARS_PER_MINUTE,
            target_minutes: 0.0,
        }
    }
}

impl SpeechSettings {
    /// The check these settings ask for.
    pub fn check(&self) -> crate::analysis::SpeakingTime {
        crate::analysis::SpeakingTime {
            chars_per_minute: self.chars_per_minute,
            target_minutes: (self.target_minutes > 0.0).then_some(self.target_minutes),
        }
    }
}

impl Settings {
    /// Reads settings from a JSON value that is either the `jianggao` section
    /// itself or an object holding it (as some clients send). Returns the
    /// settings and a message for every part that had to be ignored.
    /// The messages are in `lang`.
    pub fn from_json(value: &Value, lang: Lang) -> (Settings, Vec<String>) {
        Settings::from_json_with(value, &Lists::default(), lang)
    }

    /// The settings of the rule files `read` and of the editor (`editor`,
    /// as [`Settings::from_json`] reads it): the editor's override the
    /// project file's, which override the user file's. Each file's settings
    /// are read as the editor's are; their problems name the file and line.
    pub fn from_sources(
        editor: &Value,
        sources: rules::Sources,
        read: &rules::Read,
        lang: Lang,
    ) -> (Settings, Vec<String>) {
        let mut warnings = read.warnings.clone();
        let mut attributed = Vec::new();
        let mut merged = Value::Object(Map::new());
        let mut user_corpus_paths = Vec::new();
        // The parts a file may set: those of the editor's settings.
        let known = known_parts();
        for loaded in &read.files {
            let settings = &loaded.file.settings;
            for (key, line) in &loaded.file.setting_lines {
                if !known.contains_key(key) {
                    let path = loaded.path.display();
                    warnings.push(format!(
                        "{path} 第{line}行：[{SECTION}]中没有“{key}”这项设置，已忽略"
                    ));
                    continue;
                }
                let part = serde_json::json!({ key.as_str(): settings[key.as_str()] });
                for problem in Settings::from_json(&part, lang).1 {
                    let path = loaded.path.display();
                    warnings.push(format!("{path} 第{line}行：{problem}"));
                    attributed.push(problem);
                }
            }
            // Unknown keys were named above, with their line.
            let part = Value::Object(
                settings
                    .iter()
                    .filter(|(key, _)| known.contains_key(key.as_str()))
                    .map(|(key, v)| (key.clone(), v.clone()))
                    .collect(),
            );
            if loaded.user {
                user_corpus_paths.extend(corpus_paths_in(&part));
            }
            rules::merge_json(&mut merged, &part);
        }
        match editor.get(SECTION).unwrap_or(editor) {
            section @ Value::Object(_) => rules::merge_json(&mut merged, section),
            Value::Null => {}
            other => warnings.extend(Settings::from_json(other, lang).1),
        }
        let (mut settings, problems) = Settings::from_json_with(&merged, &read.lists, lang);
        warnings.extend(problems.into_iter().filter(|p| !attributed.contains(p)));
        settings.files = RuleFilesRead {
            sources,
            fingerprint: read.fingerprint.clone(),
            user_corpus_paths,
        };
        (settings, warnings)
    }

    /// [`Settings::from_json`] with the office's lists.
    pub fn from_json_with(value: &Value, lists: &Lists, lang: Lang) -> (Settings, Vec<String>) {
        let mut warnings = Vec::new();
        let section = value.get(SECTION).unwrap_or(value);
        let mut settings = Settings::default();
        match section {
            // Lua's empty table encodes as `[]`: no settings, like `null`.
            Value::Null => {}
            Value::Array(empty) if empty.is_empty() => {}
            Value::Object(map) => {
                unknown_parts(map, lang, &mut warnings);
                read_part(map, "corpus", &mut settings.corpus, lang, &mut warnings);
                read_part(
                    map,
                    "completion",
                    &mut settings.completion,
                    lang,
                    &mut warnings,
                );
                let completion = &mut settings.completion;
                completion.min_confidence = probability(
                    completion.min_confidence,
                    "completion.minConfidence",
                    crate::phrases::DEFAULT_MIN_CONFIDENCE,
                    lang,
                    &mut warnings,
                );
                completion.inline.min_confidence = probability(
                    completion.inline.min_confidence,
                    "completion.inline.minConfidence",
                    crate::phrases::DEFAULT_INLINE_MIN_CONFIDENCE,
                    lang,
                    &mut warnings,
                );
                read_part(map, "outline", &mut settings.outline, lang, &mut warnings);
                read_part(map, "speech", &mut settings.speech, lang, &mut warnings);
                if crate::speech::valid_rate(settings.speech.chars_per_minute).is_none() {
                    let default = crate::speech::DEFAULT_CHARS_PER_MINUTE;
                    warnings.push(match lang {
                        Lang::Zh => format!(
                            "设置 {SECTION}.speech.charsPerMinute 应为正数，已按 {default} 处理"
                        ),
                        Lang::En => format!(
                            "setting `{SECTION}.speech.charsPerMinute` must be a positive number; using {default}"
                        ),
                    });
                    settings.speech.chars_per_minute = crate::speech::DEFAULT_CHARS_PER_MINUTE;
                }
                read_part(
                    map,
                    "placeholders",
                    &mut settings.placeholders,
                    lang,
                    &mut warnings,
                );
                read_part(map, "style", &mut settings.style, lang, &mut warnings);
                let (options, problems) =
                    crate::placeholder::Options::compile(&settings.placeholders, lang);
                read_part(map, "rules", &mut settings.rules, lang, &mut warnings);
                let outline = &settings.outline;
                warnings.extend(problems);
                let (style_rules, style_problems) = settings.style.rules(lang);
                warnings.extend(style_problems);
                let speaking_time = Arc::new(settings.speech.check());
                let mut checks = Checks::new(Arc::new(options), outline.numbering_checks);
                if outline.structure_checks {
                    checks = checks.with(Arc::new(Structure));
                }
                checks = checks.with(speaking_time).with_style(&style_rules);
                if let Some(house) = house_check(&settings.rules, lists, lang, &mut warnings) {
                    checks = checks.with(Arc::new(house));
                }
                settings.checks = Arc::new(checks.ignoring(Ignore::new(&lists.ignore)));
            }
            other => warnings.push(match lang {
                Lang::Zh => format!("{SECTION} 的设置应为对象，而不是 {other}，已使用默认设置"),
                Lang::En => format!(
                    "settings for `{SECTION}` must be an object, not {other}; using the defaults"
                ),
            }),
        }
        (settings, warnings)
    }
}

/// Reads settings updates off the request loop, newest first.
///
/// Compiling extra patterns may take a while (up to
/// [`crate::placeholder::options::MAX_EXTRA_PATTERNS`] regexes), and tower-lsp
/// polls every handler in its one serve loop: compiled in a handler, they would
/// hold up every other request. So they compile on a blocking thread; an
/// update overtaken meanwhile by a newer one is dropped.
#[derive(Debug, Default)]
pub struct Updates {
    newest: AtomicU64,
}

impl Updates {
    /// [`Settings::from_sources`] on a blocking thread, with the rule files
    /// found from `root` upward (and the user's); `None` when a newer update
    /// started while this one was compiling.
    pub async fn read(
        &self,
        value: Value,
        root: Option<PathBuf>,
        lang: Lang,
    ) -> Option<(Settings, Vec<String>)> {
        let ticket = self.newest.fetch_add(1, Ordering::SeqCst) + 1;
        let read = tokio::task::spawn_blocking(move || {
            let sources = rules::Sources::find(root.as_deref());
            let read = sources.read();
            Settings::from_sources(&value, sources, &read, lang)
        })
        .await;
        if self.newest.load(Ordering::SeqCst) != ticket {
            tracing::debug!("settings update {ticket} overtaken by a newer one");
            return None;
        }
        Some(read.unwrap_or_else(|e| {
            let warning = match lang {
                Lang::Zh => format!("无法读取设置（{e}），已使用默认设置"),
                Lang::En => format!("settings could not be read ({e}); using the defaults"),
            };
            (Settings::default(), vec![warning])
        }))
    }
}

fn read_part<T: DeserializeOwned + Serialize + Default>(
    map: &serde_json::Map<String, Value>,
    key: &str,
    target: &mut T,
    lang: Lang,
    warnings: &mut Vec<String>,
) {
    let Some(value) = map.get(key) else { return };
    if value.is_null() {
        return;
    }
    *target = lenient::read(value, &format!("{SECTION}.{key}"), lang, warnings);
}

/// Keys of the section that only the editor extensions read: not the
/// server's, not a mistake.
const CLIENT_ONLY: &[&str] = &["languages", "server", "trace"];

/// A warning for every key of the section that names no part.
fn unknown_parts(map: &Map<String, Value>, lang: Lang, warnings: &mut Vec<String>) {
    let known = known_parts();
    for key in map.keys() {
        if !known.contains_key(key) && !CLIENT_ONLY.contains(&key.as_str()) {
            let path = format!("{SECTION}.{key}");
            warnings.push(lenient::unknown(&path, key, known.keys(), lang));
        }
    }
}

/// The parts of the section (`corpus`, `completion` …), as the defaults list them.
fn known_parts() -> Map<String, Value> {
    match serde_json::to_value(Settings::default()) {
        Ok(Value::Object(parts)) => parts,
        _ => Map::new(),
    }
}

/// `value` when it is a probability, else `default` with a warning.
fn probability(
    value: f64,
    setting: &str,
    default: f64,
    lang: Lang,
    warnings: &mut Vec<String>,
) -> f64 {
    if (0.0..=1.0).contains(&value) {
        return value;
    }
    warnings.push(match lang {
        Lang::Zh => format!("设置 {SECTION}.{setting} 应在 0 到 1 之间，而不是 {value}，已使用默认值 {default}"),
        Lang::En => format!(
            "setting `{SECTION}.{setting}` must be between 0 and 1, not {value}; using the default {default}"
        ),
    });
    default
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_section_or_wrapped_section() {
        let inner = json!({"corpus": {"builtin": false, "paths": ["a"]}});
        let (direct, w1) = Settings::from_json(&inner, Lang::En);
        let (wrapped, w2) = Settings::from_json(&json!({ "jianggao": inner }), Lang::En);
        assert!(w1.is_empty() && w2.is_empty());
        let json = |s: &Settings| serde_json::to_value(s).unwrap();
        assert_eq!(json(&direct), json(&wrapped));
        assert!(!direct.corpus.builtin);
        assert_eq!(direct.corpus.paths, ["a"]);
        assert_eq!(direct.completion, CompletionSettings::default());
    }

    #[test]
    fn only_the_users_own_paths_reach_outside_the_workspace() {
        let settings = CorpusSettings {
            paths: vec!["mine".into(), "theirs".into()],
            ..Default::default()
        };
        let root = Path::new("/ws");
        let spec = settings.spec(Some(root), &["mine".into()], &[root.to_path_buf()]);
        assert_eq!(spec.paths, [root.join("mine")]);
        assert_eq!(spec.workspace_paths, [root.join("theirs")]);
        assert_eq!(spec.workspace, [root]);
        let blank = CorpusSettings {
            paths: vec!["".into(), " ".into()],
            ..Default::default()
        };
        let spec = blank.spec(Some(root), &["".into()], &[root.to_path_buf()]);
        assert!(spec.paths.is_empty() && spec.workspace_paths.is_empty());
    }

    #[test]
    fn speech_settings_and_their_check() {
        let (s, warnings) = Settings::from_json(
            &json!({
                "speech": {"charsPerMinute": 200, "targetMinutes": 15}
            }),
            Lang::En,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(s.speech.check().chars_per_minute, 200.0);
        assert_eq!(s.speech.check().target_minutes, Some(15.0));
        let (s, warnings) =
            Settings::from_json(&json!({"speech": {"charsPerMinute": 0}}), Lang::En);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(s.speech, SpeechSettings::default());
    }

    #[test]
    fn an_empty_lua_table_is_no_settings() {
        for empty in [json!([]), json!({ "jianggao": [] }), json!(null)] {
            let (s, warnings) = Settings::from_json(&empty, Lang::Zh);
            assert!(warnings.is_empty(), "{empty}: {warnings:?}");
            assert_eq!(s.completion, CompletionSettings::default());
        }
        let (_, warnings) = Settings::from_json(&json!([1]), Lang::Zh);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn a_bad_part_falls_back_alone() {
        let (s, warnings) = Settings::from_json(
            &json!({
                "corpus": {"paths": 3},
                "completion": {"maxItems": 5}
            }),
            Lang::En,
        );
        assert_eq!(s.corpus, CorpusSettings::default());
        assert_eq!(s.completion.max_items, 5);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("jianggao.corpus"), "{warnings:?}");
    }
}
