//! What the user can tune: severity per kind, kinds switched off, extra
//! patterns (regular expressions) and words to ignore.
//!
//! [`Config`] is the raw form (serde, camelCase, as in the editor's settings
//! under `jianggao.placeholders`); [`Options`] is the compiled form. Compiling
//! never fails: a bad part is left out with a message, the rest applies.
//!
//! Extra patterns come from settings a workspace may set, so what they may
//! cost is bounded: [`MAX_EXTRA_PATTERNS`] patterns of [`MAX_PATTERN_CHARS`]
//! characters, each compiled within [`PATTERN_SIZE_LIMIT`]. Unbounded, 300
//! patterns like `(?i)\w{50,80}` took 1.4 GB.

use super::kind::{unknown_severity, Kind, Severity};
use crate::locale::Lang;
use regex::{Regex, RegexBuilder};
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

/// Most extra patterns used; the ones after are left out with a message.
pub const MAX_EXTRA_PATTERNS: usize = 64;
/// Longest extra pattern, in characters; a longer one is left out.
pub const MAX_PATTERN_CHARS: usize = 1000;
/// Longest message of an extra pattern, in characters; a longer one is cut.
pub const MAX_MESSAGE_CHARS: usize = 200;
/// Limit of one compiled pattern and of its lazy DFA's cache, in bytes
/// (`regex`'s `size_limit` and `dfa_size_limit`; their defaults are 10 MiB
/// and 2 MiB). `\w{1,10}` fits; `\w{50,80}` does not.
pub const PATTERN_SIZE_LIMIT: usize = 512 << 10;
/// Characters of a pattern quoted in a message.
const QUOTED_CHARS: usize = 80;

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
    pub fn compile(config: &Config, lang: Lang) -> (Options, Vec<String>) {
        let mut options = Options::default();
        let mut problems = Vec::new();
        let setting = "jianggao.placeholders";
        if !config.enable {
            options.enabled = [false; Kind::ALL.len()];
        }
        for (code, name) in &config.severity {
            match (Kind::from_code(code), Severity::parse(name)) {
                (Some(kind), Some(severity)) => options.severity[kind.index()] = severity,
                (None, _) => {
                    problems.push(unknown_kind(&format!("{setting}.severity"), code, lang))
                }
                (_, None) => problems.push(unknown_severity(
                    &format!("{setting}.severity.{}", quote(code)),
                    name,
                    lang,
                )),
            }
        }
        for code in &config.disabled {
            match Kind::from_code(code) {
                Some(kind) => options.enabled[kind.index()] = false,
                None => problems.push(unknown_kind(&format!("{setting}.disabled"), code, lang)),
            }
        }
        if config.extra_patterns.len() > MAX_EXTRA_PATTERNS {
            let (all, left) = (
                config.extra_patterns.len(),
                config.extra_patterns.len() - MAX_EXTRA_PATTERNS,
            );
            problems.push(match lang {
                Lang::Zh => format!(
                    "{setting}.extraPatterns：共 {all} 个模式，最多使用 {MAX_EXTRA_PATTERNS} 个，后 {left} 个已忽略"
                ),
                Lang::En => format!(
                    "{setting}.extraPatterns: {all} patterns, at most {MAX_EXTRA_PATTERNS} are used; the last {left} are ignored"
                ),
            });
        }
        for pattern in config.extra_patterns.iter().take(MAX_EXTRA_PATTERNS) {
            match ExtraPattern::compile(pattern, lang) {
                Ok((extra, mut notes)) => {
                    options.extra.push(extra);
                    problems.append(&mut notes);
                }
                Err(problem) => problems.push(problem),
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

    pub fn is_enabled(&self, kind: Kind) -> bool {
        self.enabled[kind.index()]
    }
}

impl ExtraPattern {
    /// Compiles one pattern within the limits; returns it with messages about
    /// what was adjusted, or the message saying why it is left out.
    fn compile(pattern: &PatternConfig, lang: Lang) -> Result<(ExtraPattern, Vec<String>), String> {
        let setting = "jianggao.placeholders.extraPatterns";
        let (source, kind, message) = match pattern {
            PatternConfig::Regex(p) => (p, None, None),
            PatternConfig::Full {
                pattern,
                kind,
                message,
            } => (pattern, kind.as_deref(), message.as_deref()),
        };
        let quoted = quote(source);
        let length = source.chars().count();
        if length > MAX_PATTERN_CHARS {
            return Err(match lang {
                Lang::Zh => format!(
                    "{setting}：“{quoted}”有 {length} 个字符，超过 {MAX_PATTERN_CHARS} 个，已忽略"
                ),
                Lang::En => format!(
                    "{setting}: `{quoted}` has {length} characters, more than {MAX_PATTERN_CHARS}; ignored"
                ),
            });
        }
        let mut notes = Vec::new();
        let kind = match kind.map(|k| (k, Kind::from_code(k))) {
            None => Kind::Custom,
            Some((_, Some(kind))) => kind,
            Some((code, None)) => {
                notes.push(match lang {
                    Lang::Zh => format!(
                        "{setting}：“{quoted}”的类别“{}”不存在（可用：{}），按 custom 报告",
                        quote(code),
                        kinds()
                    ),
                    Lang::En => format!(
                        "{setting}: unknown kind `{}` for `{quoted}`; reported as `custom`",
                        quote(code)
                    ),
                });
                Kind::Custom
            }
        };
        let message = message.map(|m| match m.char_indices().nth(MAX_MESSAGE_CHARS) {
            Some((end, _)) => {
                notes.push(match lang {
                    Lang::Zh => format!(
                        "{setting}：“{quoted}”的提示语截为 {MAX_MESSAGE_CHARS} 个字符"
                    ),
                    Lang::En => format!(
                        "{setting}: the message for `{quoted}` is cut to {MAX_MESSAGE_CHARS} characters"
                    ),
                });
                m[..end].to_string()
            }
            None => m.to_string(),
        });
        let regex = RegexBuilder::new(source)
            .size_limit(PATTERN_SIZE_LIMIT)
            .dfa_size_limit(PATTERN_SIZE_LIMIT)
            .build()
            .map_err(|e| match e {
                regex::Error::CompiledTooBig(limit) => match lang {
                    Lang::Zh => format!(
                        "{setting}：“{quoted}”编译后过大（超过 {} KiB），已忽略",
                        limit >> 10
                    ),
                    Lang::En => format!(
                        "{setting}: `{quoted}` is too large once compiled (over {} KiB); ignored",
                        limit >> 10
                    ),
                },
                // The last line of a syntax error says what is wrong; the
                // lines before it repeat the pattern.
                e => {
                    let why = e.to_string();
                    let why = why.lines().last().unwrap_or_default().trim();
                    match lang {
                        Lang::Zh => format!(
                            "{setting}：“{quoted}”不是有效的正则表达式（{why}），已忽略"
                        ),
                        Lang::En => format!(
                            "{setting}: `{quoted}` is not a valid regular expression ({why}); ignored"
                        ),
                    }
                }
            })?;
        Ok((
            ExtraPattern {
                regex,
                kind,
                message,
            },
            notes,
        ))
    }
}

/// `text` for a message: at most [`QUOTED_CHARS`] characters, then `…`.
fn quote(text: &str) -> String {
    crate::text::clip(text, QUOTED_CHARS)
}

fn kinds() -> String {
    Kind::ALL.map(Kind::code).join(", ")
}

/// The warning for a kind of placeholder that `setting` names and no kind
/// has as its code.
fn unknown_kind(setting: &str, code: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{setting}：没有“{}”这种占位符（可用：{}），已忽略",
            quote(code),
            kinds()
        ),
        Lang::En => format!("{setting}: unknown kind `{}` ({})", quote(code), kinds()),
    }
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
        let (options, problems) = Options::compile(&config, Lang::En);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(options.severity(Kind::Year), Severity::Error);
        assert_eq!(options.severity(Kind::Name), Severity::Warning);
        assert!(!options.is_enabled(Kind::Missing) && options.is_enabled(Kind::Year));
        assert_eq!(options.extra.len(), 2);
        assert_eq!(options.extra[1].kind, Kind::Name);
        assert_eq!(options.ignore_words, ["X5"]);
    }

    fn compile(patterns: serde_json::Value) -> (Options, Vec<String>) {
        let config: Config = serde_json::from_value(json!({ "extraPatterns": patterns })).unwrap();
        Options::compile(&config, Lang::En)
    }

    #[test]
    fn patterns_past_the_limit_are_left_out_with_one_message() {
        let patterns: Vec<String> = (0..MAX_EXTRA_PATTERNS + 6)
            .map(|i| format!("待定{i}"))
            .collect();
        let (options, problems) = compile(json!(patterns));
        assert_eq!(options.extra.len(), MAX_EXTRA_PATTERNS);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("the last 6 are ignored"),
            "{problems:?}"
        );
    }

    #[test]
    fn messages_quote_at_most_80_characters_of_a_pattern() {
        let long = "某".repeat(1_000_000);
        let invalid = format!("({}", "甲".repeat(MAX_PATTERN_CHARS - 1));
        let huge = "(?i)\\w{50,80}";
        let (options, problems) = compile(json!([
            long,
            invalid,
            huge,
            { "pattern": "乙".repeat(500), "kind": "丙".repeat(500) },
        ]));
        assert_eq!(options.extra.len(), 1, "{problems:?}");
        assert_eq!(problems.len(), 4, "{problems:?}");
        for problem in &problems {
            let quoted = problem.split('`').nth(1).unwrap();
            assert!(quoted.chars().count() <= QUOTED_CHARS + 1, "{problem}");
            assert!(problem.chars().count() < 300, "{problem}");
        }
        assert!(
            problems[0].contains("1000000 characters"),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].contains("not a valid regular expression"),
            "{}",
            problems[1]
        );
        assert!(problems[2].contains("too large"), "{}", problems[2]);
        assert!(problems[3].contains("unknown kind"), "{}", problems[3]);
    }

    #[test]
    fn a_long_message_is_cut() {
        let (options, problems) =
            compile(json!([{ "pattern": "待定", "message": "请".repeat(5000) }]));
        assert_eq!(problems.len(), 1, "{problems:?}");
        let message = options.extra[0].message.as_deref().unwrap();
        assert_eq!(message.chars().count(), MAX_MESSAGE_CHARS);
    }

    #[test]
    fn patterns_of_ordinary_size_compile() {
        let (options, problems) = compile(json!(["\\w{1,10}", "（此处填写.{1,30}）", "\\p{Han}"]));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(options.extra.len(), 3);
    }
}
