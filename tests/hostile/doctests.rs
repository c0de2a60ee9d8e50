//! No input text becomes a code block in rustdoc (rustdoc runs code blocks as doctests, so a
//! page could make `cargo test` of a generated crate run its code). Checked the way rustdoc
//! reads the docs: every item's doc comment and every README, parsed as Markdown by
//! pulldown-cmark (rustdoc's own parser); each code block must be one scpgen writes itself
//! (its `no_run` examples), holding none of the input's text.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use scpgen::output::OutputFile;

use super::common::*;
use super::support::codegen;

/// The doc comments of a generated Rust file, one Markdown text per item (consecutive `///`
/// lines, or the `//!` lines of the module), as rustdoc joins them.
fn doc_blocks(source: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<(&str, Vec<&str>)> = None;
    for line in source.lines() {
        let t = line.trim_start();
        assert!(
            !t.starts_with("#[doc") && !t.starts_with("#![doc"),
            "a doc attribute this reader does not see: {line}"
        );
        let marker = ["///", "//!"].into_iter().find(|m| t.starts_with(m));
        match (marker, &mut current) {
            (Some(m), Some((cm, lines))) if *cm == m => lines.push(&t[m.len()..]),
            (Some(m), _) => {
                if let Some((_, lines)) = current.take() {
                    blocks.push(unindent(&lines));
                }
                current = Some((m, vec![&t[m.len()..]]));
            }
            (None, _) => {
                if let Some((_, lines)) = current.take() {
                    blocks.push(unindent(&lines));
                }
            }
        }
    }
    if let Some((_, lines)) = current {
        blocks.push(unindent(&lines));
    }
    blocks
}

/// rustdoc removes the indentation every non-blank line of a doc comment shares.
fn unindent(lines: &[&str]) -> String {
    let common = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(common..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The code blocks of a Markdown text: (fence info, or `indented`; contents).
fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut open: Option<(String, String)> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => "indented".into(),
                };
                open = Some((info, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, body)) = &mut open {
                    body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(open.take()),
            _ => {}
        }
    }
    out
}

/// Every Markdown text rustdoc and a reader see in the files: doc comments and READMEs.
fn rendered_docs(files: &[OutputFile]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in files {
        // The runtime crate is scpgen's constant template, with real doc tests; no input
        // text reaches it.
        if f.path.starts_with("scp-runtime") {
            assert!(!f.contents.contains("HOSTILE"), "{}", f.path.display());
            continue;
        }
        let name = f.path.display().to_string();
        match f.path.extension().and_then(|e| e.to_str()) {
            Some("rs") => out.extend(
                doc_blocks(&f.contents)
                    .into_iter()
                    .map(|b| (name.clone(), b)),
            ),
            Some("md") => out.push((name, f.contents.clone())),
            _ => {}
        }
    }
    out
}

/// The input's text reaches the docs (escaped), and never inside a code block.
pub(super) fn assert_no_input_code_block(files: &[OutputFile], marker: &str, at_least: usize) {
    let mut seen = 0;
    for (file, markdown) in rendered_docs(files) {
        seen += markdown.matches(marker).count();
        for (info, body) in code_blocks(&markdown) {
            assert!(
                matches!(info.as_str(), "no_run" | "rust,no_run") && !body.contains(marker),
                "{file}: a code block rustdoc would run ({info}):\n{body}\n--- in ---\n{markdown}"
            );
        }
    }
    assert!(
        seen >= at_least,
        "the hostile text is kept in the docs, escaped: {seen} of {at_least} places"
    );
}

// A description line that starts with a list marker and five spaces is a list item whose
// content is an indented code block: in the info, summaries, operation, parameter, body,
// response, model and property descriptions and titles of a spec.
#[test]
fn list_item_code_blocks_from_a_spec_are_inert() {
    let files = codegen(&fixture("hostile/names.yaml")).0;
    assert_no_input_code_block(&files, "HOSTILE_DOCTEST", 12);
}

// The same from a page: the overview, operation descriptions, parameter and field cells.
#[test]
fn list_item_code_blocks_from_a_page_are_inert() {
    let outcome = run_page("names.txt", &fixture("hostile/names.txt"));
    assert!(
        !outcome.diagnostics.has_errors(),
        "{:?}",
        outcome.diagnostics.sorted()
    );
    let files = outcome.client_files;
    assert_no_input_code_block(&files, "HOSTILE_DOCTEST", 6);
}

// The class: every marker, any run of spaces or tabs after it, nested markers, in every
// place of a spec that reaches the docs; the crate's rendered docs hold no input code block.
#[test]
fn any_indentation_after_any_list_marker_is_inert() {
    let base = fixture("hostile/names.yaml");
    let mut rng = Rng(0x1157_5eed);
    for _ in 0..12 {
        let marker = ["-", "+", "*", "1.", "7)", "- -", "1. -", ">", "- >"][rng.below(9)];
        let gap = [" ", "\t"][rng.below(2)].repeat(4 + rng.below(6));
        let attack = format!("{marker}{gap}std::process::exit(99); // HOSTILE_LIST");
        let spec = base.replace("HOSTILE_DOCTEST", "doc").replace(
            "A model named like the prelude's Option.",
            &format!("A model.\\n{attack}\\n  {attack}"),
        );
        let spec = spec.replace(
            "description: ok",
            &format!("description: {:?}", format!("ok\n{attack}")),
        );
        let files = codegen(&spec).0;
        assert_no_input_code_block(&files, "HOSTILE_LIST", 2);
    }
}

#[test]
fn the_reader_of_doc_blocks_sees_code_blocks() {
    // The checks above would pass on a reader that sees nothing: this one must be seen.
    let src = "/// Title.\n///\n/// -     run();\nstruct A;\n//! ```no_run\n//! x\n//! ```\n";
    let blocks = doc_blocks(src);
    assert_eq!(blocks.len(), 2);
    assert_eq!(
        code_blocks(&blocks[0]),
        [("indented".into(), "run();".into())]
    );
    assert_eq!(code_blocks(&blocks[1]), [("no_run".into(), "x\n".into())]);
}
