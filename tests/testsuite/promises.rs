//! The promises (README: Commands): bad input never loses work; the same input gives the same bytes.

use crate::common::*;

#[test]
fn two_builds_are_byte_identical() {
    let s = Site::fixture("basic");
    let other = tempfile::tempdir().unwrap();
    s.build_ok(&[]);
    s.build_ok(&["--out", other.path().to_str().unwrap()]);
    let a = files(&s.out());
    let b = files(other.path());
    assert_eq!(a, b);
    for f in &a {
        let x = std::fs::read(s.out().join(f)).unwrap();
        let y = std::fs::read(other.path().join(f)).unwrap();
        assert!(x == y, "{f} differs between two builds");
    }
}

#[test]
fn a_failed_build_keeps_the_previous_output() {
    let s = Site::fixture("basic");
    s.build_ok(&[]);
    let before: Vec<(String, Vec<u8>)> = files(&s.out())
        .into_iter()
        .map(|f| {
            let b = std::fs::read(s.out().join(&f)).unwrap();
            (f, b)
        })
        .collect();
    s.edit(
        "content/news/2021-05-10-shipin.md",
        "title: 食品安全专项检查",
        "title: [broken",
    );
    let out = s.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    let after: Vec<(String, Vec<u8>)> = files(&s.out())
        .into_iter()
        .map(|f| {
            let b = std::fs::read(s.out().join(&f)).unwrap();
            (f, b)
        })
        .collect();
    assert!(before == after, "the output changed after a failed build");
    // No staging folder is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("bulletin-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_rebuild_removes_deleted_pages() {
    let s = Site::fixture("basic");
    s.build_ok(&[]);
    assert!(s.exists("news/2021-06-01-jiliang/index.html"));
    std::fs::remove_file(s.root().join("content/news/2021-06-01-jiliang.md")).unwrap();
    s.build_ok(&[]);
    assert!(!s.exists("news/2021-06-01-jiliang/index.html"));
}

#[test]
fn a_rebuild_leaves_unchanged_files_alone() {
    use std::os::unix::fs::MetadataExt;
    let s = Site::fixture("basic");
    s.build_ok(&[]);
    let untouched = s.out().join("reports/2020-summary/index.html");
    let edited = s.out().join("news/2021-06-01-jiliang/index.html");
    let before = std::fs::metadata(&untouched).unwrap();
    s.edit(
        "content/news/2021-06-01-jiliang.md",
        "开展计量监督检查。",
        "开展计量监督抽查。",
    );
    s.build_ok(&[]);
    let after = std::fs::metadata(&untouched).unwrap();
    assert_eq!(
        (before.ino(), before.mtime_nsec()),
        (after.ino(), after.mtime_nsec()),
        "an unchanged page was rewritten"
    );
    assert!(std::fs::read_to_string(edited)
        .unwrap()
        .contains("计量监督抽查"));
}
