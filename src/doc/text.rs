//! The reader for the print view's text form (the page as copied out of a browser).
//!
//! Layout rules, each from the real pages:
//! - `N.M - Title` is a heading, `- N.M: Title` a table-of-contents entry;
//! - lines starting with `|` form a table; a row whose text does not end with `|` was wrapped
//!   after a cell and continues on the next line(s);
//! - a line starting with `{` or `[` opens a JSON example that runs until its brackets balance;
//! - a glued table header (`NameDescriptionSchemaDefault`) opens a table whose cells a text
//!   extractor concatenated (see [`super::glued`]).

use std::sync::Arc;

use super::lines::{classify, is_heading};
use super::{Block, BlockKind, Document, JsonBlock, Row, SourceText, Table};

/// Reads the text form of a page into blocks.
pub fn read(source: &SourceText) -> Document {
    let lines: Vec<&str> = source.text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line_no = i + 1;
        let line = lines[i].trim();
        if line.is_empty() {
            i += 1;
            continue;
        }
        if let Some(kind) = classify(line, "- ") {
            blocks.push(Block {
                line: line_no,
                kind,
            });
            i += 1;
        } else if let Some(header) = super::glued::header_at(&lines, i) {
            // A table a text extractor made of the site's HTML: cells glued together.
            let (table, next) = super::glued::read_table(&lines, i, header);
            blocks.push(Block {
                line: line_no,
                kind: BlockKind::Table(table),
            });
            i = next;
        } else if line.starts_with('|') {
            let (table, next) = read_table(&lines, i);
            blocks.push(Block {
                line: line_no,
                kind: BlockKind::Table(table),
            });
            i = next;
        } else if let Some((json, next)) = read_json(&lines, i) {
            blocks.push(Block {
                line: line_no,
                kind: BlockKind::Json(json),
            });
            i = next;
        } else {
            blocks.push(Block {
                line: line_no,
                kind: BlockKind::Text(line.to_string()),
            });
            i += 1;
        }
    }
    Document {
        path: Arc::clone(&source.path),
        blocks,
    }
}

/// A separator row: `|---|---|` or the one-cell `|---|` some pages use for any width.
fn is_separator(line: &str) -> bool {
    let inner = line.trim().trim_matches('|');
    !inner.is_empty()
        && inner.split('|').all(|c| {
            let c = c.trim();
            !c.is_empty() && c.chars().all(|ch| ch == '-' || ch == ':') && c.contains('-')
        })
}

/// Reads the table starting at `start`; returns it and the index of the first line after it.
fn read_table(lines: &[&str], start: usize) -> (Table, usize) {
    let mut rows: Vec<Row> = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut i = start;
    while i < lines.len() && lines[i].trim().starts_with('|') {
        let first = i;
        let mut raw = lines[i].trim().to_string();
        i += 1;
        // A row cut after a cell by the copy continues on the next lines until one ends in `|`.
        while !raw.ends_with('|')
            && i < lines.len()
            && !lines[i].trim().is_empty()
            && !is_heading(lines[i])
            && !is_separator(lines[i])
        {
            raw.push(' ');
            raw.push_str(lines[i].trim());
            i += 1;
        }
        if is_separator(&raw) {
            // The row before the first separator is the header.
            if header.is_none() && rows.len() == 1 {
                header = Some(Table::naive_cells(&rows.remove(0).raw));
            }
            continue;
        }
        rows.push(Row {
            line: first + 1,
            raw,
            cells: None,
        });
    }
    (
        Table {
            header: header.unwrap_or_default(),
            rows,
        },
        i,
    )
}

/// Reads a JSON example starting at `start`, if the line opens one.
fn read_json(lines: &[&str], start: usize) -> Option<(JsonBlock, usize)> {
    let first = lines[start].trim();
    if !(first.starts_with('{') || first.starts_with('[')) {
        return None;
    }
    let mut depth = Depth::default();
    let mut text = String::new();
    let mut i = start;
    while i < lines.len() {
        if i > start && is_heading(lines[i]) {
            break;
        }
        let line = lines[i].trim_end();
        depth.feed(line);
        text.push_str(line);
        text.push('\n');
        i += 1;
        if depth.closed() {
            let value = serde_json::from_str(&text).map_err(|e| e.to_string());
            // One balanced line that is not JSON is prose that starts with a bracket.
            if value.is_err() && i == start + 1 {
                return None;
            }
            return Some((
                JsonBlock {
                    text,
                    value,
                    end_line: i,
                },
                i,
            ));
        }
    }
    // Never balanced: a truncated example, unless it was a single line of prose.
    if i == start + 1 && first.len() > 1 {
        return None;
    }
    let value = Err("the JSON example never closes (is the page truncated?)".to_string());
    Some((
        JsonBlock {
            text,
            value,
            end_line: i,
        },
        i,
    ))
}

/// Bracket depth outside JSON strings.
#[derive(Default)]
struct Depth {
    level: i64,
    opened: bool,
    in_string: bool,
    escaped: bool,
}

impl Depth {
    fn feed(&mut self, line: &str) {
        for ch in line.chars() {
            if self.in_string {
                match (self.escaped, ch) {
                    (true, _) => self.escaped = false,
                    (false, '\\') => self.escaped = true,
                    (false, '"') => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match ch {
                '"' => self.in_string = true,
                '{' | '[' => {
                    self.level += 1;
                    self.opened = true;
                }
                '}' | ']' => self.level -= 1,
                _ => {}
            }
        }
        // A string never spans lines in these examples; an odd quote must not swallow the page.
        self.in_string = false;
        self.escaped = false;
    }

    fn closed(&self) -> bool {
        self.opened && self.level <= 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn blocks(text: &str) -> Vec<Block> {
        let source = SourceText {
            path: Arc::from(Path::new("t.txt")),
            text: text.to_string(),
        };
        read(&source).blocks
    }

    #[test]
    fn headings_toc_and_text() {
        let b = blocks("- 1.1: APIs\n1.1.2 - Connect PrivateLink Endpoint\nDescription\n");
        assert_eq!(
            b[0].kind,
            BlockKind::TocEntry {
                number: vec![1, 1],
                title: "APIs".into()
            }
        );
        assert_eq!(
            b[1].kind,
            BlockKind::Heading {
                number: vec![1, 1, 2],
                title: "Connect PrivateLink Endpoint".into()
            }
        );
        assert_eq!(
            b[2],
            Block {
                line: 3,
                kind: BlockKind::Text("Description".into())
            }
        );
    }

    #[test]
    fn table_with_header_and_rows() {
        let b = blocks("| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\nafter");
        let BlockKind::Table(t) = &b[0].kind else {
            panic!("not a table: {b:?}")
        };
        assert_eq!(t.header, vec!["A", "B"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(b[1].kind, BlockKind::Text("after".into()));
    }

    #[test]
    fn one_cell_separator_and_wrapped_rows() {
        let b = blocks("| Type | Name | Description | Schema | Default |\n|---|\n| query | size optional | size Example : 20\n| any of [integer, null] | 20 |\n");
        let BlockKind::Table(t) = &b[0].kind else {
            panic!()
        };
        assert_eq!(t.header.len(), 5);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].line, 3);
        assert_eq!(
            t.rows[0].raw,
            "| query | size optional | size Example : 20 | any of [integer, null] | 20 |"
        );
    }

    #[test]
    fn json_blocks_balance_over_lines() {
        let b = blocks("Response 200\n{\n\"a\": [\n1\n],\n\"b\": \"}\"\n}\n1.2 - Models\n");
        let BlockKind::Json(j) = &b[1].kind else {
            panic!("{b:?}")
        };
        assert_eq!(j.value.as_ref().unwrap()["b"], "}");
        assert_eq!(j.end_line, 7);
        assert!(matches!(b[2].kind, BlockKind::Heading { .. }));
    }

    #[test]
    fn truncated_json_is_reported_not_swallowed() {
        let b = blocks("{\n\"a\": 1,\n2.1 - Next\n");
        let BlockKind::Json(j) = &b[0].kind else {
            panic!()
        };
        assert!(j.value.is_err());
        assert!(matches!(b[1].kind, BlockKind::Heading { .. }));
    }

    #[test]
    fn bracketed_prose_stays_text() {
        let b = blocks("[공지] 이 API는 곧 바뀝니다\n");
        assert_eq!(
            b[0].kind,
            BlockKind::Text("[공지] 이 API는 곧 바뀝니다".into())
        );
    }
}
