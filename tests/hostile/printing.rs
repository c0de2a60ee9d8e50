//! Raw text into terminals and CI logs: file names and page text reach scpgen's output.
//! No printed line may hold a control character from the input (ANSI escapes, OSC 8 links),
//! start a GitHub workflow command (`::error ...` after a line break in a name), or break
//! out of the Markdown a CI job summary shows; names with control characters are refused.

use super::common::*;
use super::support::input;

/// The control characters a printed text may hold: none but line ends (and no ESC, which
/// the color of a terminal diff would use: these runs print to a pipe).
fn assert_printable(out: &str) {
    for (n, line) in out.lines().enumerate() {
        assert!(
            !line
                .chars()
                .any(|c| c.is_control() || ('\u{80}'..='\u{9f}').contains(&c)),
            "line {n} holds a control character: {line:?}"
        );
        assert!(
            !line.trim_start().starts_with("::"),
            "line {n} is a workflow command: {line:?}"
        );
    }
}

const NAME: &str = "x\n::error file=a,line=1::pwned\n```\n<img src=x>\u{1b}[31m.txt";

#[cfg(unix)]
#[test]
fn file_names_are_escaped_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    // A page with findings, under a name that is a workflow command, a fence and an escape.
    let page = input("base.txt").replace("size Example : 20", "size Example : abc");
    std::fs::write(dir.path().join(NAME), page).unwrap();
    for format in ["text", "json", "markdown"] {
        let o = scpgen(&["lint", "--format", format, NAME], dir.path());
        let out = stdout(&o);
        assert!(out.contains("example-syntax"), "{format}: {out}");
        assert_printable(&out);
        assert_printable(&stderr(&o));
        if format == "text" {
            assert!(
                out.starts_with(
                    "x\\n::error file=a,line=1::pwned\\n```\\n<img src=x>\\u{1b}[31m.txt:30: "
                ),
                "{out}"
            );
        }
        if format == "markdown" {
            // One table, the name in a code span: no code block, no HTML, no second table.
            use pulldown_cmark::{Event, Options, Parser, Tag};
            let events: Vec<Event> = Parser::new_ext(&out, Options::ENABLE_TABLES).collect();
            assert!(
                !events.iter().any(|e| matches!(
                    e,
                    Event::Start(Tag::CodeBlock(_)) | Event::Html(_) | Event::InlineHtml(_)
                )),
                "{out}"
            );
            let tables = events
                .iter()
                .filter(|e| matches!(e, Event::Start(Tag::Table(_))))
                .count();
            assert_eq!(tables, 1, "{out}");
        }
    }
    // A name that is a workflow command by itself, at the start of every finding's line.
    std::fs::copy(dir.path().join(NAME), dir.path().join("::warning::y.txt")).unwrap();
    let o = scpgen(&["lint", "::warning::y.txt"], dir.path());
    assert!(
        stdout(&o).starts_with("\\u{3a}:warning::y.txt:30: "),
        "{}",
        stdout(&o)
    );
    assert_printable(&stdout(&o));
    // The summary line and errors of the other commands.
    let o = scpgen(&["spec", NAME, "--out", "out\n::warning::x"], dir.path());
    assert_printable(&stdout(&o));
    assert_printable(&stderr(&o));
}

// Page text quoted in findings (an example, a row that does not fit): escaped.
#[test]
fn page_text_quoted_in_findings_is_escaped() {
    let page = input("base.txt").replace(
        "size Example : 20",
        "size Example : \u{1b}]8;;http://evil\u{7}abc\u{1b}[2K\u{9b}31m",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("page.txt"), page).unwrap();
    let o = scpgen(&["lint", "page.txt"], dir.path());
    assert!(stdout(&o).contains("example-syntax"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("\\u{1b}]8;;http://evil\\u{7}abc"),
        "{}",
        stdout(&o)
    );
    assert_printable(&stdout(&o));
    assert_printable(&stderr(&o));
}

// A name with a control character is refused, whatever else the run says.
#[test]
fn names_with_control_characters_are_refused() {
    for (from, to) in [
        (
            "| query | size optional |",
            "| query | size\u{1b}[2K optional |",
        ),
        ("| name optional |", "| name\u{7} optional |"),
        ("1.1.1 - Show Thing", "1.1.1 - Show\u{1b}[8m Thing"),
    ] {
        let page = input("base.txt").replace(from, to);
        let err = super::support::spec_fails(&[("page.txt", &page)]);
        assert!(err.contains("error: bad-name: "), "{to:?}: {err}");
        assert!(err.contains("holds a control character"), "{err}");
        assert_printable(&err);
    }
}

// A stale file's diff shows the file on disk, which anyone could have written.
#[test]
fn check_diffs_are_escaped() {
    let dir = checkout();
    let spec = dir.path().join("spec/apigateway/1.2.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let edited = text.replacen(
        "title: API Gateway",
        "title: API Gateway\n::error::pwned\n  ::add-mask::x\n\u{1b}[2J",
        1,
    );
    std::fs::write(&spec, edited).unwrap();
    let o = scpgen(&["check"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    // Removed lines start with `-`: no command; the escape is shown, not sent.
    assert!(stdout(&o).contains("-::error::pwned"), "{}", stdout(&o));
    assert!(stdout(&o).contains("-\\u{1b}[2J"), "{}", stdout(&o));
    assert_printable(&stdout(&o));
}
