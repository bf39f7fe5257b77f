//! Speech skeletons mined from the corpus: 称呼, 开场, an announcement of
//! points with its numbered sections, and 结尾 — offered at the start of an
//! empty draft (as snippets with tab stops, or as plain text) and by
//! `jianggao new`.
//!
//! Pure core, deterministic: every choice is the most frequent form in the
//! corpus (folded to simplified script and full-width punctuation), ties
//! broken by the text itself, with a fallback when the corpus has none.

use crate::corpus::Corpus;
use crate::phrases::fold::fold;
use crate::phrases::segment::word_ends;
use crate::structure::announce;
use std::collections::BTreeMap;

/// One piece of a skeleton: text kept as is, or a field to fill (a tab stop
/// whose default is the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Field(String),
}

impl Part {
    /// Its text (a field's default).
    pub fn text(&self) -> &str {
        match self {
            Part::Text(t) | Part::Field(t) => t,
        }
    }
}

/// A speech skeleton.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skeleton {
    /// Its name, in Chinese (讲话稿：三点意见).
    pub label: String,
    /// What it holds, in Chinese.
    pub detail: String,
    pub parts: Vec<Part>,
}

/// Escapes what a snippet would read as syntax.
fn escape_snippet(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Skeleton {
    /// As an LSP snippet: one tab stop per field, `$0` at the end.
    pub fn snippet(&self) -> String {
        let mut out = String::new();
        let mut stop = 0;
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(&escape_snippet(t)),
                Part::Field(f) => {
                    stop += 1;
                    out.push_str(&format!("${{{stop}:{}}}", escape_snippet(f)));
                }
            }
        }
        out.push_str("$0");
        out
    }

    /// As plain text: every field's default written out.
    pub fn plain(&self) -> String {
        self.parts.iter().map(Part::text).collect()
    }
}

/// What the corpus says a speech is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mined {
    /// Salutation lines (同志们：), most frequent first.
    pub salutations: Vec<String>,
    /// The start of an opening sentence shared by the most openings
    /// (今天，我们在这里).
    pub opening: String,
    /// The most frequent announcing phrase with three points (讲三点意见).
    pub announcement: String,
    /// The most frequent first clause of a closing paragraph (同志们).
    pub closing_lead: String,
    /// The most frequent closing line (谢谢大家！).
    pub closing: String,
}

/// Most frequent first; ties by the text, so the result never depends on
/// the order of the corpus.
fn ranked(counts: BTreeMap<String, usize>) -> Vec<String> {
    let mut all: Vec<(String, usize)> = counts.into_iter().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.into_iter().map(|(t, _)| t).collect()
}

fn is_salutation(line: &str) -> bool {
    line.chars().count() <= 16 && line.ends_with('：') && line.contains("同志们")
}

fn is_closing(line: &str) -> bool {
    line.chars().count() <= 12 && line.contains("谢谢")
}

/// The first clause of `line`: up to its first comma, or `None`.
fn first_clause(line: &str) -> Option<&str> {
    line.find('，')
        .map(|i| &line[..i])
        .filter(|c| !c.is_empty())
}

fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let len: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    &a[..len]
}

/// Most characters of an opening kept after its first clause.
const MAX_OPENING_TAIL: usize = 12;

/// The start of an opening sentence: the first clause most openings share,
/// continued by the longest start two of them share (cut to whole words,
/// at most [`MAX_OPENING_TAIL`] characters past the comma).
fn opening_of(openings: &[String]) -> Option<String> {
    let mut firsts: BTreeMap<String, usize> = BTreeMap::new();
    for o in openings {
        if let Some(c) = first_clause(o) {
            *firsts.entry(c.to_string()).or_default() += 1;
        }
    }
    let first = ranked(firsts).into_iter().next()?;
    let mut with_first: Vec<&String> = openings
        .iter()
        .filter(|o| first_clause(o) == Some(first.as_str()))
        .collect();
    with_first.sort();
    let mut best = format!("{first}，");
    for (i, a) in with_first.iter().enumerate() {
        for b in &with_first[i + 1..] {
            let shared: String = common_prefix(a, b)
                .chars()
                .take(first.chars().count() + 1 + MAX_OPENING_TAIL)
                .collect();
            // Cut to the last word that ends inside the shared start.
            let end = word_ends(a)
                .into_iter()
                .filter(|&e| e <= shared.len())
                .max()
                .unwrap_or(0);
            if end > best.len() {
                best = a[..end].to_string();
            }
        }
    }
    Some(best)
}

/// Mines the parts of a speech from `corpus`.
pub fn mine(corpus: &Corpus) -> Mined {
    mine_folded(corpus.documents.iter().map(|doc| {
        doc.lines()
            .map(|l| fold(l.text.trim()))
            .filter(|l| !l.is_empty())
            .collect()
    }))
}

/// Mines the parts of a speech from documents given as their lines, folded
/// and trimmed, none empty (as a phrase index keeps them).
pub fn mine_folded<S: AsRef<str>>(documents: impl Iterator<Item = Vec<S>>) -> Mined {
    let mut salutations: BTreeMap<String, usize> = BTreeMap::new();
    let mut closings: BTreeMap<String, usize> = BTreeMap::new();
    let mut leads: BTreeMap<String, usize> = BTreeMap::new();
    let mut announcements: BTreeMap<String, usize> = BTreeMap::new();
    let mut openings: Vec<String> = Vec::new();
    for lines in documents {
        for (i, line) in lines.iter().enumerate() {
            let line = line.as_ref();
            if is_salutation(line) {
                *salutations.entry(line.to_string()).or_default() += 1;
                if let Some(next) = lines.get(i + 1) {
                    openings.push(next.as_ref().to_string());
                }
            }
            if is_closing(line) {
                *closings.entry(line.to_string()).or_default() += 1;
                let lead = i
                    .checked_sub(1)
                    .and_then(|p| first_clause(lines[p].as_ref()))
                    .filter(|c| c.chars().count() <= 6);
                if let Some(lead) = lead {
                    *leads.entry(lead.to_string()).or_default() += 1;
                }
            }
            for a in announce::find(line) {
                if a.count == 3 {
                    *announcements.entry(line[a.range].to_string()).or_default() += 1;
                }
            }
        }
    }
    let first = |counts: BTreeMap<String, usize>, fallback: &str| {
        ranked(counts)
            .into_iter()
            .next()
            .unwrap_or_else(|| fallback.to_string())
    };
    let mut salutations = ranked(salutations);
    if salutations.is_empty() {
        salutations.push("同志们：".into());
    }
    Mined {
        salutations,
        opening: opening_of(&openings).unwrap_or_else(|| "今天，".into()),
        announcement: first(announcements, "讲三点意见"),
        closing_lead: first(leads, "同志们"),
        closing: first(closings, "谢谢大家！"),
    }
}

fn text(t: impl Into<String>) -> Part {
    Part::Text(t.into())
}

fn field(t: impl Into<String>) -> Part {
    Part::Field(t.into())
}

/// The salutation without its colon, as a field.
fn salutation(s: &str) -> Vec<Part> {
    vec![field(s.trim_end_matches('：')), text("：\n\n")]
}

/// The skeletons built from what `mined` found.
pub fn skeletons(mined: &Mined) -> Vec<Skeleton> {
    let formal = mined
        .salutations
        .iter()
        .find(|s| s.chars().count() > "同志们：".chars().count())
        .unwrap_or(&mined.salutations[0]);
    let opening = || vec![text(mined.opening.clone()), field("……"), text("。\n\n")];
    let ending = || {
        vec![
            text(format!("{}，", mined.closing_lead)),
            field("……"),
            text(format!("。\n\n{}\n", mined.closing)),
        ]
    };
    let mut points = salutation(&mined.salutations[0]);
    points.extend(opening());
    points.push(text(format!("下面，我{}。\n\n", mined.announcement)));
    for (n, name) in ["一", "二", "三"].iter().enumerate() {
        points.push(text(format!("{name}、")));
        points.push(field(format!("第{name}点")));
        points.push(text("\n\n"));
        points.push(field(format!("第{}点的内容。", ["一", "二", "三"][n])));
        points.push(text("\n\n"));
    }
    points.extend(ending());

    let mut demands = salutation(&mined.salutations[0]);
    demands.extend(opening());
    demands.push(text("下面，我提三点要求：一是"));
    demands.push(field("……"));
    demands.push(text("；二是"));
    demands.push(field("……"));
    demands.push(text("；三是"));
    demands.push(field("……"));
    demands.push(text("。\n\n"));
    demands.extend(ending());

    let mut address = salutation(formal);
    address.extend(opening());
    address.push(field("正文。"));
    address.push(text("\n\n"));
    address.extend(ending());

    vec![
        Skeleton {
            label: "讲话稿：三点意见".into(),
            detail: format!("称呼、开场、“{}”、一至三节、结尾", mined.announcement),
            parts: points,
        },
        Skeleton {
            label: "讲话稿：三点要求".into(),
            detail: "称呼、开场、一是、二是、三是、结尾".into(),
            parts: demands,
        },
        Skeleton {
            label: "致辞".into(),
            detail: format!("称呼“{formal}”、开场、正文、结尾"),
            parts: address,
        },
    ]
}

/// The skeletons offered with the cursor at `cursor` in `text`: the draft
/// is empty or holds only the start of a skeleton on its first line (同志,
/// 各位代表), the cursor after it; then the skeletons that start so.
pub fn offered<'a>(skeletons: &'a [Skeleton], text: &str, cursor: usize) -> Vec<&'a Skeleton> {
    let (before, after) = (&text[..cursor], &text[cursor..]);
    if !after.trim().is_empty() || before.contains(['\n', '\r']) {
        return Vec::new();
    }
    let typed = before.trim_start();
    skeletons
        .iter()
        .filter(|s| s.plain().starts_with(typed))
        .collect()
}
