//! `scpgen fetch` and `scpgen update` against a local HTTP server (no network): conditional
//! requests, failures that keep the previous copy, retries, timeouts, size limits, redirects
//! to another host, and releases of only the crates whose pages changed, finished by a rerun
//! after a run killed halfway.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::server::{Answer, Server};
use common::*;

/// A repository whose spec/source/sources.toml lists `pages` (server path, file) of
/// `server`, with `[fetch]` settings `fetch`.
fn repository(server: &Server, pages: &[(&str, &str)], fetch: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("spec/source");
    std::fs::create_dir_all(&source).unwrap();
    let mut toml = format!("[fetch]\nretry-delay-ms = 10\n{fetch}\n");
    for (path, file) in pages {
        toml.push_str(&format!(
            "\n[[page]]\nurl = \"{}\"\nlanguage = \"en\"\nfile = \"{file}\"\n",
            server.url(path)
        ));
    }
    std::fs::write(source.join("sources.toml"), toml).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = args.to_vec();
    all.extend(["--root", dir.to_str().unwrap()]);
    scpgen(&all, dir)
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

const PAGE: &str = "spec/source/dc.html";

#[test]
fn a_page_is_fetched_whole_once_then_only_asked_for_a_change() {
    let page = fixture("pages/directconnect.txt");
    let body = page.clone();
    let server = Server::start(move |req| {
        if req.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
            Answer::status(304)
        } else {
            Answer::ok(body.clone(), "\"v1\"")
        }
    });
    let repo = repository(&server, &[("/dc/_print/", "dc.html")], "");
    let o = run(repo.path(), &["fetch"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 pages: 1 changed, 0 unchanged, 0 failed"),
        "{}",
        stderr(&o)
    );
    assert_eq!(read(repo.path(), PAGE), page);
    let lock = read(repo.path(), "spec/source/sources.lock");
    assert!(lock.contains("etag = '\"v1\"'"), "{lock}");
    let first = server.take();
    assert_eq!(first.len(), 1);
    assert!(first[0]
        .headers
        .get("accept-language")
        .unwrap()
        .starts_with("en-US"));
    for secret in ["authorization", "cookie", "if-none-match"] {
        assert!(!first[0].headers.contains_key(secret), "{secret}");
    }

    let modified = std::fs::metadata(repo.path().join(PAGE))
        .unwrap()
        .modified()
        .unwrap();
    let o = run(repo.path(), &["fetch"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 changed, 1 unchanged"),
        "{}",
        stderr(&o)
    );
    assert_eq!(server.take()[0].headers["if-none-match"], "\"v1\"");
    assert_eq!(
        std::fs::metadata(repo.path().join(PAGE))
            .unwrap()
            .modified()
            .unwrap(),
        modified,
        "an unchanged page is not rewritten"
    );
    assert_eq!(read(repo.path(), "spec/source/sources.lock"), lock);

    // A copy edited on disk is fetched whole again: its validators are not the disk's.
    std::fs::write(repo.path().join(PAGE), "edited").unwrap();
    let o = run(repo.path(), &["fetch"]);
    assert!(o.status.success());
    assert!(!server.take()[0].headers.contains_key("if-none-match"));
    assert_eq!(read(repo.path(), PAGE), page);
}

#[test]
fn a_failed_fetch_keeps_the_previous_copy_and_says_why() {
    let server = Server::start(|_| Answer::ok("first", "\"a\""));
    let repo = repository(&server, &[("/dc/_print/", "dc.html")], "");
    assert!(run(repo.path(), &["fetch"]).status.success());
    let lock = read(repo.path(), "spec/source/sources.lock");
    std::fs::write(
        repo.path().join("spec/source/sources.toml"),
        read(repo.path(), "spec/source/sources.toml").replace(
            "retry-delay-ms = 10\n",
            "retry-delay-ms = 10\nmax-size = \"1KiB\"\n",
        ),
    )
    .unwrap();
    for (answer, why) in [
        (Answer::status(404), "HTTP 404"),
        (Answer::status(403), "HTTP 403"),
        (
            Answer {
                status: 200,
                body: vec![b'x'; 4096],
                ..Answer::default()
            },
            "the page is larger than the limit of 1024 bytes",
        ),
    ] {
        server.set(move |_| answer.clone());
        let o = run(repo.path(), &["fetch"]);
        assert_eq!(o.status.code(), Some(1), "{why}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{}: {why}", server.url("/dc/_print/"))),
            "{err}"
        );
        assert!(err.contains("the previous copy is kept"), "{err}");
        assert_eq!(read(repo.path(), PAGE), "first");
        assert_eq!(read(repo.path(), "spec/source/sources.lock"), lock);
        server.take();
    }
}

#[test]
fn server_errors_are_tried_again_a_bounded_number_of_times() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let server = Server::start(move |_| {
        if c.fetch_add(1, Ordering::SeqCst) < 2 {
            Answer::status(500)
        } else {
            Answer::ok("third time", "\"x\"")
        }
    });
    let repo = repository(&server, &[("/p", "p.html")], "attempts = 3");
    let o = run(repo.path(), &["fetch"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert_eq!(read(repo.path(), "spec/source/p.html"), "third time");

    server.set(|_| Answer::status(503));
    server.take();
    let o = run(repo.path(), &["fetch"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("HTTP 503 (after 3 attempts)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(server.take().len(), 3);
    // A 404 is not tried again.
    server.set(|_| Answer::status(404));
    run(repo.path(), &["fetch"]);
    assert_eq!(server.take().len(), 1);
}

#[test]
fn a_slow_server_runs_into_the_timeout() {
    let server = Server::start(|_| Answer {
        delay: Some(Duration::from_secs(5)),
        ..Answer::ok("late", "\"l\"")
    });
    let repo = repository(
        &server,
        &[("/slow", "slow.html")],
        "timeout-seconds = 1\nattempts = 1",
    );
    let o = run(repo.path(), &["fetch"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("timed out"), "{}", stderr(&o));
    assert!(!repo.path().join("spec/source/slow.html").exists());
}

#[test]
fn redirects_are_followed_on_the_page_s_own_origin_only() {
    let server = Server::start(|req| match req.path.as_str() {
        "/old/_print/" => Answer::redirect("/new/_print/"),
        "/new/_print/" => Answer::ok("moved here", "\"m\""),
        _ => Answer::status(404),
    });
    let port = server.port;
    let repo = repository(&server, &[("/old/_print/", "moved.html")], "");
    let o = run(repo.path(), &["fetch"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(repo.path(), "spec/source/moved.html"), "moved here");
    // The same server under another name is another origin: refused, nothing saved.
    server.set(move |_| Answer::redirect(&format!("http://localhost:{port}/new/_print/")));
    let repo = repository(&server, &[("/old/_print/", "away.html")], "");
    let o = run(repo.path(), &["fetch"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("redirected to another origin"),
        "{}",
        stderr(&o)
    );
    assert!(!repo.path().join("spec/source/away.html").exists());
}

/// Every file under `dir`/spec and `dir`/generated, by path.
fn outputs(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, at: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(at).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(root).unwrap().into(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    for sub in ["spec", "generated"] {
        walk(dir, &dir.join(sub), &mut out);
    }
    out
}

fn write_file(root: &Path, rel: &Path, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in outputs(from) {
        write_file(to, &rel, &bytes);
    }
}

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&read(dir, "summary.json")).unwrap()
}

#[test]
fn an_update_releases_only_the_crates_whose_page_changed() {
    let pages: Arc<std::sync::Mutex<BTreeMap<String, String>>> = Arc::new(Default::default());
    pages
        .lock()
        .unwrap()
        .insert("/dc/_print/".into(), fixture("pages/directconnect.txt"));
    pages
        .lock()
        .unwrap()
        .insert("/iam/_print/".into(), fixture("pages/global-sample.txt"));
    let served = pages.clone();
    let server = Server::start(move |req| match served.lock().unwrap().get(&req.path) {
        Some(text) => {
            let etag = format!("\"{}\"", text.len());
            if req.headers.get("if-none-match") == Some(&etag) {
                Answer::status(304)
            } else {
                Answer::ok(text.clone(), &etag)
            }
        }
        None => Answer::status(404),
    });
    let repo = repository(
        &server,
        &[("/dc/_print/", "dc.txt"), ("/iam/_print/", "iam.txt")],
        "",
    );
    let update = |dir: &Path| {
        let o = run(
            dir,
            &[
                "update",
                "-q",
                "--notes",
                "notes.md",
                "--summary",
                "summary.json",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let o = run(dir, &["check", "-q"]);
        assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    };
    update(repo.path());
    let first = summary(repo.path());
    assert_eq!(
        first["pages_changed"],
        serde_json::json!(["dc.txt", "iam.txt"])
    );
    assert_eq!(first["releases"].as_array().unwrap().len(), 3, "{first}");

    // Nothing changed: nothing is written, nothing released.
    let before = outputs(repo.path());
    update(repo.path());
    assert_eq!(outputs(repo.path()), before);
    assert_eq!(summary(repo.path())["releases"], serde_json::json!([]));

    // An optional field added to a model of Direct Connect: its crate alone, a patch.
    pages.lock().unwrap().insert(
        "/dc/_print/".into(),
        fixture("pages/directconnect.txt").replace(
            "| value optional | Value | any of [string, null] | |",
            "| value optional | Value | any of [string, null] | |\n| color optional | Color | any of [string, null] | |",
        ),
    );
    let snapshot = tempfile::tempdir().unwrap();
    copy_tree(repo.path(), snapshot.path());
    update(repo.path());
    let s = summary(repo.path());
    assert_eq!(s["pages_changed"], serde_json::json!(["dc.txt"]));
    assert_eq!(
        s["releases"],
        serde_json::json!([{"crate": "scp-directconnect", "from": "0.1.0", "to": "0.1.1", "kind": "additive", "changes": 2}])
    );
    assert_eq!(s["breaking"], false);
    let notes = read(repo.path(), "notes.md");
    assert!(
        notes.contains("released scp-directconnect 0.1.0 → 0.1.1 (additive, 2 API changes)"),
        "{notes}"
    );
    assert!(notes.contains("field `color` added"), "{notes}");
    assert!(
        read(repo.path(), "generated/scp-directconnect/Cargo.toml").contains("version = \"0.1.1\"")
    );
    assert!(read(repo.path(), "generated/scp-iamlite/Cargo.toml").contains("version = \"0.1.0\""));
    let done = outputs(repo.path());

    // The same update killed after the crates were written, before spec/ (the order the
    // files are written in), then run again: the same files, nothing released twice.
    let killed = tempfile::tempdir().unwrap();
    copy_tree(snapshot.path(), killed.path());
    std::fs::remove_dir_all(killed.path().join("generated")).unwrap();
    std::fs::create_dir_all(killed.path().join("generated")).unwrap();
    for (rel, bytes) in done.iter().filter(|(rel, _)| rel.starts_with("generated")) {
        write_file(killed.path(), rel, bytes);
    }
    update(killed.path());
    assert_eq!(outputs(killed.path()), done);

    // Killed in the middle of the crate: its manifest written, its changelog not yet.
    let killed = tempfile::tempdir().unwrap();
    copy_tree(snapshot.path(), killed.path());
    let manifest = "generated/scp-directconnect/Cargo.toml";
    std::fs::write(killed.path().join(manifest), &done[Path::new(manifest)]).unwrap();
    update(killed.path());
    assert_eq!(outputs(killed.path()), done);

    // An operation removed: breaking, the minor moves.
    pages.lock().unwrap().insert(
        "/dc/_print/".into(),
        fixture("pages/directconnect.txt").replace(
            "post /v1/direct-connects",
            "post /v1/direct-connects/create",
        ),
    );
    update(repo.path());
    let s = summary(repo.path());
    assert_eq!(s["breaking"], true);
    assert_eq!(s["releases"][0]["to"], "0.2.0");
}

#[test]
fn without_a_sources_file_fetch_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("spec/source")).unwrap();
    let o = run(dir.path(), &["fetch"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("sources.toml: no sources file"),
        "{}",
        stderr(&o)
    );
}
