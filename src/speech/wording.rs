//! Minutes and lengths in the words the writer reads: `约 4 分钟 · 880 字`.

use super::minutes;

/// Minutes for reading: one decimal under ten (`5.5`, `0.3`; `4`, not `4.0`),
/// whole minutes from ten on.
pub fn minutes_text(m: f64) -> String {
    if m >= 10.0 {
        return format!("{}", m.round());
    }
    let tenths = (m * 10.0).round();
    if tenths % 10.0 == 0.0 {
        format!("{}", tenths / 10.0)
    } else {
        format!("{:.1}", tenths / 10.0)
    }
}

/// A rate: whole characters when it is whole (`160`), else one decimal.
pub fn rate_text(rate: f64) -> String {
    if rate.fract() == 0.0 {
        format!("{rate}")
    } else {
        format!("{rate:.1}")
    }
}

/// `约 4 分钟 · 880 字`: the speaking time and spoken length of `chars`.
pub fn about(chars: usize, rate: f64) -> String {
    format!(
        "约 {} 分钟 · {chars} 字",
        minutes_text(minutes(chars, rate))
    )
}

/// `全文约 18 分钟 · 2880 字`, and `（目标 15 分钟）` when there is a target.
pub fn whole(chars: usize, rate: f64, target: Option<f64>) -> String {
    let target = target.map_or(String::new(), |t| {
        format!("（目标 {} 分钟）", minutes_text(t))
    });
    format!("全文{}{target}", about(chars, rate))
}

/// How the estimate is made, for a tooltip.
pub fn basis(rate: f64) -> String {
    format!(
        "按每分钟 {} 字估计；标点、空格、标题序号和 Markdown 标记不计",
        rate_text(rate)
    )
}

/// The message of an overrun: the estimate, the target and the excess.
pub fn overrun(chars: usize, rate: f64, target: f64) -> String {
    // The excess of the estimate as shown (to a tenth), so that the figures
    // add up; never "超出约 0 分钟".
    let shown = (minutes(chars, rate) * 10.0).round() / 10.0;
    let excess = (shown - target).max(0.1);
    format!(
        "预计讲话约 {} 分钟，超出目标时长 {} 分钟约 {} 分钟（全文 {chars} 字，按每分钟 {} 字计）",
        minutes_text(minutes(chars, rate)),
        minutes_text(target),
        minutes_text(excess),
        rate_text(rate)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_read_naturally() {
        assert_eq!(minutes_text(4.0), "4");
        assert_eq!(minutes_text(5.54), "5.5");
        assert_eq!(minutes_text(0.04), "0");
        assert_eq!(minutes_text(9.96), "10");
        assert_eq!(minutes_text(17.5), "18");
        assert_eq!(about(880, 220.0), "约 4 分钟 · 880 字");
        assert_eq!(rate_text(160.0), "160");
        assert_eq!(rate_text(172.5), "172.5");
        assert_eq!(
            whole(2880, 160.0, Some(15.0)),
            "全文约 18 分钟 · 2880 字（目标 15 分钟）"
        );
    }

    #[test]
    fn an_overrun_says_by_how_much() {
        assert_eq!(
            overrun(2880, 160.0, 15.0),
            "预计讲话约 18 分钟，超出目标时长 15 分钟约 3 分钟（全文 2880 字，按每分钟 160 字计）"
        );
        assert!(overrun(2401, 160.0, 15.0).contains("约 0.1 分钟"));
        // 3.05 minutes shows as 3.1: 1.1 over 2, not 1.
        assert!(overrun(488, 160.0, 2.0).contains("约 3.1 分钟，超出目标时长 2 分钟约 1.1 分钟"));
    }
}
