//! The office's lists compiled for matching: literal wordings in one
//! Aho-Corasick pass, regular expressions bounded as the placeholder
//! `extraPatterns` are (the file may come from a repository merely opened).

use super::file::regex_key;
use super::Lists;
use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexBuilder};
use std::ops::Range;

/// Most regular expressions used from the substitution table.
pub const MAX_REGEXES: usize = 64;
/// Longest regular expression, in characters.
pub const MAX_REGEX_CHARS: usize = 1000;
/// Size limit of one compiled regular expression (as for `extraPatterns`).
pub const REGEX_SIZE_LIMIT: usize = 512 << 10;

/// One match of the office's rules in a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHit {
    pub range: Range<usize>,
    pub rule: Rule,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// An old wording, with the preferred one for this very match.
    Substitution { preferred: String },
    /// A forbidden word, with the reason given (may be empty).
    Forbidden { reason: String },
}

/// Compiled lists, ready to run over drafts.
#[derive(Debug, Clone, Default)]
pub struct HouseRules {
    literal: Option<AhoCorasick>,
    /// (old, preferred) of each literal pattern, by pattern id.
    literal_pairs: Vec<(String, String)>,
    regexes: Vec<(Regex, String)>,
    forbidden: Option<AhoCorasick>,
    reasons: Vec<String>,
}

fn automaton(patterns: &[&str]) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
        .ok()
}

impl HouseRules {
    /// Compiles `lists`; returns a message (Chinese) for each entry left out.
    pub fn compile(lists: &Lists) -> (HouseRules, Vec<String>) {
        let mut rules = HouseRules::default();
        let mut problems = Vec::new();
        for entry in &lists.substitutions {
            if entry.value.is_empty() {
                problems.push(format!(
                    "{}：替换表中“{}”还没有规范说法，暂不检查",
                    entry.origin, entry.key
                ));
                continue;
            }
            let Some(pattern) = regex_key(&entry.key) else {
                rules
                    .literal_pairs
                    .push((entry.key.clone(), entry.value.clone()));
                continue;
            };
            if rules.regexes.len() >= MAX_REGEXES {
                problems.push(format!(
                    "{}：替换表最多用{MAX_REGEXES}个正则表达式，“{}”已忽略",
                    entry.origin, entry.key
                ));
            } else if pattern.chars().count() > MAX_REGEX_CHARS {
                problems.push(format!(
                    "{}：正则表达式超过{MAX_REGEX_CHARS}个字符，已忽略",
                    entry.origin
                ));
            } else {
                match RegexBuilder::new(pattern)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .dfa_size_limit(REGEX_SIZE_LIMIT)
                    .build()
                {
                    Ok(regex) => rules.regexes.push((regex, entry.value.clone())),
                    Err(e) => problems.push(format!(
                        "{}：“{}”不是有效的正则表达式（{e}），已忽略",
                        entry.origin, entry.key
                    )),
                }
            }
        }
        let olds: Vec<&str> = rules
            .literal_pairs
            .iter()
            .map(|(o, _)| o.as_str())
            .collect();
        rules.literal = automaton(&olds);
        let words: Vec<&str> = lists.forbidden.iter().map(|e| e.key.as_str()).collect();
        rules.forbidden = automaton(&words);
        rules.reasons = lists.forbidden.iter().map(|e| e.value.clone()).collect();
        (rules, problems)
    }

    pub fn is_empty(&self) -> bool {
        self.literal.is_none() && self.regexes.is_empty() && self.forbidden.is_none()
    }

    /// Old wordings in `text`, with their preferred wordings. A match that
    /// is already part of its preferred wording (党中央 inside
    /// 以习近平同志为核心的党中央) is not one.
    pub fn substitutions(&self, text: &str) -> Vec<RuleHit> {
        let mut hits = Vec::new();
        if let Some(ac) = &self.literal {
            for m in ac.find_iter(text) {
                let (old, preferred) = &self.literal_pairs[m.pattern().as_usize()];
                if !within_preferred(text, m.start(), old, preferred) {
                    hits.push(RuleHit {
                        range: m.range(),
                        rule: Rule::Substitution {
                            preferred: preferred.clone(),
                        },
                    });
                }
            }
        }
        for (regex, replacement) in &self.regexes {
            for caps in regex.captures_iter(text) {
                let whole = caps.get(0).expect("group 0");
                if whole.is_empty() {
                    continue;
                }
                let mut preferred = String::new();
                caps.expand(replacement, &mut preferred);
                if preferred != whole.as_str() {
                    hits.push(RuleHit {
                        range: whole.range(),
                        rule: Rule::Substitution { preferred },
                    });
                }
            }
        }
        hits
    }

    /// Forbidden words in `text`.
    pub fn forbidden(&self, text: &str) -> Vec<RuleHit> {
        let Some(ac) = &self.forbidden else {
            return Vec::new();
        };
        ac.find_iter(text)
            .map(|m| RuleHit {
                range: m.range(),
                rule: Rule::Forbidden {
                    reason: self.reasons[m.pattern().as_usize()].clone(),
                },
            })
            .collect()
    }
}

/// Whether the `old` wording at `start` is inside an occurrence of `preferred`.
fn within_preferred(text: &str, start: usize, old: &str, preferred: &str) -> bool {
    preferred.match_indices(old).any(|(k, _)| {
        start
            .checked_sub(k)
            .and_then(|from| text.get(from..from + preferred.len()))
            == Some(preferred)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ListEntry;

    fn entry(key: &str, value: &str) -> ListEntry {
        ListEntry {
            key: key.into(),
            value: value.into(),
            origin: "jianggao.toml 第1行".into(),
        }
    }

    #[test]
    fn the_preferred_wording_itself_is_not_reported() {
        let lists = Lists {
            substitutions: vec![entry("党中央", "以习近平同志为核心的党中央")],
            ..Default::default()
        };
        let (rules, problems) = HouseRules::compile(&lists);
        assert!(problems.is_empty());
        let text = "在以习近平同志为核心的党中央坚强领导下，党中央决定";
        let hits = rules.substitutions(text);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].range.clone()], "党中央");
        assert!(hits[0].range.start > text.find('，').unwrap());
    }

    #[test]
    fn regex_replacements_expand_their_groups() {
        let lists = Lists {
            substitutions: vec![entry("/(\\d+)个亿/", "${1}亿元"), entry("/[/", "x")],
            ..Default::default()
        };
        let (rules, problems) = HouseRules::compile(&lists);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let hits = rules.substitutions("投资30个亿");
        assert_eq!(
            hits[0].rule,
            Rule::Substitution {
                preferred: "30亿元".into()
            }
        );
    }
}
