//! Outline of numbered sections (issue #3 fills this in).
