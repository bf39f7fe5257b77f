//! jianggao (讲稿): a language server for writing Chinese speeches and reports.
//!
//! The crate has two halves (see `ARCHITECTURE.md`):
//! - a **pure core** that works on plain strings and byte offsets and never
//!   imports tower-lsp or lsp-types: [`text`], [`corpus`], [`outline`],
//!   [`placeholder`], [`phrases`], [`speech`], [`structure`], [`skeleton`], [`index`] (with its
//!   cache, written in [`binary`]), [`locale`], and [`analysis`],
//!   which holds one version of a draft and what every check finds in it;
//! - a **thin LSP layer**, [`lsp`], that speaks the protocol, keeps the open
//!   documents and converts positions.
//!
//! [`cli`] wires both to the command line.

pub mod analysis;
pub mod binary;
pub mod cli;
pub mod corpus;
pub mod explain;
pub mod index;
pub mod locale;
pub mod lsp;
pub mod outline;
pub mod phrases;
pub mod placeholder;
pub mod platform;
pub mod rules;
pub mod skeleton;
pub mod speech;
pub mod structure;
pub mod style;
pub mod text;
