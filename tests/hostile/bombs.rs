//! Memory and time bombs: inputs small on disk that would make scpgen read, build or compile
//! without end. Each must end with a clear error naming the file and line, or finish; the
//! bounds are checked structurally (an address-space limit the old code could not live
//! within, counts of findings), not with timers. `benches/pipeline.rs` measures the times.

use std::path::Path;
use std::process::Command;

use super::common::*;
use super::hostile_pages;

/// `scpgen <args>` in `dir` under an address-space limit (`ulimit -v`, KiB) and a time
/// limit far above what a run takes (a hang fails the test instead of stalling it).
fn scpgen_limited(dir: &Path, kib: u64, args: &[&str]) -> std::process::Output {
    let mut script = format!("ulimit -v {kib}; exec timeout 120 \"$0\"");
    for i in 1..=args.len() {
        script.push_str(&format!(" \"${i}\""));
    }
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_scpgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn assert_refused(o: &std::process::Output, wanted: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(wanted), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

// 300 aliases of a 100k-item anchor: 600 KB on disk, 30 million nodes expanded (4.9 GB
// before). Refused within 1 GiB of address space, before the tree is built.
#[test]
fn yaml_alias_amplification_is_refused_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bomb.yaml"),
        hostile_pages::alias_spec(100_000, 300),
    )
    .unwrap();
    let o = scpgen_limited(
        dir.path(),
        1 << 20,
        &["client", "bomb.yaml", "--out", "out", "--service", "bomb"],
    );
    assert_refused(&o, "bomb.yaml:4: error: bad-spec: ");
    assert!(
        stderr(&o).contains("expands to more than"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("out").exists());
}

// `[[[[…]]]]` 100k deep: libyaml's scanner is quadratic in flow depth (80 s before).
#[test]
fn yaml_flow_nesting_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("deep.yaml"),
        hostile_pages::flow_nesting_spec(100_000),
    )
    .unwrap();
    let o = scpgen_limited(
        dir.path(),
        1 << 20,
        &["client", "deep.yaml", "--out", "out", "--service", "bomb"],
    );
    assert_refused(&o, "deep.yaml:4: error: bad-spec: ");
    assert!(stderr(&o).contains("nested deeper than 256 levels"));
}

// 50,000 nested `<div>`s: html5ever's tree builder is quadratic in depth (27 s before).
#[test]
fn html_nesting_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("deep.html"),
        hostile_pages::nested_divs_page(50_000),
    )
    .unwrap();
    let o = scpgen_limited(dir.path(), 1 << 20, &["lint", "deep.html"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(": html-too-deep: elements nest deeper than 1024 levels"),
        "{}",
        stdout(&o)
    );
}

// A pattern of 14 bytes is a 40 MB automaton; compiled per property it took 0.3-0.9 s each.
// Now each distinct pattern is estimated before any compile, and refused with a finding.
#[test]
fn patterns_too_large_to_compile_are_findings_from_pages() {
    let page = hostile_pages::pattern_page(40, r"[\p{L}\p{N}]{500}", false);
    let (g, diags) = generate("page.txt", &page);
    let large: Vec<_> = diags
        .iter()
        .filter(|d| d.rule == "pattern-too-large")
        .collect();
    assert_eq!(large.len(), 40, "{:?}", diags.sorted());
    assert!(
        large[0].message.contains("kept in the spec"),
        "{}",
        large[0]
    );
    // The spec keeps them (they are real patterns); the client does not compile them.
    let specs = specs_json(&g);
    let thing = &specs[0].1["components"]["schemas"]["Thing"]["properties"]["field_0"];
    assert_eq!(thing["pattern"], r"[\p{L}\p{N}]{500}");
    let files = run_page("page.txt", &page).client_files;
    let models = file(&files, "scp-thingservice/src/models.rs");
    assert!(!models.contains("PATTERN_"), "no client check of it");
    // Distinct ones too: every one is reported, none compiled past the budget.
    let page = hostile_pages::pattern_page(300, r"\w{300}\w{300}", true);
    let (_, diags) = generate("page.txt", &page);
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.rule == "pattern-too-large")
            .count(),
        300
    );
}

// A link to a device, a FIFO, a file over the limit: refused before reading (a link to
// /dev/urandom was read until memory ran out; a FIFO would block the run forever).
#[cfg(unix)]
#[test]
fn inputs_are_regular_files_within_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::os::unix::fs::symlink("/dev/urandom", root.join("x.txt")).unwrap();
    let o = scpgen_limited(root, 1 << 20, &["lint", "x.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(
            "x.txt: unreadable: cannot read the file: not a regular file (a character device)"
        ),
        "{}",
        stdout(&o)
    );
    std::os::unix::fs::symlink("/dev/zero", root.join("z.yaml")).unwrap();
    let o = scpgen_limited(root, 1 << 20, &["client", "z.yaml", "--out", "out"]);
    assert_refused(
        &o,
        "z.yaml: error: unreadable: cannot read the spec: not a regular file",
    );
    let fifo = Command::new("mkfifo").arg(root.join("f.txt")).status();
    if fifo.is_ok_and(|s| s.success()) {
        let o = scpgen_limited(root, 1 << 20, &["lint", "f.txt"]);
        assert!(
            stdout(&o).contains("not a regular file (a FIFO)"),
            "{}",
            stdout(&o)
        );
    }
    // A page over the limit (here lowered) is refused; the limit can be raised.
    std::fs::write(root.join("page.txt"), bundled_page()).unwrap();
    let o = scpgen(&["lint", "page.txt", "--max-input-size", "100K"], root);
    assert!(
        stdout(&o).contains(
            "page.txt: unreadable: cannot read the file: larger than the input size limit of 100 KiB; raise it with --max-input-size"
        ),
        "{}",
        stdout(&o)
    );
    let o = scpgen(&["lint", "page.txt", "--max-input-size", "1M"], root);
    assert!(o.status.success(), "{}", stderr(&o));
}

// `generate` lists spec/source/: an entry there that is no regular file is reported, not
// skipped and not read without end.
#[cfg(unix)]
#[test]
fn a_device_among_the_pages_is_reported() {
    let dir = checkout();
    std::os::unix::fs::symlink("/dev/urandom", dir.path().join("spec/source/more.txt")).unwrap();
    let o = scpgen_limited(dir.path(), 1 << 20, &["generate"]);
    assert_refused(&o, "spec/source/more.txt: error: unreadable: cannot read the file: not a regular file (a character device)");
}
