//! The code actions that write the office's rules: 忽略此处 (an inline
//! marker in the draft), 加入忽略词表 and 把此说法加入替换表 (an edit of
//! `jianggao.toml` that the editor applies, creating the file when it is
//! missing and the editor can create files). The server reads the rule
//! file to compute the edit, and never writes it.

use super::convert;
use super::documents::TextDocument;
use super::position::{self, Content, Encoding};
use crate::analysis::{self, Finding};
use crate::rules::{self, edit};

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CreateFile, CreateFileOptions,
    DocumentChangeOperation, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    Position, Range as LspRange, ResourceOp, TextDocumentEdit, TextEdit, Url, WorkspaceEdit,
};

/// Longest wording offered to a list, in characters.
const MAX_WORDING_CHARS: usize = 50;

/// The rule file the actions edit, as it is on disk.
#[derive(Debug, Clone)]
pub struct Target {
    /// The project file in force, or where a new one goes.
    pub path: PathBuf,
    /// Its text; `None` when there is no file yet (and the editor can
    /// create one).
    pub existing: Option<String>,
}

impl Target {
    /// The project file in force; else `jianggao.toml` in the workspace
    /// root, or in the draft's folder without a workspace. `None` when it
    /// cannot be read, or is missing and the editor cannot create files
    /// (`can_create`: resource operations `create`). Reads the disk: call
    /// it off the request loop.
    pub fn find(
        project: Option<&Path>,
        root: Option<&Path>,
        draft: &Url,
        can_create: bool,
    ) -> Option<Target> {
        let path = match project {
            Some(p) => p.to_path_buf(),
            None => {
                let folder = match root {
                    Some(root) => root.to_path_buf(),
                    None => draft.to_file_path().ok()?.parent()?.to_path_buf(),
                };
                rules::project_file(&folder).unwrap_or_else(|| folder.join(rules::FILE_NAMES[0]))
            }
        };
        let existing = match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() && meta.len() <= rules::MAX_FILE_BYTES => {
                Some(std::fs::read_to_string(&path).ok()?)
            }
            Ok(_) => return None,
            Err(_) if can_create => None,
            Err(_) => return None,
        };
        Some(Target { path, existing })
    }
}

/// The rule actions for `range` of `doc`, given the `findings` there.
pub fn actions(
    doc: &TextDocument,
    enc: Encoding,
    uri: &Url,
    range: &Range<usize>,
    findings: &[Finding],
    target: Option<&Target>,
) -> Vec<CodeActionOrCommand> {
    let analysis = doc.analysis();
    let mine: Vec<Finding> = findings
        .iter()
        .filter(|f| f.check != usize::MAX)
        .cloned()
        .collect();
    let mut out: Vec<CodeActionOrCommand> = analysis::ignore_here(&analysis, &mine)
        .iter()
        .map(|a| convert::code_action(doc.content(), enc, uri, a))
        .collect();
    let Some(target) = target else { return out };
    let existing = &target.existing;
    let text = analysis.text();
    let mut words: Vec<&str> = Vec::new();
    for finding in &mine {
        let word = &text[finding.range.clone()];
        if offerable(word) && !words.contains(&word) {
            words.push(word);
        }
    }
    let old = existing.as_deref().unwrap_or("");
    let offer = |title: String, new: String, findings: &[Finding]| {
        file_action(
            title,
            &target.path,
            existing.as_deref(),
            new,
            enc,
            doc.content(),
            findings,
        )
    };
    for word in words {
        let diagnostics: Vec<Finding> = mine
            .iter()
            .filter(|f| &text[f.range.clone()] == word)
            .cloned()
            .collect();
        if let Ok(Some(new)) = edit::add_ignore_word(old, word) {
            let title = format!("把“{word}”加入忽略词表（{}）", file_name(&target.path));
            out.extend(offer(title, new, &diagnostics));
        }
    }
    let selected = text.get(range.clone()).unwrap_or("").trim();
    if !range.is_empty() && offerable(selected) {
        if let Ok(Some(new)) = edit::add_substitution(old, selected) {
            let title = format!(
                "把此说法“{selected}”加入替换表（{}）",
                file_name(&target.path)
            );
            out.extend(offer(title, new, &[]));
        }
    }
    out
}

/// A wording fit for a list: one line, not blank, not too long.
fn offerable(word: &str) -> bool {
    !word.trim().is_empty()
        && !word.contains(['\n', '\r'])
        && word.chars().count() <= MAX_WORDING_CHARS
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A quick fix that replaces the rule file's text by `new`, or creates it.
fn file_action(
    title: String,
    path: &Path,
    existing: Option<&str>,
    new: String,
    enc: Encoding,
    content: Content,
    findings: &[Finding],
) -> Option<CodeActionOrCommand> {
    let uri = Url::from_file_path(path).ok()?;
    let edit = match existing {
        Some(old) => {
            let rope = ropey::Rope::from_str(old);
            let whole = position::range_from_bytes(Content::Rope(&rope), 0..old.len(), enc);
            WorkspaceEdit {
                changes: Some(HashMap::from([(uri, vec![TextEdit::new(whole, new)])])),
                ..Default::default()
            }
        }
        None => {
            let start = Position::new(0, 0);
            let create = CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            };
            let fill = TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: vec![OneOf::Left(TextEdit::new(LspRange::new(start, start), new))],
            };
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Operations(vec![
                    DocumentChangeOperation::Op(ResourceOp::Create(create)),
                    DocumentChangeOperation::Edit(fill),
                ])),
                ..Default::default()
            }
        }
    };
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: (!findings.is_empty()).then(|| convert::diagnostics(content, enc, findings)),
        edit: Some(edit),
        ..Default::default()
    }))
}
