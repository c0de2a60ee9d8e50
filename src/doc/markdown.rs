//! The reader for Markdown copies (`pulldown-cmark` with GitHub tables): `#` headings,
//! pipe tables (escaped `\|` inside cells), fenced JSON blocks, list items for the TOC.
//! Source lines come from the parser's byte offsets.

use std::sync::Arc;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::lines::text_block;
use super::{raw_row, Block, BlockKind, Document, JsonBlock, Row, SourceText, Table};

/// Line starts, to turn byte offsets into 1-based lines.
pub struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    pub fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }

}

/// What is being collected between a start and an end event.
enum Open {
    None,
    /// Paragraph, heading or list item text: lines so far, and where each starts.
    Text(Vec<(String, usize)>),
    Table {
        start: usize,
        header: Vec<String>,
        rows: Vec<Row>,
        cells: Vec<String>,
        cell: String,
        row_line: usize,
        in_head: bool,
    },
    Code {
        text: String,
        line: usize,
        json: bool,
    },
}

pub fn read(source: &SourceText) -> Document {
    let index = LineIndex::new(&source.text);
    let mut blocks: Vec<Block> = Vec::new();
    let mut open = Open::None;
    let parser = Parser::new_ext(&source.text, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        let line = index.line(range.start);
        match (&mut open, event) {
            (Open::None, Event::Start(Tag::Table(_))) => {
                open = Open::Table {
                    start: line,
                    header: Vec::new(),
                    rows: Vec::new(),
                    cells: Vec::new(),
                    cell: String::new(),
                    row_line: line,
                    in_head: false,
                };
            }
            (Open::Table { in_head, cells, .. }, Event::Start(Tag::TableHead)) => {
                *in_head = true;
                cells.clear();
            }
            (
                Open::Table {
                    cells, row_line, ..
                },
                Event::Start(Tag::TableRow),
            ) => {
                cells.clear();
                *row_line = line;
            }
            (Open::Table { cell, .. }, Event::Start(Tag::TableCell)) => cell.clear(),
            (Open::Table { cells, cell, .. }, Event::End(TagEnd::TableCell)) => {
                cells.push(std::mem::take(cell))
            }
            (
                Open::Table {
                    header,
                    cells,
                    in_head,
                    ..
                },
                Event::End(TagEnd::TableHead),
            ) => {
                *header = std::mem::take(cells);
                *in_head = false;
            }
            (
                Open::Table {
                    rows,
                    cells,
                    row_line,
                    ..
                },
                Event::End(TagEnd::TableRow),
            ) => {
                // The cells are not carried: Markdown copies of the text form have lost
                // empty cells, and the parser pads rows to the header's width.
                rows.push(Row {
                    line: *row_line,
                    raw: raw_row(cells),
                    cells: None,
                });
            }
            (Open::Table { .. }, Event::End(TagEnd::Table)) => {
                if let Open::Table {
                    start,
                    header,
                    rows,
                    ..
                } = std::mem::replace(&mut open, Open::None)
                {
                    blocks.push(Block {
                        line: start,
                        kind: BlockKind::Table(Table { header, rows }),
                    });
                }
            }
            (Open::Table { cell, .. }, Event::Text(t) | Event::Code(t)) => cell.push_str(&t),
            (Open::Table { cell, .. }, Event::SoftBreak | Event::HardBreak) => cell.push(' '),
            (Open::Table { cell, .. }, Event::Html(t) | Event::InlineHtml(t)) => {
                if !t.trim().eq_ignore_ascii_case("<br>") {
                    cell.push_str(&t);
                } else {
                    cell.push(' ');
                }
            }

            (Open::None, Event::Start(Tag::CodeBlock(kind))) => {
                // A fence is a line of its own: the text starts on the next one.
                let (start, json) = match kind {
                    CodeBlockKind::Fenced(lang) => {
                        (line + 1, lang.trim().eq_ignore_ascii_case("json"))
                    }
                    CodeBlockKind::Indented => (line, false),
                };
                open = Open::Code {
                    text: String::new(),
                    line: start,
                    json,
                };
            }
            (Open::Code { text, .. }, Event::Text(t)) => text.push_str(&t),
            (Open::Code { .. }, Event::End(TagEnd::CodeBlock)) => {
                if let Open::Code {
                    text,
                    line: start,
                    json,
                } = std::mem::replace(&mut open, Open::None)
                {
                    code_block(&mut blocks, text, start, json);
                }
            }

            (Open::None, Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item)) => {
                open = Open::Text(vec![(String::new(), line)]);
            }
            (Open::Text(lines), Event::Start(Tag::Item | Tag::List(_))) => {
                // A nested list: the item's own text ends here.
                flush_text(&mut blocks, std::mem::take(lines));
                lines.push((String::new(), line));
            }
            (
                Open::Text(lines),
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t),
            ) => {
                if lines.last().is_some_and(|(s, _)| s.is_empty()) {
                    if let Some(last) = lines.last_mut() {
                        last.1 = line;
                    }
                }
                if let Some((s, _)) = lines.last_mut() {
                    s.push_str(&t);
                }
            }
            (Open::Text(lines), Event::SoftBreak | Event::HardBreak) => {
                lines.push((String::new(), line + 1))
            }
            (
                Open::Text(lines),
                Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item),
            ) => {
                flush_text(&mut blocks, std::mem::take(lines));
                open = Open::None;
            }
            (Open::None, Event::Text(t) | Event::Html(t)) => {
                for (i, l) in t.lines().enumerate() {
                    push_line(&mut blocks, l, line + i);
                }
            }
            _ => {}
        }
    }
    if let Open::Text(lines) = open {
        flush_text(&mut blocks, lines);
    }
    Document {
        path: Arc::clone(&source.path),
        blocks,
    }
}

fn flush_text(blocks: &mut Vec<Block>, lines: Vec<(String, usize)>) {
    for (text, line) in lines {
        push_line(blocks, &text, line);
    }
}

fn push_line(blocks: &mut Vec<Block>, text: &str, line: usize) {
    if !text.trim().is_empty() {
        blocks.push(Block {
            line,
            kind: text_block(text, ""),
        });
    }
}

/// A fenced block: JSON examples become JSON blocks, anything else (request headers) lines.
fn code_block(blocks: &mut Vec<Block>, text: String, start: usize, json: bool) {
    if json || JsonBlock::looks_like_json(&text) {
        let end = start + text.lines().count().saturating_sub(1);
        blocks.push(Block {
            line: start,
            kind: BlockKind::Json(JsonBlock::from_text(text, end)),
        });
    } else {
        for (i, l) in text.lines().enumerate() {
            if !l.trim().is_empty() {
                blocks.push(Block {
                    line: start + i,
                    kind: BlockKind::Text(l.trim().to_string()),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn blocks(md: &str) -> Vec<Block> {
        read(&SourceText {
            path: Arc::from(Path::new("t.md")),
            text: md.to_string(),
        })
        .blocks
    }

    #[test]
    fn headings_tables_with_escaped_pipes_and_fences() {
        let b = blocks("# 1 - API Gateway\n\n- 1.1: APIs\n\n| Name | Description | Schema | Default |\n|---|---|---|---|\n| name required | Pattern : ^a$\\|^b$ | string | |\n\n```json\n{\"a\": 1}\n```\n\n```\n\"Scp-Api-Version = x 1.0\"\n```\n\nDescription\n");
        assert_eq!(
            b[0].kind,
            BlockKind::Heading {
                number: vec![1],
                title: "API Gateway".into()
            }
        );
        assert_eq!(
            b[1].kind,
            BlockKind::TocEntry {
                number: vec![1, 1],
                title: "APIs".into()
            }
        );
        let BlockKind::Table(t) = &b[2].kind else {
            panic!("{b:?}")
        };
        assert_eq!((b[2].line, t.rows[0].line), (5, 7));
        assert_eq!(
            t.rows[0].raw,
            "| name required | Pattern : ^a$|^b$ | string |  |"
        );
        assert!(matches!(&b[3].kind, BlockKind::Json(j) if j.value.is_ok()));
        assert_eq!(b[3].line, 10);
        assert_eq!(
            (b[4].line, &b[4].kind),
            (14, &BlockKind::Text("\"Scp-Api-Version = x 1.0\"".into()))
        );
        assert_eq!(
            (b[5].line, &b[5].kind),
            (17, &BlockKind::Text("Description".into()))
        );
    }
}
