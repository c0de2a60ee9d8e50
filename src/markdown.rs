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

/// Whether a character must not appear raw: line breaks and other controls end a line or a
/// table row; the bidirectional overrides and isolates reorder what a reviewer sees.
fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
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
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, word) in s.split(' ').enumerate() {
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
            if is_unsafe_char(c) {
                out.push(' ');
            } else {
                if SPECIAL.contains(&c) {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out
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

/// A JSON value (an example, a default) as a code span.
pub fn json(value: &serde_json::Value) -> String {
    code(&serde_json::to_string(value).unwrap_or_default())
}

/// Untrusted multi-line prose as Markdown lines: each line trimmed (a line indented by four
/// spaces would be a code block) and made inert with [`text`]; empty lines are kept once, as
/// paragraph breaks.
pub fn prose(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in s.split(['\n', '\r']) {
        let line = text(line.trim());
        let line = line.trim().to_string();
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
        assert_eq!(text("a\r\nb\u{202E}c"), "a  b c");
        assert_eq!(
            text("see https://docs.example.com/a?b=1 now"),
            "see <https://docs.example.com/a?b=1> now"
        );
        assert_eq!(text("https://x.com/<img>"), "https://x.com/\\<img\\>");
    }

    #[test]
    fn code_spans_cannot_be_closed_from_inside() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("``x"), "``` ``x ```");
        assert_eq!(code("a\nb"), "`a b`");
        assert_eq!(code(""), "` `");
    }
}
