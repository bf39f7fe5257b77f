//! A bare space left where a number was deleted from Chinese prose: 约 万名职工,
//! 已有 年历史, 共 人参加, 增长 %. Only a space between a Han character and a
//! unit or measure word counts — not spaces in Latin text, around numbers, in
//! Markdown tables, in spaced-out titles (工 作 总 结), between a heading
//! number and its text, or a stray space before a word that merely begins
//! with a unit character (工会 人员, 今年 年底).

use super::traps::{is_cn_numeral, is_space};
use crate::text::is_han;
use crate::text::script::to_simplified;

/// Units and measure words that follow a number (simplified script). Not 周
/// or 项: common surnames, as in the byline 省长 周明远.
const UNITS: &str = "万亿名人个家次年元件户所条位场天倍吨亩辆台套座批届岁篇期轮%％";

/// Magnitudes: a missing number before 万 or 亿 leaves them before a unit
/// (约 万名, 投入 亿元), not before a word (万企出海, 万众一心).
const MAGNITUDES: &str = "万亿";

/// What may follow a magnitude: a unit, or 余/多/以 (近 万余人, 达 万以上).
const AFTER_MAGNITUDE: &str = "名人个家项次年元件户所条位场天倍吨亩辆台套座批余多以平公千米";

/// Words that begin with a unit character but are not a unit: a space before
/// them is a stray space (各级 人员, 近 年来), not a deleted number.
const UNIT_WORDS: &[&str] = &[
    "人民", "人才", "人员", "人们", "人口", "人大", "人事", "人社", "人心", "人均", "人文", "人性",
    "人身", "人生", "人格", "人力", "人类", "人物", "人间", "人家", "人工", "人行", "人居", "人气",
    "人情", "人权", "人选", "人士", "人群", "人体", "人手", "人品", "人防", "人寿", "人武", "人为",
    "人本", "人和", "人际", "人道", "人造", "人脉", "人世", "名单", "名称", "名义", "名牌", "名片",
    "名誉", "名字", "名副", "名列", "名气", "名校", "名师", "名人", "名家", "名著", "名胜", "名城",
    "名录", "名言", "名利", "名号", "名目", "名声", "名下", "名优", "名特", "名村", "名镇", "名企",
    "名品", "个人", "个体", "个性", "个别", "个案", "个税", "家庭", "家长", "家园", "家乡", "家属",
    "家风", "家政", "家用", "家电", "家居", "家族", "家人", "家务", "家访", "家教", "家具", "家门",
    "家国", "家底", "家境", "家里", "家中", "次要", "次序", "次生", "次日", "次年", "次月", "年底",
    "年初", "年度", "年轻", "年代", "年龄", "年会", "年终", "年内", "年中", "年末", "年级", "年货",
    "年画", "年鉴", "年薪", "年金", "年检", "年审", "年报", "年假", "年味", "年节", "年夜", "年限",
    "年华", "年少", "年迈", "年长", "年老", "年纪", "年月", "年份", "年来", "年年", "年头", "年前",
    "年后", "年均", "年产", "元旦", "元宵", "元素", "元首", "元老", "元年", "元气", "元帅", "元件",
    "元器", "元月", "户籍", "户口", "户外", "户型", "户主", "所有", "所在", "所以", "所谓", "所属",
    "所得", "所长", "所需", "所处", "所做", "所作", "所能", "所及", "所思", "所想", "所获", "所向",
    "所辖", "所提", "所用", "所学", "所急", "所盼", "所忧", "所愿", "所为", "所见", "所说", "所示",
    "所列", "所述", "条件", "条例", "条款", "条约", "条理", "条块", "条线", "条幅", "条形", "条文",
    "条目", "位置", "位于", "位居", "位列", "场所", "场地", "场景", "场合", "场馆", "场面", "场内",
    "场外", "场上", "天然", "天下", "天津", "天气", "天地", "天空", "天才", "天生", "天府", "天性",
    "天使", "天文", "天山", "天河", "天天", "天际", "天堂", "天平", "天线", "天时", "天门", "天水",
    "天台", "倍加", "倍增", "倍感", "倍受", "吨位", "台湾", "台阶", "台账", "台风", "台州", "台上",
    "台下", "台前", "台词", "台胞", "台商", "台资", "套路", "套餐", "套用", "套取", "座谈", "座位",
    "座右", "座次", "批准", "批评", "批示", "批复", "批判", "批发", "批次", "批量", "批阅", "批办",
    "批转", "届时", "届满", "岁月", "岁末", "岁首", "篇章", "篇幅", "篇目", "期间", "期待", "期望",
    "期盼", "期限", "期末", "期刊", "期货", "期许", "期中", "期初", "轮流", "轮换", "轮岗", "轮训",
    "轮值", "轮番", "轮胎", "轮船", "轮廓",
];

/// Characters that take a measure word directly (这件, 每年, 全年, 今年,
/// 多名): a space after them is a stray space, not a deleted number.
const NO_NUMBER_AFTER: &str =
    "这那每各该此本哪某其全整半上下前后当今明去昨头末首单双多几数若诸另同逐历连隔好成两俩些";

/// What ends the heading number of 第一章 / 第三节 before its title.
const HEADING_WORDS: &str = "章节条款篇编卷";

/// Whether the space run `a..b` (char indices into `chars`, one line) stands
/// where a number was deleted.
pub fn is_missing_number(line: &str, chars: &[(usize, char)], a: usize, b: usize) -> bool {
    let c = |i: usize| chars.get(i).map(|&(_, c)| c);
    if a == 0 || b - a > 3 || !c(a - 1).is_some_and(is_han) || line.contains('|') {
        return false;
    }
    // The character before the spaces and two after them, in simplified
    // script (the folding is char for char).
    let around: String = chars[a - 1..a]
        .iter()
        .chain(&chars[b.min(chars.len())..(b + 2).min(chars.len())])
        .map(|&(_, c)| c)
        .collect();
    let folded: Vec<char> = to_simplified(&around).chars().collect();
    let (before, Some(&unit)) = (folded[0], folded.get(1)) else {
        return false;
    };
    let next = folded.get(2).copied();
    let spaced_out = a >= 2 && c(a - 2).is_some_and(is_space) || next.is_some_and(is_space);
    if is_cn_numeral(before)
        || NO_NUMBER_AFTER.contains(before)
        || !UNITS.contains(unit)
        || spaced_out
    {
        return false;
    }
    if MAGNITUDES.contains(unit) && !next.is_some_and(|n| AFTER_MAGNITUDE.contains(n)) {
        return false;
    }
    if let Some(n) = next {
        let word: String = [unit, n].iter().collect();
        if UNIT_WORDS.contains(&word.as_str()) {
            return false;
        }
    }
    !after_heading_number(line, chars, a)
}

/// Whether the space at char `a` follows the number of a heading: 一、 and
/// （一） end in punctuation, so only 第一章, 第三节 … and the outline's own
/// markers (篇一, 第一部分) need a look.
fn after_heading_number(line: &str, chars: &[(usize, char)], a: usize) -> bool {
    let byte = chars[a].0;
    if let Some(marker) = crate::outline::marker::parse(line).and_then(|h| h.marker) {
        if marker.span.end == byte {
            return true;
        }
    }
    let head: Vec<char> = chars[..a].iter().map(|&(_, c)| c).collect();
    let Some((&last, rest)) = head.split_last() else {
        return false;
    };
    let numerals = rest
        .iter()
        .rev()
        .take_while(|&&c| is_cn_numeral(c) || c.is_ascii_digit())
        .count();
    HEADING_WORDS.contains(last)
        && numerals > 0
        && rest.len() > numerals
        && rest[rest.len() - numerals - 1] == '第'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(line: &str) -> bool {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let a = chars.iter().position(|&(_, c)| is_space(c)).unwrap();
        let b = a + chars[a..].iter().take_while(|&&(_, c)| is_space(c)).count();
        is_missing_number(line, &chars, a, b)
    }

    #[test]
    fn deleted_numbers_and_stray_spaces() {
        for yes in ["约 万名职工", "已有 年历史", "共 人参加", "增长 %", "第 届"]
        {
            assert!(gap(yes), "{yes}");
        }
        for no in [
            "工会 人员",
            "今 年",
            "心系 万企",
            "工 作 总 结",
            "第一章 年度回顾",
            "省长 王明",
            "省长 周明远",
            "副市长 项立新",
            "三 万",
        ] {
            assert!(!gap(no), "{no}");
        }
    }
}
