//! Unfilled placeholders (issue #4 fills this in).
