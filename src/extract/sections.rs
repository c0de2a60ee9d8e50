//! The heading tree of a page: numbered headings nest by number prefix (`1.1.3.2` sits under
//! `1.1.3`), each holding the blocks up to the next heading.

use crate::doc::{Block, BlockKind, Document};

/// A numbered section and what it holds.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    pub number: Vec<u32>,
    pub title: String,
    pub line: usize,
    /// Blocks between this heading and the next one.
    pub body: Vec<&'a Block>,
    pub children: Vec<Section<'a>>,
}

/// The page split into what comes before the first heading and the section tree.
#[derive(Debug, Clone, Default)]
pub struct Outline<'a> {
    pub preamble: Vec<&'a Block>,
    pub sections: Vec<Section<'a>>,
}

/// Builds the tree. A heading whose number does not extend its predecessor's goes up until
/// it does, so a page that starts deeper (a single-operation page) still nests correctly.
pub fn outline(doc: &Document) -> Outline<'_> {
    let mut out = Outline::default();
    // Path of open sections, outermost first.
    let mut stack: Vec<Section<'_>> = Vec::new();
    for block in &doc.blocks {
        match &block.kind {
            BlockKind::Heading { number, title } => {
                while stack
                    .last()
                    .is_some_and(|top| !is_prefix(&top.number, number))
                {
                    close(&mut stack, &mut out.sections);
                }
                stack.push(Section {
                    number: number.clone(),
                    title: title.clone(),
                    line: block.line,
                    body: Vec::new(),
                    children: Vec::new(),
                });
            }
            _ => match stack.last_mut() {
                Some(top) => top.body.push(block),
                None => out.preamble.push(block),
            },
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut out.sections);
    }
    out
}

fn close<'a>(stack: &mut Vec<Section<'a>>, roots: &mut Vec<Section<'a>>) {
    if let Some(done) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(done),
            None => roots.push(done),
        }
    }
}

fn is_prefix(parent: &[u32], child: &[u32]) -> bool {
    parent.len() < child.len() && child.starts_with(parent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{text, SourceText};
    use std::path::Path;
    use std::sync::Arc;

    #[test]
    fn nests_by_number() {
        let src = SourceText {
            path: Arc::from(Path::new("t")),
            text: "banner\n1 - S\nov\n1.1 - APIs\n1.1.1 - Op\n1.1.1.1 - 1.2\nx\n1.1.1.2 - 1.1\n1.2 - Models\n1.2.1 - M\n2 - T\n".into(),
        };
        let doc = text::read(&src);
        let o = outline(&doc);
        assert_eq!(o.preamble.len(), 1);
        assert_eq!(o.sections.len(), 2);
        let s = &o.sections[0];
        assert_eq!(s.children.len(), 2);
        assert_eq!(s.children[0].children[0].children.len(), 2);
        assert_eq!(s.children[0].children[0].children[0].body.len(), 1);
        assert_eq!(s.children[1].children[0].title, "M");
    }
}
