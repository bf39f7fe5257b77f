//! An edit of a text as the analysis sees it: which bytes were replaced, and
//! by how many. Several edits fold into one covering them all.

use std::ops::Range;

/// The bytes `range` of the old text replaced by `new_len` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub range: Range<usize>,
    pub new_len: usize,
}

impl Change {
    /// One change that covers `self` and then `next`, whose range is in the
    /// text as `self` left it.
    pub fn then(&self, next: &Change) -> Change {
        let (start, old_end, new_end) = (
            self.range.start,
            self.range.end,
            self.range.start + self.new_len,
        );
        let (a, b) = (next.range.start, next.range.end.max(next.range.start));
        // Beyond what `self` inserted, the two texts differ by a shift.
        let old_b = if b > new_end {
            old_end + (b - new_end)
        } else {
            old_end
        };
        let covered_end = new_end.max(b) - (b - a) + next.new_len;
        let start = start.min(a);
        Change {
            range: start..old_b,
            new_len: covered_end - start,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, range: Range<usize>, insert: &str) -> String {
        format!("{}{insert}{}", &text[..range.start], &text[range.end..])
    }

    /// Every pair of edits of a short ASCII text: the folded change turns
    /// the old text into the new one.
    #[test]
    fn two_changes_fold_into_one() {
        let old = "abcdefghij";
        let inserts = ["", "X", "YYY"];
        for a in 0..=old.len() {
            for b in a..=old.len() {
                for first in inserts {
                    let mid = apply(old, a..b, first);
                    for c in 0..=mid.len() {
                        for d in c..=mid.len() {
                            for second in inserts {
                                let new = apply(&mid, c..d, second);
                                let one = Change {
                                    range: a..b,
                                    new_len: first.len(),
                                };
                                let two = Change {
                                    range: c..d,
                                    new_len: second.len(),
                                };
                                let folded = one.then(&two);
                                let r = folded.range.clone();
                                let replaced = &new[r.start..r.start + folded.new_len];
                                assert_eq!(apply(old, r, replaced), new, "{a}..{b} {c}..{d}");
                            }
                        }
                    }
                }
            }
        }
    }
}
