//! The speaking-time check: a draft longer than its target (the settings'
//! `speech.targetMinutes`, or the draft's own) gets a warning on its title
//! saying by how many minutes it runs over.

use super::{Analysis, Check, Finding, Severity};
use crate::speech::{self, wording};

/// Warns when the draft takes longer to say than its target.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakingTime {
    /// Spoken characters a minute, unless the draft sets its own.
    pub chars_per_minute: f64,
    /// The target unless the draft sets its own; `None`: no target.
    pub target_minutes: Option<f64>,
}

impl Default for SpeakingTime {
    fn default() -> Self {
        SpeakingTime {
            chars_per_minute: speech::DEFAULT_CHARS_PER_MINUTE,
            target_minutes: None,
        }
    }
}

impl Check for SpeakingTime {
    fn find(&self, analysis: &Analysis, check: usize, out: &mut Vec<Finding>) {
        // No target set and none possible in the draft: nothing to count.
        if self.target_minutes.is_none() && !speech::directive::possible(analysis.text()) {
            return;
        }
        let speech = analysis.speech();
        let rate = speech.rate(self.chars_per_minute);
        let Some((_, target, _)) = speech.overrun(rate, speech.target(self.target_minutes)) else {
            return;
        };
        out.push(Finding {
            range: speech.title.clone().unwrap_or(0..0),
            code: speech::CODE,
            severity: Severity::Warning,
            message: wording::overrun(speech.total(), rate, target),
            check,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Checks;
    use crate::text::Syntax;
    use std::sync::Arc;

    fn findings(text: &str, check: SpeakingTime) -> Vec<Finding> {
        let checks = Arc::new(Checks::of(vec![Arc::new(check)]));
        Analysis::new(text.into(), Syntax::Markdown)
            .findings(&checks)
            .to_vec()
    }

    #[test]
    fn an_overrun_is_a_warning_on_the_title() {
        let text = "# 在大会上的讲话\n\n同志们：今天我们召开大会。\n";
        let over = SpeakingTime {
            chars_per_minute: 6.0,
            target_minutes: Some(2.0),
        };
        let found = findings(text, over.clone());
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "# 在大会上的讲话");
        assert_eq!(found[0].code, "speaking-time");
        // 7 + 11 characters at 6 a minute: 3 minutes, one over the target.
        assert!(
            found[0].message.contains("约 1 分钟"),
            "{}",
            found[0].message
        );
        let within = SpeakingTime {
            target_minutes: Some(3.0),
            ..over
        };
        assert!(findings(text, within).is_empty());
        assert!(findings(text, SpeakingTime::default()).is_empty());
    }

    #[test]
    fn the_draft_sets_its_own_target() {
        let text = "<!-- jianggao: targetMinutes=1 charsPerMinute=2 -->\n讲话\n正文\n";
        let found = findings(text, SpeakingTime::default());
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "讲话");
    }
}
