//! What a suggestion says about itself, in the writer's language: the
//! short note beside it in a menu, the longer line above its example, and
//! where the example comes from. The editor integration and the CLI show
//! the same words.

use super::{Example, Origin, Suggestion};
use crate::locale::Lang;

/// The words shown with one suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// Beside the item in a menu: `46 次 · 3 篇`.
    pub short: String,
    /// On its own line: `出现 46 次，见于 3 篇模板`.
    pub long: String,
}

impl Suggestion {
    /// How often and where the phrase occurs, in `lang`.
    pub fn describe(&self, lang: Lang) -> Description {
        let (count, templates) = (self.count, self.templates);
        match (self.origin, count, lang) {
            (Origin::Drafts, 0, _) => Description {
                short: lang.pick("你的文稿", "your drafts").to_string(),
                long: lang
                    .pick(
                        "只见于你打开的其他文稿，模板中没有",
                        "Only in your other open drafts, not in the templates",
                    )
                    .to_string(),
            },
            (Origin::Drafts, _, Lang::Zh) => Description {
                short: format!("你的文稿 · {count} 次"),
                long: format!(
                    "只见于你自己的文稿（出现 {count} 次，见于 {templates} 篇），模板中没有"
                ),
            },
            (Origin::Drafts, _, Lang::En) => Description {
                short: format!("your drafts · {count}×"),
                long: format!(
                    "Only in your own drafts ({} in {}), not in the templates",
                    plural(count, "occurrence"),
                    plural(templates, "draft")
                ),
            },
            (Origin::Draft, _, _) | (_, 0, _) => Description {
                short: lang.pick("本稿", "this draft").to_string(),
                long: lang
                    .pick("本稿前文用过的说法", "Used earlier in this draft")
                    .to_string(),
            },
            (_, _, Lang::Zh) => Description {
                short: format!("{count} 次 · {templates} 篇"),
                long: format!("出现 {count} 次，见于 {templates} 篇模板"),
            },
            (_, _, Lang::En) => Description {
                short: format!("{count}× · {}", plural(templates, "template")),
                long: format!(
                    "{} in {}",
                    plural(count, "occurrence"),
                    plural(templates, "template")
                ),
            },
        }
    }
}

impl Example {
    /// Where the example is: `模板.txt 第 12 行` / `模板.txt, line 12`.
    pub fn location(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{} 第 {} 行", self.source, self.line),
            Lang::En => format!("{}, line {}", self.source, self.line),
        }
    }
}

/// `1 template`, `3 templates`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phrases::Evidence;

    fn suggestion(count: usize, templates: usize, origin: Origin) -> Suggestion {
        Suggestion {
            continuation: "依靠工人阶级".into(),
            phrase: "全心全意依靠工人阶级".into(),
            typed_len: "全心全意".len(),
            count,
            templates,
            score: 1.0,
            confidence: 0.5,
            evidence: Evidence::default(),
            origin,
            example: None,
        }
    }

    #[test]
    fn chinese_by_default_english_on_request() {
        let s = suggestion(46, 3, Origin::Corpus);
        assert_eq!(s.describe(Lang::Zh).long, "出现 46 次，见于 3 篇模板");
        assert_eq!(s.describe(Lang::Zh).short, "46 次 · 3 篇");
        assert_eq!(s.describe(Lang::En).long, "46 occurrences in 3 templates");
        assert_eq!(s.describe(Lang::En).short, "46× · 3 templates");
    }

    #[test]
    fn english_singular() {
        let s = suggestion(1, 1, Origin::Corpus);
        assert_eq!(s.describe(Lang::En).long, "1 occurrence in 1 template");
        assert_eq!(s.describe(Lang::En).short, "1× · 1 template");
    }

    #[test]
    fn a_phrase_of_the_writers_drafts_says_so() {
        let s = suggestion(3, 2, Origin::Drafts);
        assert_eq!(
            s.describe(Lang::Zh).long,
            "只见于你自己的文稿（出现 3 次，见于 2 篇），模板中没有"
        );
        assert_eq!(s.describe(Lang::Zh).short, "你的文稿 · 3 次");
        assert_eq!(
            s.describe(Lang::En).long,
            "Only in your own drafts (3 occurrences in 2 drafts), not in the templates"
        );
        let open_only = suggestion(0, 0, Origin::Drafts);
        assert_eq!(open_only.describe(Lang::Zh).short, "你的文稿");
    }

    #[test]
    fn a_phrase_of_the_draft() {
        let s = suggestion(0, 0, Origin::Draft);
        assert_eq!(s.describe(Lang::Zh).long, "本稿前文用过的说法");
        assert_eq!(s.describe(Lang::En).long, "Used earlier in this draft");
    }
}
