//! `build --package`: the zip holds the output and a manifest.json whose
//! sizes and SHA-256 match the files; `--since` packages the difference;
//! the same input gives the same bytes.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{files, stderr, Site};

/// Every entry of a zip: name → bytes.
fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        out.insert(f.name().unwrap().to_string(), bytes);
    }
    out
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn manifest(zip: &BTreeMap<String, Vec<u8>>) -> Value {
    serde_json::from_slice(&zip["manifest.json"]).unwrap()
}

fn paths(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_package_holds_the_output_and_a_verifiable_manifest() {
    let site = Site::fixture("basic");
    let zip_path = site.root().join("site.zip");
    let out = site.build_ok(&["--package", zip_path.to_str().unwrap()]);
    assert!(stderr(&out).contains("packaged"), "{}", stderr(&out));
    let zip = unzip(&zip_path);
    let m = manifest(&zip);
    assert_eq!(
        m["generator"],
        format!("bulletin {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(m["base_url"], "https://scjg.example.gov.cn/sub/");
    assert_eq!(m["built"], "2022-12-22T10:00:00+08:00");
    let mut expected: Vec<String> = files(&site.out())
        .into_iter()
        .filter(|f| f != ".bulletin-manifest")
        .collect();
    expected.sort();
    let listed: Vec<String> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, expected);
    for f in m["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        let bytes = std::fs::read(site.out().join(path)).unwrap();
        assert_eq!(f["size"], bytes.len() as u64, "{path}");
        assert_eq!(f["sha256"], sha256(&bytes), "{path}");
        assert_eq!(zip[path], bytes, "{path} in the zip");
    }
    assert_eq!(zip.len(), expected.len() + 1);
    // The manifest is also written beside the zip, for the next --since.
    let beside = std::fs::read(site.root().join("site.manifest.json")).unwrap();
    assert_eq!(beside, zip["manifest.json"]);
}

#[test]
fn the_same_input_gives_a_byte_identical_package() {
    let site = Site::fixture("basic");
    let a = site.root().join("a.zip");
    let b = site.root().join("b.zip");
    site.build_ok(&["--package", a.to_str().unwrap()]);
    // A fresh output folder too: nothing of the first build is reused.
    std::fs::remove_dir_all(site.out()).unwrap();
    site.build_ok(&["--package", b.to_str().unwrap()]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn since_packages_only_what_changed_and_lists_what_went() {
    let site = Site::fixture("basic");
    let first = site.root().join("v1.zip");
    site.build_ok(&["--package", first.to_str().unwrap()]);
    let old_manifest = site.root().join("v1.manifest.json");

    site.edit(
        "content/news/2021-05-10-shipin.md",
        "title: 食品安全专项检查",
        "title: 食品安全专项检查（更正）",
    );
    site.write(
        "content/news/2022-12-23-new.md",
        "---\ntitle: 新增稿件\ndate: 2022-12-23\n---\n\n正文。\n",
    );
    std::fs::remove_file(site.root().join("content/news/2021-06-01-jiliang.md")).unwrap();

    for since in [&old_manifest, &first] {
        let second = site.root().join("v2.zip");
        site.build_ok(&[
            "--package",
            second.to_str().unwrap(),
            "--since",
            since.to_str().unwrap(),
        ]);
        let zip = unzip(&second);
        let m = manifest(&zip);
        let d = &m["since"];
        assert!(
            paths(&d["added"]).contains(&"news/2022-12-23-new/index.html".to_string()),
            "{d:#}"
        );
        assert!(
            paths(&d["changed"]).contains(&"news/2021-05-10-shipin/index.html".to_string()),
            "{d:#}"
        );
        assert!(
            paths(&d["removed"]).contains(&"news/2021-06-01-jiliang/index.html".to_string()),
            "{d:#}"
        );
        // The zip holds exactly the added and changed files, and the manifest.
        let mut inside: Vec<String> = zip
            .keys()
            .filter(|k| *k != "manifest.json")
            .cloned()
            .collect();
        let mut expected = [paths(&d["added"]), paths(&d["changed"])].concat();
        inside.sort();
        expected.sort();
        assert_eq!(inside, expected);
        // The removed are gone from the output.
        for gone in paths(&d["removed"]) {
            assert!(!site.out().join(&gone).exists(), "{gone}");
        }
        // The full listing stays complete, for the next --since.
        assert_eq!(
            m["files"].as_array().unwrap().len(),
            files(&site.out()).len() - 1
        );
    }
}

#[test]
fn package_options_are_checked() {
    let site = Site::fixture("basic");
    let out = site.build(&["--since", "x.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    site.write("old.json", "{ not json");
    let zip = site.root().join("p.zip");
    let out = site.build(&[
        "--package",
        zip.to_str().unwrap(),
        "--since",
        site.root().join("old.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("old.json") && err.contains("not a bulletin manifest.json"),
        "{err}"
    );
    assert!(!zip.exists(), "no package after a failure");
}

#[test]
fn a_package_inside_the_output_or_at_a_folder_is_refused_before_building() {
    let site = Site::fixture("basic");
    let inside = site.out().join("site.zip");
    let out = site.build(&["--package", inside.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("inside the output folder"));
    assert!(!site.out().exists(), "nothing was built");

    let dir = site.root().join("packages");
    std::fs::create_dir(&dir).unwrap();
    let out = site.build(&["--package", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let left: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(std::result::Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert_eq!(left, Vec::<String>::new());
}
