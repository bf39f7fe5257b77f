//! Mixed script: traditional characters in a simplified draft, or simplified
//! ones in a traditional draft, one problem per run, fixed by converting the
//! run. The tables are fast2s's and their inverse
//! ([`crate::text::script::form`]); a simplified character whose traditional
//! form is ambiguous (发 ← 發 髮; 后, 里, 台 that are also traditional) is
//! left alone.

use super::prose::for_each_line;
use super::{Fix, Problem};
use crate::outline::Edit;
use crate::text::script::{form, to_simplified, Form, Script};
use crate::text::{is_han, Syntax};

/// Whether `c` belongs to the other script than the draft's.
fn foreign(c: char, draft: Script) -> bool {
    match (draft, form(c)) {
        (Script::Simplified, Form::Traditional) => true,
        (Script::Traditional, Form::Simplified(_)) => true,
        _ => false,
    }
}

/// Whether `c` may sit inside a run of foreign characters without ending it.
fn neutral(c: char) -> bool {
    is_han(c)
        && match form(c) {
            Form::Shared | Form::Ambiguous => true,
            Form::Traditional | Form::Simplified(_) => false,
        }
}

/// The draft's script, by which script's own characters it has more of.
pub fn draft_script(text: &str) -> Script {
    let (mut traditional, mut simplified) = (0usize, 0usize);
    for c in text.chars() {
        match form(c) {
            Form::Traditional => traditional += 1,
            Form::Simplified(_) => simplified += 1,
            _ => {}
        }
    }
    if traditional > simplified {
        Script::Traditional
    } else {
        Script::Simplified
    }
}

/// `run` written in `draft`'s script.
fn convert(run: &str, draft: Script) -> String {
    match draft {
        Script::Simplified => to_simplified(run),
        Script::Traditional => run
            .chars()
            .map(|c| match form(c) {
                Form::Simplified(t) => t,
                _ => c,
            })
            .collect(),
    }
}

/// Every run of characters of the other script, in text order.
pub fn check(text: &str, syntax: Syntax) -> Vec<Problem> {
    let draft = draft_script(text);
    let (name, other) = match draft {
        Script::Simplified => ("简体", "繁体"),
        Script::Traditional => ("繁体", "简体"),
    };
    let mut out = Vec::new();
    for_each_line(text, syntax, |line| {
        let chars = &line.chars;
        let mut i = 0;
        while i < chars.len() {
            if !line.is_prose(i) || !foreign(chars[i].1, draft) {
                i += 1;
                continue;
            }
            // The run: foreign characters, and shared ones between them.
            let start = i;
            let mut end = i + 1;
            let mut k = end;
            while k < chars.len() && line.is_prose(k) {
                let c = chars[k].1;
                if foreign(c, draft) {
                    end = k + 1;
                } else if !neutral(c) {
                    break;
                }
                k += 1;
            }
            let range = line.bytes(start..end);
            let run = &text[range.clone()];
            let converted = convert(run, draft);
            out.push(Problem {
                range: range.clone(),
                message: format!("{name}稿中夹有{other}字“{run}”"),
                fix: Some(Fix {
                    title: format!("改为{name}“{converted}”"),
                    edits: vec![Edit {
                        range,
                        text: converted,
                    }],
                }),
                related: Vec::new(),
            });
            i = end;
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_traditional_run_in_a_simplified_draft() {
        let text = "在市总工会全委会上的讲话。我們要團結，发展经济。";
        let found = check(text, Syntax::PlainText);
        let runs: Vec<&str> = found.iter().map(|p| &text[p.range.clone()]).collect();
        assert_eq!(runs, ["們要團結"]);
        assert_eq!(found[0].fix.as_ref().unwrap().edits[0].text, "们要团结");
    }

    #[test]
    fn a_simplified_run_in_a_traditional_draft() {
        let text = "在市總工會全委會上的講話。我们要團結，發展經濟。";
        let found = check(text, Syntax::PlainText);
        let runs: Vec<&str> = found.iter().map(|p| &text[p.range.clone()]).collect();
        assert_eq!(runs, ["们"]);
        assert_eq!(found[0].fix.as_ref().unwrap().edits[0].text, "們");
    }
}
