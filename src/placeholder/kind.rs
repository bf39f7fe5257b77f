//! What a placeholder stands for, its stable code, its default severity and
//! the Chinese message that says what to fill in.

use crate::locale::Lang;
use std::fmt;

/// The kind of an unfilled placeholder. [`Kind::code`] is stable: settings,
/// `jianggao check` output and LSP diagnostic codes use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A year: 20xx, 201x, 20__, 20xx-20xx, 二〇××, and broken years: 201年,
    /// 20*年, 二〇×年, 19X年.
    Year,
    /// A name of a person, place or organisation: XX市, XX同志, 某某, ××.
    Name,
    /// A number or amount: X亿元, 增长X%, X个.
    Number,
    /// The number of a congress or session: xx届, X届X次, 第x六次.
    Session,
    /// A blank to write on: ____, ＿＿, □, 在_县, and the bare space of 约 万名.
    Blank,
    /// Text hidden behind asterisks: \*公司, *矿长, 第*届*次.
    Redaction,
    /// Empty quotes or brackets: “”, 【】, （）.
    Missing,
    /// A match of one of the user's extra patterns.
    Custom,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Year,
        Kind::Name,
        Kind::Number,
        Kind::Session,
        Kind::Blank,
        Kind::Redaction,
        Kind::Missing,
        Kind::Custom,
    ];

    /// The stable code (`year`, `name`, …).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Year => "year",
            Kind::Name => "name",
            Kind::Number => "number",
            Kind::Session => "session",
            Kind::Blank => "blank",
            Kind::Redaction => "redaction",
            Kind::Missing => "missing",
            Kind::Custom => "custom",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.code().eq_ignore_ascii_case(code.trim()))
    }

    /// Index into per-kind tables.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Severity unless the settings say otherwise: everything left to fill is
    /// a warning; empty quotes and brackets are only information, since the
    /// author may have meant them.
    pub fn default_severity(self) -> Severity {
        match self {
            Kind::Missing => Severity::Information,
            _ => Severity::Warning,
        }
    }

    /// The message for a placeholder of this kind whose text is `text`.
    /// What the writer is to put in place of a placeholder of this kind
    /// (shown on hover).
    pub fn what_to_fill(self) -> &'static str {
        match self {
            Kind::Year => "填写具体年份，如 2026年；快速修复可填为今年、去年或明年。",
            Kind::Name => "填写真实的人名、地名或单位全称，如“张明同志”“杭州市总工会”。",
            Kind::Number => "填写核实过的具体数字或金额，单位与前后文一致。",
            Kind::Session => "填写会议的届次或次数，如“十四届”“第三次”。",
            Kind::Blank => "在空白处填写所缺的内容（常是数字、名称或日期），再删去下划线或方框。",
            Kind::Redaction => "星号遮住了原文：换成真实的名称、数字或届次。",
            Kind::Missing => "引号或括号里是空的：补上其中的内容，或删去这对符号。",
            Kind::Custom => "这里匹配了设置 placeholders.extraPatterns 中的占位符：换成实际内容。",
        }
    }

    pub fn message(self, text: &str) -> String {
        match self {
            Kind::Year => format!("未填写的年份“{text}”"),
            Kind::Name => format!("未填写的名称“{text}”（人名、地名或单位名）"),
            Kind::Number => format!("未填写的数字“{text}”"),
            Kind::Session => format!("未填写的届次“{text}”"),
            Kind::Blank if text.chars().all(char::is_whitespace) => {
                format!("未填写的空白“{text}”（空格处缺少数字）")
            }
            Kind::Blank => format!("未填写的空白“{text}”"),
            Kind::Redaction => format!("被星号隐去的文字“{text}”，请补全"),
            Kind::Missing => format!("缺少内容：{}是空的", missing_what(text)),
            Kind::Custom => format!("未填写的内容“{text}”"),
        }
    }
}

/// Names the empty pair: 引号“”, 书名号《》, 括号【】.
fn missing_what(text: &str) -> String {
    let name = match text.chars().next() {
        Some('“' | '‘' | '"' | '「' | '『') => "引号",
        Some('《') => "书名号",
        _ => "括号",
    };
    format!("{name}{text}")
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How loudly a placeholder is reported (the LSP layer maps it to
/// `DiagnosticSeverity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    /// Reads `error`, `warning`, `information` (or `info`), `hint`.
    pub fn parse(name: &str) -> Option<Severity> {
        match name.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// The warning for a severity that `setting` gives and [`Severity::parse`]
/// does not know (the setting's default is used instead).
pub fn unknown_severity(setting: &str, name: &str, lang: Lang) -> String {
    let name = crate::text::clip(name, 40);
    match lang {
        Lang::Zh => format!(
            "{setting}：没有“{name}”这种级别（可用：error、warning、information、hint），已按默认处理"
        ),
        Lang::En => format!(
            "{setting}: unknown severity `{name}` (error, warning, information, hint); using the default"
        ),
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(Kind::from_code("nope"), None);
    }

    #[test]
    fn messages_name_the_placeholder() {
        assert_eq!(Kind::Year.message("20xx"), "未填写的年份“20xx”");
        assert_eq!(Kind::Missing.message("【】"), "缺少内容：括号【】是空的");
        assert_eq!(Kind::Missing.message("“”"), "缺少内容：引号“”是空的");
        assert_eq!(Kind::Blank.message("_"), "未填写的空白“_”");
        assert_eq!(
            Kind::Blank.message(" "),
            "未填写的空白“ ”（空格处缺少数字）"
        );
    }
}
