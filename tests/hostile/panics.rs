//! No input panics, and neither does a reader that stops reading.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use super::common::*;

/// A glued-cell model table whose first row has two flag lines (`access_key`, `required`,
/// `optional`, `string`): two rows overlapped and the reader sliced out of bounds.
const TWO_FLAGS: &str =
    "https://docs.e.samsungsdscloud.com/en/apireference/management/iam/models/_print/
Models

1 - AccessKey

NameDescriptionSchemaDefault
access_key
required
optional
string
account_id
required
Account Id
string
";

#[test]
fn a_glued_row_with_two_flag_lines_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("page.txt"), TWO_FLAGS).unwrap();
    for args in [
        &["spec", "page.txt", "--out", "out"][..],
        &["client", "page.txt", "--out", "out2"][..],
        &["lint", "page.txt"][..],
    ] {
        let o = scpgen(args, dir.path());
        let all = stdout(&o) + &stderr(&o);
        assert!(!all.contains("panicked"), "{args:?}: {all}");
        assert_ne!(o.status.code(), Some(101), "{args:?}: {all}");
    }
    // The row is kept: `access_key` is a field (its description the stray flag).
    let (g, _) = generate("page.txt", TWO_FLAGS);
    let model = &g.api.as_ref().expect("the pages' model").services[0].models[0];
    let names: Vec<&str> = model.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["access_key", "account_id"]);
}

// `scpgen lint big.txt | head -1`: the reader goes away after one line; scpgen stops
// writing quietly and exits as the run would have (it used to panic with 101).
#[test]
fn a_closed_pipe_is_a_quiet_exit() {
    let mut page = super::support::input("base.txt");
    for i in 0..5_000 {
        page.push_str(&format!(
            "| f{i} optional | F Example : notanumber{i} | any of [integer, null] | None |\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.txt"), page).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_scpgen"))
        .args(["lint", "big.txt"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("example-syntax"), "{first}");
    // The pipe is closed here, with about 500 KB of findings still to come.
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("scpgen lint: 5000 findings"), "{err}");
}
