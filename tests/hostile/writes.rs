//! Writes: every output path is checked before anything is written (in every output
//! directory of a run), nothing is created outside `--out` even on the way to an error, and
//! two runs into one directory take turns.

use std::path::Path;
use std::process::{Command, Stdio};

use super::common::*;
use super::support::{files_under, input};

// A 301-character version passed the spec checks and failed with "File name too long"
// after other files were written.
#[test]
fn a_version_too_long_for_a_file_name_is_an_input_error() {
    let long = vec!["1"; 151].join(".");
    let page = input("base.txt")
        .replace(
            "| 1.0 | CURRENT | - |",
            &format!("| {long} | CURRENT | - |"),
        )
        .replace("1.1.1.1 - 1.0", &format!("1.1.1.1 - {long}"))
        .replace("| 1.0 | - |", &format!("| {long} | - |"));
    let err = super::support::spec_fails(&[("page.txt", &page)]);
    assert!(err.contains("error: bad-version: "), "{err}");
    assert!(err.contains("at most 32 characters"), "{err}");
    // A spec's version is never refused: its plain form is cut to a file name's measure.
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("hostile/names.yaml")
        .replace("  x-scp-api-version: hostile-names 1.0\n", "")
        .replace("version: \"1.0\"", &format!("version: {long:?}"));
    std::fs::write(dir.path().join("s.yaml"), spec).unwrap();
    let o = scpgen(&["client", "s.yaml", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("s.yaml: warning: version-guessed: "),
        "{}",
        stderr(&o)
    );
    let module = format!("v{}", vec!["1"; 16].join("_"));
    assert!(dir
        .path()
        .join(format!("out/scp-hostile-names/src/{module}.rs"))
        .is_file());
}

// A crate directory that is a link out of `--out`: refused before anything is created, there
// or anywhere (the run used to create `src/` in the link's target before refusing).
#[cfg(unix)]
#[test]
fn a_link_out_of_the_output_directory_is_refused_before_writing() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.yaml"), fixture("hostile/names.yaml")).unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("out/scp-hostile-names")).unwrap();
    let o = scpgen(&["client", "s.yaml", "--out", "out"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("leads outside the output directory"),
        "{}",
        stderr(&o)
    );
    assert!(
        std::fs::read_dir(outside.path()).unwrap().next().is_none(),
        "created outside"
    );
    assert_eq!(files_under(&dir.path().join("out")), 0, "wrote inside");
}

// `generate` writes spec/ and generated/: a conflict in the second leaves the first alone.
#[test]
fn a_conflict_in_one_output_directory_leaves_the_other_untouched() {
    let dir = checkout();
    let root = dir.path();
    let page = root.join("spec/source/application-service.txt");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replacen("API 목록을 조회한다", "API 목록을 조회합니다", 1),
    )
    .unwrap();
    // A file of the user's where scpgen writes (no mark, not in the manifest).
    let lib = root.join("generated/scp-apigateway/src/lib.rs");
    std::fs::write(&lib, "// mine\n").unwrap();
    let manifest = root.join("generated/.scpgen-manifest");
    let listed = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, listed.replace("scp-apigateway/src/lib.rs\n", "")).unwrap();
    let spec = std::fs::read(root.join("spec/apigateway/1.2.yaml")).unwrap();
    let o = scpgen(&["generate"], root);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("refusing to overwrite 1 file(s)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(root.join("spec/apigateway/1.2.yaml")).unwrap(),
        spec
    );
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), "// mine\n");
}

/// The files of a tree (relative) and their contents.
fn tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    scpgen::output::existing_files(root)
        .unwrap()
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(root).unwrap().display().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

// Two runs into one directory, of different inputs: each waits for the other, so the
// directory holds the whole output of one of them (it held half of each).
#[test]
fn two_runs_into_one_directory_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.yaml"), fixture("hostile/names.yaml")).unwrap();
    std::fs::write(root.join("b.txt"), bundled_page()).unwrap();
    // What each gives alone.
    let alone = |input: &str| {
        let out = format!("alone-{input}");
        let o = scpgen(&["client", input, "--out", &out, "--quiet"], root);
        assert!(o.status.success(), "{}", stderr(&o));
        tree(&root.join(out))
    };
    let (a, b) = (alone("a.yaml"), alone("b.txt"));
    for round in 0..2 {
        let out = format!("shared-{round}");
        let spawn = |input: &str| {
            Command::new(env!("CARGO_BIN_EXE_scpgen"))
                .args(["client", input, "--out", &out, "--quiet"])
                .current_dir(root)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (first, second) = if round % 2 == 0 {
            (spawn("a.yaml"), spawn("b.txt"))
        } else {
            (spawn("b.txt"), spawn("a.yaml"))
        };
        for child in [first, second] {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", stderr(&o));
        }
        let got = tree(&root.join(&out));
        assert!(got == a || got == b, "round {round}: a mix of both runs");
    }
}

// The lock, deterministically: while another holder has the directory, a run waits (and
// says so) and writes nothing; it writes once the holder lets go.
#[cfg(unix)]
#[test]
fn a_run_waits_for_the_directory_lock_before_writing() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.yaml"), fixture("hostile/names.yaml")).unwrap();
    std::fs::create_dir(root.join("out")).unwrap();
    let holder = std::fs::File::open(root.join("out")).unwrap();
    holder.lock().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_scpgen"))
        .args(["client", "a.yaml", "--out", "out"])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr_lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = stderr_lines
        .find(|l| {
            l.as_ref()
                .is_ok_and(|l| l.contains("waiting for another scpgen run writing out"))
        })
        .expect("the run says it waits")
        .unwrap();
    assert!(first.starts_with("scpgen: waiting"), "{first}");
    assert_eq!(files_under(&root.join("out")), 0, "wrote while locked out");
    holder.unlock().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success());
    assert!(files_under(&root.join("out")) > 10);
}
