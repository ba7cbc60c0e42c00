//! A build in progress: files go to a staging folder beside the output
//! and are moved into it only when the whole build succeeded (see the
//! module header of `output`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use super::manifest::{manifest_line, Written, MANIFEST};
use super::{io_error, is_empty_dir, parent_dir};
use crate::base::diagnostic::Diagnostic;
use crate::base::sync::{into_inner, lock};

/// A build in progress.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// Whether `target` held a previous build to compare with.
    previous: bool,
    /// What the previous build wrote (its manifest), with what each file
    /// held if the manifest says (older manifests hold paths only).
    previous_files: HashMap<String, Option<Written>>,
    /// When the manifest was written: an output file modified later is not
    /// as the manifest says.
    previous_time: Option<SystemTime>,
    /// Every output path of this build, written or unchanged.
    outputs: Mutex<HashMap<String, Written>>,
    /// The paths actually written to `dir` (new or changed).
    written: Mutex<Vec<String>>,
}

impl Staging {
    /// Creates an empty staging folder beside `target` (same file system,
    /// so moving files into place is a rename).
    pub fn new(target: &Path) -> Result<Staging, Diagnostic> {
        let target = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
        let parent = parent_dir(&target)?;
        let name = target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.bulletin-new"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| io_error(&dir, &e))?;
        let previous = target.is_dir();
        let mut previous_files = HashMap::new();
        let mut previous_time = None;
        if previous {
            match std::fs::read_to_string(target.join(MANIFEST)) {
                Ok(text) => {
                    previous_files = text.lines().map(manifest_line).collect();
                    previous_time = std::fs::metadata(target.join(MANIFEST))
                        .and_then(|m| m.modified())
                        .ok();
                }
                Err(_) if is_empty_dir(&target) => {}
                Err(_) => {
                    let _ = std::fs::remove_dir_all(&dir);
                    return Err(Diagnostic::error(
                        &target,
                        0,
                        format!(
                            "this folder holds files that bulletin did not write (there is no {MANIFEST} in it); \
                             bulletin will not overwrite or delete them. Give --out an empty or new folder"
                        ),
                    ));
                }
            }
        }
        Ok(Staging {
            dir,
            target,
            previous,
            previous_files,
            previous_time,
            outputs: Mutex::new(HashMap::new()),
            written: Mutex::new(Vec::new()),
        })
    }

    /// Writes one file (`path` relative to the output root, `/`-separated),
    /// unless the previous output already holds exactly these bytes.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if path.split('/').any(|s| s == ".." || s.is_empty()) {
            return Err(Diagnostic::error(
                path,
                0,
                "refusing to write outside the output folder",
            ));
        }
        if path == MANIFEST || path.split('/').any(|s| s == ".") {
            return Err(Diagnostic::error(
                path,
                0,
                "this output path is reserved or not a plain path",
            ));
        }
        let written = Written::of(bytes);
        if lock(&self.outputs)
            .insert(path.to_string(), written)
            .is_some()
        {
            return Err(crate::pages::collision(path));
        }
        if self.previous && self.unchanged(path, written, bytes) {
            return Ok(());
        }
        let dest = self.dir.join(path);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        std::fs::write(&dest, bytes).map_err(|e| io_error(&dest, &e))?;
        lock(&self.written).push(path.to_string());
        Ok(())
    }

    /// Whether the previous output's file at `path` holds `bytes`: known
    /// from the manifest when the file is as the last build left it, found
    /// by reading it otherwise.
    fn unchanged(&self, path: &str, written: Written, bytes: &[u8]) -> bool {
        let file = self.target.join(path);
        let Ok(meta) = std::fs::metadata(&file) else {
            return false;
        };
        if !meta.is_file() || meta.len() != written.size {
            return false;
        }
        let as_left = match (meta.modified(), self.previous_time) {
            (Ok(modified), Some(manifest)) => modified <= manifest,
            _ => false,
        };
        match self.previous_files.get(path) {
            Some(Some(recorded)) if as_left => *recorded == written,
            _ => std::fs::read(&file).is_ok_and(|old| old == bytes),
        }
    }

    /// Puts the new site in place of the old one. An error here means the
    /// output folder may hold a mix of the old and the new site.
    pub fn commit(self) -> Result<PathBuf, Diagnostic> {
        let outputs = into_inner(self.outputs);
        let mut lines: Vec<String> = outputs
            .iter()
            .map(|(path, w)| format!("{path}\t{}\t{:032x}", w.size, w.hash))
            .collect();
        lines.sort_unstable();
        let manifest = lines.join("\n") + "\n";
        if !self.previous || is_empty_dir(&self.target) {
            std::fs::write(self.dir.join(MANIFEST), &manifest)
                .map_err(|e| io_error(&self.dir, &e))?;
            if self.target.is_dir() {
                std::fs::remove_dir(&self.target).map_err(|e| io_error(&self.target, &e))?;
            }
            std::fs::rename(&self.dir, &self.target).map_err(|e| io_error(&self.target, &e))?;
            return Ok(self.target);
        }
        let written = into_inner(self.written);
        for path in &written {
            let from = self.dir.join(path);
            let to = self.target.join(path);
            if let Some(parent) = to.parent() {
                if parent.is_file() {
                    // A file of the old site stands where a folder is now.
                    std::fs::remove_file(parent).map_err(|e| io_error(parent, &e))?;
                }
                std::fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
            }
            if to.is_dir() {
                std::fs::remove_dir_all(&to).map_err(|e| io_error(&to, &e))?;
            }
            std::fs::rename(&from, &to).map_err(|e| io_error(&to, &e))?;
        }
        // Only what the previous build wrote, and this one did not.
        let mut stale: Vec<&String> = self
            .previous_files
            .keys()
            .filter(|p| !outputs.contains_key(*p))
            .collect();
        stale.sort_unstable();
        for path in stale {
            let file = self.target.join(path);
            if file.is_file() {
                let _ = std::fs::remove_file(&file);
            }
            // Remove the folders this left empty, up to the output root.
            let mut dir = file.parent();
            while let Some(d) = dir {
                if d == self.target || std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        std::fs::write(self.target.join(MANIFEST), &manifest)
            .map_err(|e| io_error(&self.target, &e))?;
        let _ = std::fs::remove_dir_all(&self.dir);
        Ok(self.target)
    }

    /// Throws the staging folder away; the previous output stays as it was.
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl crate::base::sink::Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        Staging::write(self, path, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file() && e.file_name() != MANIFEST)
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn rebuild_writes_changes_and_removes_what_is_gone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::new(&out).unwrap();
        s.write("index.html", b"home").unwrap();
        s.write("news/a/index.html", b"a").unwrap();
        s.write("news/b/index.html", b"b").unwrap();
        s.commit().unwrap();

        let s = Staging::new(&out).unwrap();
        s.write("index.html", b"home").unwrap();
        s.write("news/a/index.html", b"a2").unwrap();
        s.write("news/c/index.html", b"c").unwrap();
        assert_eq!(
            *lock(&s.written),
            ["news/a/index.html", "news/c/index.html"],
            "unchanged files are not written"
        );
        s.commit().unwrap();
        assert_eq!(
            tree(&out),
            [
                ("index.html".to_string(), b"home".to_vec()),
                ("news/a/index.html".to_string(), b"a2".to_vec()),
                ("news/c/index.html".to_string(), b"c".to_vec()),
            ]
        );
        assert!(!out.join("news/b").exists(), "empty folders go too");
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no staging folder left"
        );
    }

    /// Builds `files` into `out`, returning what was actually written.
    fn build(out: &Path, files: &[(&str, &[u8])]) -> Vec<String> {
        let s = Staging::new(out).unwrap();
        for (path, bytes) in files {
            s.write(path, bytes).unwrap();
        }
        let written = lock(&s.written).clone();
        s.commit().unwrap();
        written
    }

    fn set_modified(file: &Path, time: SystemTime) {
        let f = std::fs::File::options().write(true).open(file).unwrap();
        f.set_modified(time).unwrap();
    }

    const SITE: &[(&str, &[u8])] = &[("index.html", b"home"), ("a.html", b"aaaa")];

    /// Builds [`SITE`] into a new folder, then changes `a.html` by hand to
    /// other bytes of the same size, dated a minute after the manifest was
    /// written (`after`) or before.
    fn built_then_edited(after: bool) -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, SITE);
        let built = std::fs::metadata(out.join(MANIFEST))
            .and_then(|m| m.modified())
            .unwrap();
        std::fs::write(out.join("a.html"), b"AAAA").unwrap();
        let minute = std::time::Duration::from_secs(60);
        let when = if after {
            built + minute
        } else {
            built - minute
        };
        set_modified(&out.join("a.html"), when);
        (tmp, out)
    }

    #[test]
    fn the_manifest_tells_unchanged_files_without_reading_them() {
        let (_tmp, out) = built_then_edited(false);
        let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert!(manifest.starts_with("a.html\t4\t"), "{manifest}");
        // Dated before the manifest, the edit is not seen: only a rebuild
        // that trusts the manifest leaves it.
        assert_eq!(build(&out, SITE), Vec::<String>::new());
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"AAAA");
    }

    #[test]
    fn a_file_modified_after_the_build_is_read_and_restored() {
        let (_tmp, out) = built_then_edited(true);
        assert_eq!(build(&out, SITE), ["a.html"]);
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"aaaa");
        // Modified, but back to the same bytes: read, found equal, kept.
        let later = SystemTime::now() + std::time::Duration::from_secs(60);
        set_modified(&out.join("index.html"), later);
        assert_eq!(build(&out, SITE), Vec::<String>::new());
    }

    #[test]
    fn a_manifest_of_paths_only_still_serves() {
        // As bulletin wrote them before the manifest held sizes and hashes.
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("index.html"), b"home").unwrap();
        std::fs::write(out.join("old.html"), b"old").unwrap();
        std::fs::write(out.join(MANIFEST), "index.html\nold.html\n").unwrap();
        let written = build(&out, &[("index.html", b"home"), ("new.html", b"new")]);
        assert_eq!(written, ["new.html"]);
        assert_eq!(
            tree(&out),
            [
                ("index.html".to_string(), b"home".to_vec()),
                ("new.html".to_string(), b"new".to_vec()),
            ]
        );
    }

    #[test]
    fn discard_keeps_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::new(&out).unwrap();
        s.write("index.html", b"home").unwrap();
        s.commit().unwrap();
        let s = Staging::new(&out).unwrap();
        s.write("index.html", b"broken").unwrap();
        s.discard();
        assert_eq!(tree(&out), [("index.html".to_string(), b"home".to_vec())]);
    }

    #[test]
    fn files_it_did_not_write_survive() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::new(&out).unwrap();
        s.write("index.html", b"home").unwrap();
        s.commit().unwrap();
        std::fs::write(out.join("verify-host.txt"), b"token").unwrap();
        let s = Staging::new(&out).unwrap();
        s.write("other.html", b"x").unwrap();
        s.commit().unwrap();
        assert_eq!(
            tree(&out),
            [
                ("other.html".to_string(), b"x".to_vec()),
                ("verify-host.txt".to_string(), b"token".to_vec()),
            ]
        );
    }

    #[test]
    fn a_folder_of_other_files_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("site.toml"), b"title = 1").unwrap();
        let err = Staging::new(tmp.path()).err().expect("refused");
        assert!(err.message.contains(MANIFEST), "{}", err.message);
        assert!(tmp.path().join("site.toml").exists());
        // An empty folder is fine.
        let empty = tmp.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let s = Staging::new(&empty).unwrap();
        s.write("index.html", b"home").unwrap();
        s.commit().unwrap();
        assert_eq!(tree(&empty), [("index.html".to_string(), b"home".to_vec())]);
    }

    #[test]
    fn one_path_written_twice_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::new(&tmp.path().join("public")).unwrap();
        s.write("index.html", b"a").unwrap();
        assert!(s.write("index.html", b"b").is_err());
    }

    #[test]
    fn refuses_paths_outside() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::new(&tmp.path().join("public")).unwrap();
        assert!(s.write("../x", b"").is_err());
        assert!(s.write("/etc/x", b"").is_err());
    }
}
