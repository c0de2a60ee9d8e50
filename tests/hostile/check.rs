//! `scpgen check` sees every file in its output directories: cargo runs a crate's
//! `build.rs` and `tests/*.rs` and reads `.cargo/config.toml` on its own, so a file there
//! that scpgen does not write fails the check, whoever put it there.

use std::path::Path;
use std::process::Command;

use super::common::*;
use super::support::put;

fn check(root: &Path) -> (bool, String) {
    let o = scpgen(&["check"], root);
    (o.status.success(), stdout(&o) + &stderr(&o))
}

#[test]
fn files_scpgen_did_not_write_fail_the_check() {
    for rel in [
        "generated/scp-apigateway/build.rs",
        "generated/.cargo/config.toml",
        "generated/scp-apigateway/tests/evil.rs",
        "generated/scp-apigateway/src/bin/evil.rs",
        "generated/scp-apigateway/benches/b.rs",
        "generated/scp-runtime/examples/e.rs",
        "spec/apigateway/9.9.yaml",
        "spec/evil/1.0.yaml",
        "generated/build.rs",
    ] {
        let dir = checkout();
        put(dir.path(), rel, "fn main() { std::process::exit(1) }\n");
        let (ok, out) = check(dir.path());
        assert!(!ok, "{rel}: the check passed:\n{out}");
        assert!(
            out.contains(&format!("extra: {rel} (not written by scpgen")),
            "{rel}:\n{out}"
        );
    }
}

#[cfg(unix)]
#[test]
fn links_and_other_entries_fail_the_check_too() {
    let dir = checkout();
    let root = dir.path();
    std::os::unix::fs::symlink(
        "/etc/hostname",
        root.join("generated/scp-apigateway/build.rs"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/nowhere", root.join("spec/apigateway/2.0.yaml")).unwrap();
    let (ok, out) = check(root);
    assert!(!ok, "{out}");
    assert!(
        out.contains("extra: generated/scp-apigateway/build.rs"),
        "{out}"
    );
    assert!(out.contains("extra: spec/apigateway/2.0.yaml"), "{out}");
}

#[test]
fn build_output_and_the_lock_file_are_left_aside() {
    let dir = checkout();
    let root = dir.path();
    put(root, "generated/target/debug/build/x/out.rs", "x");
    assert!(root.join("generated/Cargo.lock").exists());
    let (ok, out) = check(root);
    assert!(ok, "{out}");
    // Only the top one is build output.
    put(root, "generated/scp-apigateway/target/x.rs", "x");
    let (ok, out) = check(root);
    assert!(!ok, "{out}");
    assert!(
        out.contains("extra: generated/scp-apigateway/target/x.rs"),
        "{out}"
    );
}

/// `git` in `dir`, quietly.
fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
}

// What the repository ignores is not in it (a fresh clone has none of it): left aside. A
// file the ignore rules name but git tracks is in every clone: it fails the check.
#[test]
fn files_git_ignores_are_left_aside_unless_tracked() {
    let dir = checkout();
    let root = dir.path();
    git(root, &["init", "-q"]);
    put(
        root,
        ".gitignore",
        "*.local\ngenerated/scp-apigateway/tests/scratch/\n",
    );
    put(root, "generated/notes.local", "mine");
    put(root, "generated/scp-apigateway/tests/scratch/a.rs", "mine");
    let (ok, out) = check(root);
    assert!(ok, "{out}");
    put(root, "generated/scp-apigateway/build.local", "tracked");
    git(root, &["add", "-f", "generated/scp-apigateway/build.local"]);
    let (ok, out) = check(root);
    assert!(!ok, "{out}");
    assert!(
        out.contains("extra: generated/scp-apigateway/build.local (not written by scpgen"),
        "{out}"
    );
    assert!(!out.contains("notes.local"), "{out}");
}
