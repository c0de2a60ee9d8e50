//! Untrusted text inside Markdown: rustdoc comments, generated READMEs, the changelog that CI
//! posts on pull requests. Doc text comes from pages any pull request can change, so it must
//! render as itself and nothing else: no code block (rustdoc runs fenced and indented blocks as
//! doctests, so a page could make `cargo test` execute code), no HTML, no link, no table cell
//! break, no `@mention`, no bidirectional-override character (rustc rejects those in comments).
//!
//! Every piece of input text that reaches Markdown goes through [`text`], [`code`] or
//! [`prose`]; only text scpgen writes itself is emitted as is.

/// Characters that could start or end a Markdown construct; each is escaped with `\`
/// (CommonMark lets any ASCII punctuation be escaped).
const SPECIAL: &[char] = &['\\', '`', '*', '[', ']', '<', '>', '~', '|', '&', '#', '@'];

/// Whether a character must not appear raw (line breaks and other controls end a line or a
/// table row; the bidirectional overrides reorder what a reviewer sees).
fn is_unsafe_char(c: char) -> bool {
    crate::terminal::is_unsafe(c)
}

/// A web address that can be shown as an autolink `<…>`: no character that could end it.
fn is_plain_url(word: &str) -> bool {
    (word.starts_with("https://") || word.starts_with("http://"))
        && word.len() > "https://".len()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%{}".contains(c) && c != '>'
        })
        && !word.contains(['<', '>', '`', '\\', '"'])
}

/// One line of untrusted text as inline Markdown that renders as exactly that text (line
/// breaks and control characters become spaces; web addresses become autolinks, since
/// rustdoc warns on bare ones).
///
/// Runs of spaces (and tabs, and line breaks) collapse to one space. That is what closes the
/// class of code blocks for good: fences are escaped below, and an indented code block needs
/// four columns of indentation, at the start of a line or after a list marker (`-     code()`
/// is a list item whose content is an indented code block, which rustdoc runs). With never
/// two spaces in a row, no text can indent anything; Markdown renders a run of spaces as one
/// anyway. One space is kept at either end, so fragments join as written.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let cleaned: String = s
        .chars()
        .map(|c| if is_unsafe_char(c) { ' ' } else { c })
        .collect();
    if cleaned.starts_with(' ') {
        out.push(' ');
    }
    for (i, word) in cleaned.split(' ').filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if is_plain_url(word) {
            out.push('<');
            out.push_str(word);
            out.push('>');
            continue;
        }
        for c in word.chars() {
            if SPECIAL.contains(&c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    if cleaned.ends_with(' ') && out != " " {
        out.push(' ');
    }
    out
}

/// Where text starts a line ([`prose`] lines do), its first characters could open a block: a list item (`-`,
/// `+`, `1.`, `1)`), a setext heading's underline (`=`, `-`) or a thematic break (`___`);
/// the other block markers are escaped everywhere. A backslash before the marker keeps the
/// text as written (and keeps clippy's `doc_lazy_continuation` quiet about a list that the
/// input never meant).
fn escape_block_start(out: &mut String) {
    let start = out.len() - out.trim_start_matches(' ').len();
    let rest = &out[start..];
    if rest.starts_with(['-', '+', '=', '_']) {
        out.insert(start, '\\');
        return;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(rest.as_bytes().get(digits), Some(b'.' | b')')) {
        out.insert(start + digits, '\\');
    }
}

/// Untrusted text as an inline code span: the fence is longer than any run of backticks
/// inside, so the text cannot close it (CommonMark), and line breaks become spaces.
pub fn code(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| if is_unsafe_char(c) { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in clean.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if clean.is_empty() {
        return "` `".into();
    }
    let fence = "`".repeat(longest + 1);
    // A span that starts or ends with a backtick needs a space inside the fence.
    let pad = if clean.starts_with('`') || clean.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{clean}{pad}{fence}")
}

/// A code span in a table cell: even inside a code span, GitHub ends the cell at a `|`, so
/// it is escaped (GitHub shows `\|` in a cell as `|`); [`text`] escapes it already.
pub fn cell_code(s: &str) -> String {
    code(s).replace('|', "\\|")
}

/// A sentence scpgen words with names from the input as code spans made by [`code`]
/// (`operation `x` removed`, findings), for a table cell: each code span kept as one (read
/// the CommonMark way: a run of backticks up to the next run of the same length, so a name
/// holding backticks stays whole), the words between made inert with [`text`]; a word that
/// looks like a web address becomes a code span too, so a name never turns into a link.
pub fn worded(sentence: &str) -> String {
    let mut out = String::with_capacity(sentence.len() + 16);
    let mut rest = sentence;
    while let Some(open) = rest.find('`') {
        out.push_str(&unlinked(&rest[..open]));
        let run = rest[open..].bytes().take_while(|&b| b == b'`').count();
        let after = &rest[open + run..];
        match closing_run(after, run) {
            Some(close) => {
                let inside = &after[..close];
                // The one space [`code`] pads a span with on both sides is not content.
                let inside = match inside.strip_prefix(' ').and_then(|i| i.strip_suffix(' ')) {
                    Some(i) if !i.trim().is_empty() => i,
                    _ => inside,
                };
                out.push_str(&cell_code(inside));
                rest = &after[close + run..];
            }
            None => {
                out.push_str(&text(&rest[open..open + run]));
                rest = after;
            }
        }
    }
    out.push_str(&unlinked(rest));
    out
}

/// Where a run of exactly `run` backticks starts in `s`.
fn closing_run(s: &str, run: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
            if n == run {
                return Some(i);
            }
            i += n;
        } else {
            i += 1;
        }
    }
    None
}

/// [`text`], but a word that GitHub would link (`https://…`, `www.…`) is a code span.
fn unlinked(s: &str) -> String {
    if !s.contains("://") && !s.contains("www.") {
        return text(s);
    }
    let mut out = String::new();
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.contains("://") || word.contains("www.") {
            out.push_str(&cell_code(word));
        } else {
            out.push_str(&text(word));
        }
    }
    out
}

/// A JSON value (an example, a default) as a code span.
pub fn json(value: &serde_json::Value) -> String {
    code(&serde_json::to_string(value).unwrap_or_default())
}

/// Untrusted multi-line prose as Markdown lines, each made inert with [`text`] and trimmed
/// (no line can start or continue a code block); empty lines are kept once, as paragraph
/// breaks.
pub fn prose(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in s.split(['\n', '\r']) {
        // Trimmed (Unicode spaces too), then checked again for a block marker that the
        // trimming uncovered (`\u{a0}1. x`).
        let mut line = text(line).trim().to_string();
        escape_block_start(&mut line);
        if line.is_empty() && out.last().is_none_or(String::is_empty) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_and_indented_blocks_are_inert() {
        let lines = prose("설명\n```rust\nstd::process::exit(1);\n```\n    indented();\n~~~\nx");
        assert_eq!(
            lines,
            [
                "설명",
                "\\`\\`\\`rust",
                "std::process::exit(1);",
                "\\`\\`\\`",
                "indented();",
                "\\~\\~\\~",
                "x"
            ]
        );
    }

    #[test]
    fn html_links_cells_and_mentions_are_escaped() {
        assert_eq!(
            text("<script>a</script> [x](y) a|b @team"),
            "\\<script\\>a\\</script\\> \\[x\\](y) a\\|b \\@team"
        );
        assert_eq!(text("a\r\nb\u{202E}c"), "a b c");
        assert_eq!(text(" added  (required) "), " added (required) ");
        assert_eq!(text("\t"), " ");
        assert_eq!(
            prose("- item\n 12) x\n2024. x\nx - y\n___"),
            ["\\- item", "12\\) x", "2024\\. x", "x - y", "\\___"]
        );
        assert_eq!(
            text("see https://docs.example.com/a?b=1 now"),
            "see <https://docs.example.com/a?b=1> now"
        );
        assert_eq!(text("https://x.com/<img>"), "https://x.com/\\<img\\>");
    }

    #[test]
    fn worded_sentences_keep_their_names_whole_and_unlinked() {
        for name in [
            "plain",
            "a`b",
            "``x",
            "x`",
            "https://evil.example/a",
            "a|b",
            "<b>",
        ] {
            let sentence = format!("field {} removed", code(name));
            let md = worded(&sentence);
            // One code span holding the name, as pulldown-cmark reads it.
            let spans: Vec<String> = pulldown_cmark::Parser::new(&md)
                .filter_map(|e| match e {
                    pulldown_cmark::Event::Code(c) => Some(c.to_string()),
                    pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { .. }) => {
                        panic!("a link in {md}")
                    }
                    _ => None,
                })
                .collect();
            let shown = name.replace('|', "\\|");
            assert_eq!(spans, [shown.trim().to_string()], "{name}: {md}");
        }
        assert_eq!(
            worded("see https://x.example/ now"),
            "see `https://x.example/` now"
        );
    }

    #[test]
    fn code_spans_cannot_be_closed_from_inside() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("``x"), "``` ``x ```");
        assert_eq!(code("a\nb"), "`a b`");
        assert_eq!(code(""), "` `");
    }

    /// A tiny deterministic generator (xorshift), so the property test needs no dependency
    /// and every run checks the same cases.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// What Markdown's block structure is made of: list markers, indentation of every kind,
    /// fences, quotes, HTML, headings, rules, tables, and text.
    const PIECES: &[&str] = &[
        "-",
        "+",
        "*",
        "1.",
        "2)",
        "123456789.",
        ">",
        " ",
        "  ",
        "    ",
        "     ",
        "\t",
        "\t\t",
        "\u{a0}",
        "\u{3000}",
        "\u{1b}\u{a0}1.",
        "```",
        "~~~",
        "`",
        "<div>",
        "<!--",
        "</pre>",
        "#",
        "=",
        "===",
        "---",
        "|",
        "\\",
        "[a]: /x",
        "x",
        "code();",
        "한글",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "\u{2028}",
        "\u{1b}[31m",
        "- ",
        "1. ",
        "    x",
        "\n    ",
        "\n-     ",
    ];

    /// The line shapes scpgen puts around input text in rustdoc and READMEs.
    const LAYOUTS: &[&str] = &[
        "{}",
        "- {}",
        "  {}",
        "- `name`: {}",
        "1. {}",
        "> {}",
        "**{}**",
    ];

    fn has_block_code_or_html(markdown: &str) -> Option<String> {
        blocks_of(markdown, false)
    }

    /// The first construct input text must not make; with `no_blocks`, also any list,
    /// heading, rule or quote (for layouts that have none of their own).
    fn blocks_of(markdown: &str, no_blocks: bool) -> Option<String> {
        use pulldown_cmark::{Event, Options, Parser, Tag};
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS;
        Parser::new_ext(markdown, options).find_map(|e| match e {
            Event::Start(Tag::CodeBlock(kind)) => Some(format!("code block {kind:?}")),
            Event::Start(Tag::HtmlBlock) | Event::Html(_) | Event::InlineHtml(_) => {
                Some("HTML".into())
            }
            Event::Start(Tag::Link { .. }) if !markdown.contains("<http") => Some("link".into()),
            Event::Start(
                Tag::List(_) | Tag::Heading { .. } | Tag::BlockQuote(_) | Tag::Table(_),
            )
            | Event::Rule
                if no_blocks =>
            {
                Some("a block".into())
            }
            _ => None,
        })
    }

    // The class, not the example: whatever lines of pieces the input holds, in whatever
    // layout scpgen writes it, what rustdoc reads has no code block (a doctest), no HTML
    // and no link.
    #[test]
    fn no_input_text_forms_a_code_block_html_or_a_link() {
        let mut rng = Rng(0x5eed_c0de_1234_5678);
        for case in 0..20_000 {
            let input: String = (0..1 + rng.below(24))
                .map(|_| PIECES[rng.below(PIECES.len())])
                .collect();
            let layout = LAYOUTS[rng.below(LAYOUTS.len())];
            let mut doc: Vec<String> = vec!["Title written by scpgen.".into(), String::new()];
            doc.extend(prose(&input).iter().map(|l| layout.replace("{}", l)));
            doc.push(layout.replace("{}", &text(&input)));
            doc.push(format!("- {}", code(&input)));
            // A doc comment's lines, as rustdoc reads them (one leading space each, removed).
            let markdown = doc.join("\n");
            if let Some(what) = has_block_code_or_html(&markdown) {
                panic!("case {case}: {what} from {input:?}:\n{markdown}");
            }
            // Prose alone makes no block at all: no list, heading, rule or quote.
            let alone = format!("Title.\n\n{}", prose(&input).join("\n"));
            if let Some(what) = blocks_of(&alone, true) {
                panic!("case {case}: {what} from {input:?}:\n{alone}");
            }
        }
    }

    #[test]
    fn list_items_cannot_hold_an_indented_code_block() {
        for attack in [
            "-     std::fs::write(\"/tmp/x\", \"\").unwrap();",
            "1.     std::process::exit(1);",
            "+     x();",
            "2)\t\tx();",
            "- -     x();",
            "-\u{a0}    x();",
        ] {
            let lines = prose(attack);
            assert_eq!(has_block_code_or_html(&lines.join("\n")), None, "{lines:?}");
            assert!(!lines[0].contains("  "), "{lines:?}");
            assert!(!text(&format!("  {attack}  ")).contains("  "));
        }
    }
}
