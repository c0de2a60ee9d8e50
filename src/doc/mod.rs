//! Stage 1, read: a doc page in one of its forms → a common stream of [`Block`]s.
//!
//! Every block keeps the line it starts on, so that later stages can point at the source.
//! Readers that know a table's exact cells (HTML, glued tables) hand them on with the row.
//! The readers know the page's *layout* (headings, tables, JSON) but nothing of its
//! *meaning* (which table holds parameters): that is the extractor's job.

pub mod detect;
pub mod glued;
pub mod html;
pub mod lines;
pub mod markdown;
pub mod source;
pub mod text;

pub use source::{load, SourceText};

use std::path::Path;
use std::sync::Arc;

/// One structural element of a page.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// The print view's banner line ("이 섹션의 다중 페이지 출력 화면임...").
    Banner(String),
    /// A table-of-contents entry (`- 1.1.2: Connect PrivateLink Endpoint`).
    TocEntry { number: Vec<u32>, title: String },
    /// A numbered section heading (`1.1.2.1 - 1.2`).
    Heading { number: Vec<u32>, title: String },
    /// One line of plain text, trimmed.
    Text(String),
    /// A pipe table: its header row and body rows, raw (cells are split by the extractor,
    /// which knows what each column can hold).
    Table(Table),
    /// A multi-line JSON example, parsed when it is valid JSON.
    Json(JsonBlock),
    /// A cut mark (`-----8<----- ...`) between fragments copied from one page.
    Cut,
}

/// A block and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub line: usize,
    pub kind: BlockKind,
}

/// A pipe table as written: rows keep their raw text (outer pipes included).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// A table row: its raw text (a wrapped row joined back onto one line) and first line.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub raw: String,
    /// The cells, when the reader knows them exactly, one per header cell (HTML tables, glued
    /// tables): the extractor takes them as they are instead of splitting `raw` by guesswork.
    /// `None` for text and Markdown rows, whose copies may have lost empty cells.
    pub cells: Option<Vec<String>>,
}

/// A JSON example: the text as written and, when it is valid JSON, its value.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonBlock {
    pub text: String,
    pub value: Result<serde_json::Value, String>,
    /// Line of the last line of the block.
    pub end_line: usize,
}

/// A page read into blocks.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: Arc<Path>,
    pub blocks: Vec<Block>,
}

impl Table {
    /// Splits a row naively on every pipe: good for tables whose cells cannot hold one
    /// (version and region tables); the extractor splits the others itself.
    pub fn naive_cells(raw: &str) -> Vec<String> {
        let inner = raw.trim();
        let inner = inner.strip_prefix('|').unwrap_or(inner);
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        inner.split('|').map(|c| c.trim().to_string()).collect()
    }
}

impl JsonBlock {
    /// A JSON example from its text (a fenced or `<pre>` block), parsed when valid.
    pub fn from_text(text: String, end_line: usize) -> JsonBlock {
        let value = serde_json::from_str(&text).map_err(|e| e.to_string());
        JsonBlock {
            text,
            value,
            end_line,
        }
    }

    /// `true` when a code block's text is meant as JSON: it opens with `{` or `[`.
    pub fn looks_like_json(text: &str) -> bool {
        let t = text.trim_start();
        t.starts_with('{') || t.starts_with('[')
    }
}

/// Builds a table row's raw text from cells the reader already knows exactly (HTML,
/// Markdown): the extractor splits every form's rows the same way.
pub fn raw_row(cells: &[String]) -> String {
    let mut raw = String::from("|");
    for c in cells {
        raw.push(' ');
        raw.push_str(c.trim());
        raw.push_str(" |");
    }
    raw
}
