//! The language of what jianggao says to the writer: Chinese by default,
//! English for clients and terminals that ask for it.

/// A language jianggao speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文, the default: jianggao's writers are Chinese.
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The language for a BCP 47 tag or POSIX locale (`en-US`, `en_GB.UTF-8`,
    /// `zh-CN`): English when it starts with `en`, otherwise Chinese.
    pub fn from_tag(tag: &str) -> Lang {
        let tag = tag.trim();
        let primary = tag.split(['-', '_', '.', '@']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// The language of the terminal: the first of `LC_ALL`, `LC_MESSAGES` and
    /// `LANG` that is set and not empty (as POSIX orders them). `C`/`POSIX`
    /// or nothing set means English, since such a terminal may not show
    /// Chinese; any other locale not starting with `en` means Chinese only
    /// when it is a Chinese locale (`zh…`).
    pub fn from_env() -> Lang {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|v| !v.trim().is_empty());
        Lang::from_posix(value.as_deref())
    }

    fn from_posix(value: Option<&str>) -> Lang {
        match value {
            Some(v) if v.trim().to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        for (tag, lang) in [
            ("en", Lang::En),
            ("en-US", Lang::En),
            ("EN_gb.UTF-8", Lang::En),
            ("zh-CN", Lang::Zh),
            ("zh-tw", Lang::Zh),
            ("de", Lang::Zh),
            ("", Lang::Zh),
        ] {
            assert_eq!(Lang::from_tag(tag), lang, "{tag}");
        }
    }

    #[test]
    fn posix_locales() {
        assert_eq!(Lang::from_posix(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_posix(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_posix(Some("C.UTF-8")), Lang::En);
        assert_eq!(Lang::from_posix(None), Lang::En);
    }
}
