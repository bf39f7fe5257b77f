//! What the user can tune: severity per kind, kinds switched off, extra
//! patterns (regular expressions) and words to ignore.
//!
//! [`Config`] is the raw form (serde, camelCase, as in the editor's settings
//! under `jianggao.placeholders`); [`Options`] is the compiled form. Compiling
//! never fails: a bad part is left out with a message, the rest applies.

use super::kind::{Kind, Severity};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Placeholder settings as written by the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Config {
    /// Report placeholders at all.
    pub enable: bool,
    /// Severity per kind code: `error`, `warning`, `information`, `hint`.
    pub severity: BTreeMap<String, String>,
    /// Kind codes not to report.
    pub disabled: Vec<String>,
    /// More placeholders: regular expressions, or `{pattern, kind, message}`.
    pub extra_patterns: Vec<PatternConfig>,
    /// Text that is never a placeholder, e.g. `X5` in 宝马X5.
    pub ignore_words: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            enable: true,
            severity: BTreeMap::new(),
            disabled: Vec::new(),
            extra_patterns: Vec::new(),
            ignore_words: Vec::new(),
        }
    }
}

/// One extra pattern: a bare regular expression (reported as kind `custom`),
/// or one with the kind to report it as and its own message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PatternConfig {
    Regex(String),
    Full {
        pattern: String,
        #[serde(default)]
        kind: Option<String>,
        #[serde(default)]
        message: Option<String>,
    },
}

/// A compiled extra pattern.
#[derive(Debug, Clone)]
pub struct ExtraPattern {
    pub regex: Regex,
    pub kind: Kind,
    pub message: Option<String>,
}

/// Compiled settings, ready for [`super::check`].
#[derive(Debug, Clone)]
pub struct Options {
    severity: [Severity; Kind::ALL.len()],
    enabled: [bool; Kind::ALL.len()],
    pub extra: Vec<ExtraPattern>,
    pub ignore_words: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            severity: Kind::ALL.map(Kind::default_severity),
            enabled: [true; Kind::ALL.len()],
            extra: Vec::new(),
            ignore_words: Vec::new(),
        }
    }
}

impl Options {
    /// Compiles `config`; returns the options and a message for every part
    /// that had to be left out (an unknown kind, a bad regular expression …).
    pub fn compile(config: &Config) -> (Options, Vec<String>) {
        let mut options = Options::default();
        let mut problems = Vec::new();
        let setting = "jianggao.placeholders";
        if !config.enable {
            options.enabled = [false; Kind::ALL.len()];
        }
        for (code, name) in &config.severity {
            match (Kind::from_code(code), Severity::parse(name)) {
                (Some(kind), Some(severity)) => options.severity[kind.index()] = severity,
                (None, _) => problems.push(format!("{setting}.severity: unknown kind `{code}` ({})", kinds())),
                (_, None) => problems.push(format!(
                    "{setting}.severity.{code}: unknown severity `{name}` (error, warning, information, hint)"
                )),
            }
        }
        for code in &config.disabled {
            match Kind::from_code(code) {
                Some(kind) => options.enabled[kind.index()] = false,
                None => problems.push(format!(
                    "{setting}.disabled: unknown kind `{code}` ({})",
                    kinds()
                )),
            }
        }
        for pattern in &config.extra_patterns {
            let (source, kind, message) = match pattern {
                PatternConfig::Regex(p) => (p, None, None),
                PatternConfig::Full {
                    pattern,
                    kind,
                    message,
                } => (pattern, kind.as_deref(), message.clone()),
            };
            let kind = match kind.map(|k| (k, Kind::from_code(k))) {
                None => Kind::Custom,
                Some((_, Some(kind))) => kind,
                Some((code, None)) => {
                    problems.push(format!(
                        "{setting}.extraPatterns: unknown kind `{code}` for `{source}`; reported as `custom`"
                    ));
                    Kind::Custom
                }
            };
            match Regex::new(source) {
                Ok(regex) => options.extra.push(ExtraPattern { regex, kind, message }),
                Err(e) => problems.push(format!(
                    "{setting}.extraPatterns: `{source}` is not a valid regular expression ({}); ignored",
                    e.to_string().lines().last().unwrap_or_default().trim()
                )),
            }
        }
        options.ignore_words = config
            .ignore_words
            .iter()
            .filter(|w| !w.is_empty())
            .cloned()
            .collect();
        (options, problems)
    }

    pub fn severity(&self, kind: Kind) -> Severity {
        self.severity[kind.index()]
    }

    pub fn set_severity(&mut self, kind: Kind, severity: Severity) {
        self.severity[kind.index()] = severity;
    }

    pub fn is_enabled(&self, kind: Kind) -> bool {
        self.enabled[kind.index()]
    }

    pub fn set_enabled(&mut self, kind: Kind, enabled: bool) {
        self.enabled[kind.index()] = enabled;
    }
}

fn kinds() -> String {
    Kind::ALL.map(Kind::code).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bad_parts_are_left_out_with_a_message() {
        let config: Config = serde_json::from_value(json!({
            "severity": {"year": "error", "nope": "hint", "name": "loud"},
            "disabled": ["missing", "what"],
            "extraPatterns": ["待定", "([", {"pattern": "TBD", "kind": "name"}],
            "ignoreWords": ["X5", ""]
        }))
        .unwrap();
        let (options, problems) = Options::compile(&config);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(options.severity(Kind::Year), Severity::Error);
        assert_eq!(options.severity(Kind::Name), Severity::Warning);
        assert!(!options.is_enabled(Kind::Missing) && options.is_enabled(Kind::Year));
        assert_eq!(options.extra.len(), 2);
        assert_eq!(options.extra[1].kind, Kind::Name);
        assert_eq!(options.ignore_words, ["X5"]);
    }
}
