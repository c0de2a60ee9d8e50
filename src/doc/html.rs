//! The reader for HTML pages (`scraper`): the site's print view as saved from a browser or
//! fetched with curl, and its single pages. Headings, paragraphs and list items become text
//! lines (a `<br>` starts a new line), tables keep their exact cells (a `<br>` inside a cell
//! is a space), `<pre>` blocks are JSON examples or lines of text. Entities are decoded.
//!
//! html5ever gives no source positions, so each block is located by searching its text in
//! the source from where the previous block was found: exact for this site's pages, and
//! never before the previous block's line.

use crate::diag::Rule;
use std::sync::Arc;

use ego_tree::NodeRef;
use html5ever::tendril::TendrilSink;
use scraper::{ElementRef, Html, HtmlTreeSink, Node};

use super::lines::text_block;
use super::markdown::LineIndex;
use super::{raw_row, Block, BlockKind, Document, JsonBlock, Row, SourceText, Table};

/// How deep elements may nest (Chromium's parser stops nesting at 512; the site's pages
/// are under 30 deep).
pub const MAX_DEPTH: usize = 1024;

/// Bytes handed to the parser at a time, between two depth checks.
const CHUNK: usize = 4096;

/// Parses a page with html5ever (scraper's tree), a chunk at a time: the tree builder's
/// scope checks walk the stack of open elements, so every element costs as much as the
/// page is deep, and 50,000 nested `<div>`s took half a minute. After each chunk the newest
/// node's depth is measured; a page deeper than [`MAX_DEPTH`] is refused at that chunk's
/// line, so parsing stays linear. `Err` holds the byte offset by which it is too deep.
fn parse(text: &str) -> Result<Html, usize> {
    let mut parser =
        html5ever::parse_document(HtmlTreeSink::new(Html::new_document()), Default::default());
    let mut at = 0;
    while at < text.len() {
        let mut end = (at + CHUNK).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        parser.process(text[at..end].into());
        let depth = {
            let html = parser.tokenizer.sink.sink.0.borrow();
            html.tree
                .nodes()
                .next_back()
                .map_or(0, |n| n.ancestors().count())
        };
        if depth > MAX_DEPTH {
            return Err(end);
        }
        at = end;
    }
    Ok(parser.finish())
}

/// Reads an HTML page into blocks; a page nested deeper than [`MAX_DEPTH`] is an error
/// (no blocks).
pub fn read(source: &SourceText, diags: &mut crate::diag::Diagnostics) -> Document {
    let html = match parse(&source.text) {
        Ok(html) => html,
        Err(offset) => {
            let line = source.text[..offset].matches('\n').count() + 1;
            diags.error(
                crate::diag::Location::new(&source.path, line),
                Rule::HtmlTooDeep,
                format!("elements nest deeper than {MAX_DEPTH} levels by this line; no page is that deep, and reading it would take time quadratic in its depth"),
            );
            return Document {
                path: Arc::clone(&source.path),
                blocks: Vec::new(),
            };
        }
    };
    let mut reader = Reader {
        src: &source.text,
        index: LineIndex::new(&source.text),
        cursor: 0,
        far_budget: FAR_BUDGET_FACTOR * source.text.len() + NEAR,
        blocks: Vec::new(),
    };
    reader.walk(html.root_element());
    Document {
        path: Arc::clone(&source.path),
        blocks: reader.blocks,
    }
}

struct Reader<'s> {
    src: &'s str,
    index: LineIndex,
    /// Byte offset in the source of the last block found.
    cursor: usize,
    /// Bytes that searches beyond [`NEAR`] may still scan (see [`Reader::find_far`]).
    far_budget: usize,
    blocks: Vec<Block>,
}

/// How far past the previous block a block is looked for first (bytes). Blocks of the
/// site's pages follow each other within a few hundred bytes; a big inline `<style>` or
/// `<svg>` between two is what the far search is for.
const NEAR: usize = 4 * 1024;

/// The far searches of a page scan at most this many times the page's size in total.
const FAR_BUDGET_FACTOR: usize = 4;

/// The first `>word` in `text` that is also `>whole` (`whole` starts with `word`), else the
/// first `>word`, as an offset of the text after the `>`: the text right after a tag first,
/// so `latency` is not found inside `integration_latency`; then its first word after a tag
/// (inline markup splits the text). One scan for both.
fn after_tag(text: &str, whole: &str, word: &str) -> Option<usize> {
    let mut first = None;
    let mut from = 0;
    while let Some(p) = text[from..].find(word) {
        let at = from + p;
        if text[at..].starts_with(whole) {
            return Some(at + 1);
        }
        first.get_or_insert(at + 1);
        from = at + 1;
    }
    first
}

/// The largest char boundary at or below `at`.
fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Elements whose content is never page text.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "button", "nav",
];

impl<'s> Reader<'s> {
    /// Visits the page in document order with a stack of its own instead of recursion: a
    /// page [`MAX_DEPTH`] deep must not overflow the thread's stack.
    fn walk(&mut self, root: ElementRef) {
        let mut todo: Vec<NodeRef<Node>> = vec![*root];
        while let Some(node) = todo.pop() {
            if let Node::Text(t) = node.value() {
                for line in t.lines() {
                    self.push_text(line);
                }
                continue;
            }
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            let name = el.value().name();
            if SKIPPED.contains(&name) {
                continue;
            }
            match name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "dt" | "dd" | "caption"
                | "figcaption" | "summary" => {
                    for line in inline_lines(el) {
                        self.push_text(&line);
                    }
                }
                "li" => {
                    // The item's own text, then its nested lists.
                    let own: String = el
                        .children()
                        .filter(|c| !is_list(c))
                        .map(|c| node_text(c, "\n"))
                        .collect();
                    for line in own.lines() {
                        self.push_text(line);
                    }
                    let lists: Vec<NodeRef<Node>> = el.children().filter(is_list).collect();
                    todo.extend(lists.into_iter().rev());
                }
                "table" => {
                    let nested = self.table(el);
                    todo.extend(nested.into_iter().rev());
                }
                "pre" => self.pre(el),
                _ => {
                    let children: Vec<NodeRef<Node>> = node
                        .children()
                        .filter(|c| matches!(c.value(), Node::Element(_) | Node::Text(_)))
                        .collect();
                    todo.extend(children.into_iter().rev());
                }
            }
        }
    }

    /// The source line of `text`, searched from the cursor on.
    fn locate(&mut self, text: &str) -> usize {
        // A prefix without characters that HTML may have written as entities.
        let needle: String = text
            .trim()
            .chars()
            .take_while(|c| !matches!(c, '&' | '<' | '>' | '"' | '\''))
            .take(40)
            .collect();
        let needle = needle.trim_end();
        if needle.chars().count() >= 2 {
            // After a tag (see `after_tag`), then anywhere; nearby first, then further on.
            let first_word = needle.split_whitespace().next().unwrap_or(needle);
            let whole = format!(">{needle}");
            let word = format!(">{first_word}");
            let found =
                self.search(|text| after_tag(text, &whole, &word).or_else(|| text.find(needle)));
            if let Some(pos) = found {
                self.cursor += pos;
            }
        }
        self.index.line(self.cursor)
    }

    /// Runs `find` (an offset into the text it is given) on the [`NEAR`] bytes after the
    /// cursor, where the next block almost always is, so that a search costs at most that
    /// much per block; then on the whole rest of the source, while the budget for such
    /// searches lasts. A text that is nowhere in the source (entities, folded white space)
    /// would otherwise cost a scan of the rest of the page per block, quadratic in the page
    /// (a 5 MB page took 14 minutes). Once spent, a block not found nearby keeps the
    /// previous block's line. The offset returned is from the cursor.
    fn search(&mut self, find: impl Fn(&str) -> Option<usize>) -> Option<usize> {
        let src: &'s str = self.src;
        let rest = &src[self.cursor..];
        let near_end = floor_char_boundary(rest, NEAR.min(rest.len()));
        if let Some(p) = find(&rest[..near_end]) {
            return Some(p);
        }
        if near_end == rest.len() || self.far_budget == 0 {
            return None;
        }
        let found = find(rest);
        // Charged what it scanned (about: up to the match).
        self.far_budget = self
            .far_budget
            .saturating_sub(found.map_or(rest.len(), |p| p + NEAR));
        found
    }

    /// The line where the text of the next `<pre>` starts: after its tag and the tags right
    /// behind it (`<code class="language-json">`), and after a newline that HTML drops.
    fn locate_pre_text(&mut self) -> usize {
        if let Some(pos) = self.search(|text| text.find("<pre")) {
            let mut at = self.cursor + pos;
            let bytes = self.src.as_bytes();
            while at < bytes.len() && bytes[at] == b'<' {
                match self.src[at..].find('>') {
                    Some(end) => at += end + 1,
                    None => break,
                }
            }
            if bytes.get(at) == Some(&b'\n') {
                at += 1;
            }
            self.cursor = at;
        }
        self.index.line(self.cursor)
    }

    fn push_text(&mut self, line: &str) {
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        let at = self.locate(line);
        self.blocks.push(Block {
            line: at,
            kind: text_block(line, ""),
        });
    }

    /// Reads a table's own rows; returns the tables nested in its cells, for the walk to
    /// read after it. Each row and cell is read once however deep tables nest (reading
    /// every descendant row of every table was quadratic in the nesting).
    fn table<'a>(&mut self, el: ElementRef<'a>) -> Vec<NodeRef<'a, Node>> {
        let mut header: Vec<String> = Vec::new();
        let mut rows: Vec<Row> = Vec::new();
        let mut table_line = None;
        let mut nested: Vec<NodeRef<'a, Node>> = Vec::new();
        for tr in own_rows(el) {
            let cells: Vec<ElementRef> = tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            let texts: Vec<String> = cells
                .iter()
                .map(|c| collapse(&text_outside_tables(**c, " ", &mut nested)))
                .collect();
            let line = self.locate(
                texts
                    .iter()
                    .find(|t| !t.is_empty())
                    .map_or("", String::as_str),
            );
            table_line.get_or_insert(line);
            let is_header = header.is_empty()
                && rows.is_empty()
                && cells.iter().all(|c| c.value().name() == "th");
            if is_header {
                header = texts;
            } else {
                rows.push(Row {
                    line,
                    raw: raw_row(&texts),
                    cells: Some(texts),
                });
            }
        }
        if let Some(line) = table_line {
            self.blocks.push(Block {
                line,
                kind: BlockKind::Table(Table { header, rows }),
            });
        }
        nested
    }

    fn pre(&mut self, el: ElementRef) {
        let text: String = el.text().collect();
        let start = self.locate_pre_text();
        let first_line = text.trim_start_matches('\n');
        if JsonBlock::looks_like_json(first_line) {
            let end = start + first_line.trim_end().lines().count().saturating_sub(1);
            self.blocks.push(Block {
                line: start,
                kind: BlockKind::Json(JsonBlock::from_text(first_line.to_string(), end)),
            });
            // The end of the block is where the next one starts looking.
            let _ = self.locate(first_line.trim_end().lines().last().unwrap_or_default());
        } else {
            for line in first_line.lines() {
                self.push_text(line);
            }
        }
    }
}

fn is_list(node: &ego_tree::NodeRef<Node>) -> bool {
    ElementRef::wrap(*node).is_some_and(|e| matches!(e.value().name(), "ul" | "ol"))
}

/// The rows of `table` itself, in order: not those of tables nested in its cells.
fn own_rows(table: ElementRef) -> Vec<ElementRef> {
    let mut out = Vec::new();
    let mut todo: Vec<NodeRef<Node>> = table.children().collect();
    todo.reverse();
    while let Some(node) = todo.pop() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        match el.value().name() {
            "tr" => out.push(el),
            "table" => {}
            _ => {
                let children: Vec<NodeRef<Node>> = node.children().collect();
                todo.extend(children.into_iter().rev());
            }
        }
    }
    out
}

/// The text of a node, `<br>` as `br`, without the tables inside it (collected in `nested`).
fn text_outside_tables<'a>(
    node: NodeRef<'a, Node>,
    br: &str,
    nested: &mut Vec<NodeRef<'a, Node>>,
) -> String {
    let mut out = String::new();
    let mut todo: Vec<NodeRef<Node>> = vec![node];
    while let Some(n) = todo.pop() {
        match n.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if e.name() == "br" => out.push_str(br),
            Node::Element(e) if e.name() == "table" && n != node => {
                nested.push(n);
                continue;
            }
            _ => {}
        }
        let children: Vec<NodeRef<Node>> = n.children().collect();
        todo.extend(children.into_iter().rev());
    }
    out
}

/// The text of a node, `<br>` as `br`.
fn node_text(node: ego_tree::NodeRef<Node>, br: &str) -> String {
    let mut out = String::new();
    for n in node.descendants() {
        match n.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if e.name() == "br" => out.push_str(br),
            _ => {}
        }
    }
    out
}

/// A block element's text as lines: `<br>` and newlines in the source break lines.
fn inline_lines(el: ElementRef) -> Vec<String> {
    let text = node_text(*el, "\n");
    text.lines()
        .map(collapse)
        .filter(|l| !l.is_empty())
        .collect()
}

/// HTML white space folded to single spaces.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn blocks(html: &str) -> Vec<Block> {
        let mut diags = crate::diag::Diagnostics::new();
        let doc = read(
            &SourceText {
                path: Arc::from(Path::new("t.html")),
                text: html.to_string(),
            },
            &mut diags,
        );
        assert!(diags.is_empty(), "{:?}", diags.sorted());
        doc.blocks
    }

    #[test]
    fn cells_keep_br_entities_and_inline_markup_as_text() {
        let b = blocks(
            "<html><body>\n<h1 id=\"x\">1.2.3 - Model &amp; Co</h1>\n<table>\n<thead><tr><th>Name</th><th>Description</th><th>Schema</th><th>Default</th></tr></thead>\n<tbody>\n<tr><td>name <em>required</em></td><td>이름 Example : <code>a&lt;b</code><br>Pattern : <code>^a$|^b$</code></td><td>string</td><td></td></tr>\n</tbody></table>\n<pre><code class=\"language-json\">{\n\"a\": \"&lt;\"\n}</code></pre>\n</body></html>",
        );
        assert_eq!(
            b[0].kind,
            BlockKind::Heading {
                number: vec![1, 2, 3],
                title: "Model & Co".into()
            }
        );
        assert_eq!(b[0].line, 2);
        let BlockKind::Table(t) = &b[1].kind else {
            panic!("{b:?}")
        };
        assert_eq!(t.header, ["Name", "Description", "Schema", "Default"]);
        assert_eq!(
            t.rows[0].raw,
            "| name required | 이름 Example : a<b Pattern : ^a$|^b$ | string |  |"
        );
        assert_eq!(t.rows[0].line, 6);
        let BlockKind::Json(j) = &b[2].kind else {
            panic!("{b:?}")
        };
        assert_eq!(j.value.as_ref().unwrap()["a"], "<");
        assert_eq!(b[2].line, 8);
    }

    #[test]
    fn after_tag_prefers_the_whole_text_then_the_first_word() {
        assert_eq!(
            after_tag("<td>ab</td><td>abc d</td>", ">abc d", ">abc"),
            Some(15)
        );
        assert_eq!(after_tag("<td>abc <em>d</em>", ">abc d", ">abc"), Some(4));
        assert_eq!(after_tag("<td>x</td>", ">abc d", ">abc"), None);
    }

    #[test]
    fn texts_nowhere_in_the_source_cost_a_bounded_search() {
        // 2,000 paragraphs whose text (an entity) is not in the source as written: each is
        // searched nearby, and far only while the budget lasts; all keep ordered lines.
        let mut html = String::from("<html><body>\n");
        for i in 0..2_000 {
            html.push_str(&format!("<p>&#120;{i}</p>\n<p>seen {i}</p>\n"));
        }
        let b = blocks(&html);
        let lines: Vec<usize> = b.iter().map(|b| b.line).collect();
        assert_eq!(lines.len(), 4_000);
        assert!(lines.windows(2).all(|w| w[0] <= w[1]));
        // The texts that are in the source are found on their line.
        assert_eq!(b[3].line, 5);
    }

    #[test]
    fn paragraphs_split_on_br_and_lists_give_toc_entries() {
        let b = blocks("<div><p>Description<br>None</p><ul><li>1.1: <a href=\"#a\">APIs</a><ul><li>1.1.1: <a>Op</a></li></ul></li></ul></div>");
        let kinds: Vec<&BlockKind> = b.iter().map(|b| &b.kind).collect();
        assert_eq!(kinds[0], &BlockKind::Text("Description".into()));
        assert_eq!(kinds[1], &BlockKind::Text("None".into()));
        assert_eq!(
            kinds[2],
            &BlockKind::TocEntry {
                number: vec![1, 1],
                title: "APIs".into()
            }
        );
        assert_eq!(
            kinds[3],
            &BlockKind::TocEntry {
                number: vec![1, 1, 1],
                title: "Op".into()
            }
        );
    }
}
