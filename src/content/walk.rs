//! Listing the site's folders: what each file of `content/` is (an item, a
//! section, statistics, a file to copy), and the files of `static/` and a
//! theme, following symbolic links only where they stay inside the site
//! (see the module header of `content`).

use std::path::{Path, PathBuf};

use super::Asset;
use crate::base::diagnostic::{Diagnostic, Diagnostics};

/// What a file in content/ is, decided by its name and place.
pub(super) enum Entry {
    Section {
        dir: String,
        source: String,
    },
    /// A bundle's `dir` is its own folder, below `parent_dir`; a single
    /// file's are the same.
    Item {
        source: String,
        dir: String,
        parent_dir: String,
    },
    Stats(String),
    Asset {
        src: PathBuf,
        dest_dir_source: String,
        name: String,
    },
    BundleFile {
        src: PathBuf,
        bundle_source: String,
        rel: String,
    },
}

/// Files a writer's editor or system leaves beside real ones.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name == "4913"
        || name == "Thumbs.db"
        || name == "desktop.ini"
}

/// Lists folders of the site, following symbolic links only where they
/// stay inside it (see the module's header).
pub struct Walker {
    /// The site folder as given, to show paths relative to it.
    root: PathBuf,
    /// The same, with every link in it resolved.
    real_root: PathBuf,
    pub diags: Diagnostics,
}

impl Walker {
    pub fn new(root: &Path) -> Walker {
        Walker {
            root: root.to_path_buf(),
            real_root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            diags: Diagnostics::default(),
        }
    }

    /// The path shown in messages: relative to the site folder.
    fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// Whether `path` (a folder the site reads, such as `content/`) is
    /// inside the site folder once its links are followed; if not, an
    /// error names `shown`.
    pub fn inside(&mut self, path: &Path, shown: &str) -> bool {
        match std::fs::canonicalize(path) {
            Ok(real) if real.starts_with(&self.real_root) => true,
            Ok(real) => {
                self.diags.push(outside(Path::new(shown), &real));
                false
            }
            Err(_) => true,
        }
    }

    /// The entries of `dir`, sorted, without editors' files: (name, path,
    /// is a folder). Links that lead outside the site or nowhere are
    /// reported and left out.
    fn children(&mut self, dir: &Path) -> Vec<(String, PathBuf, bool)> {
        let mut out = Vec::new();
        let rd = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                self.diags.push(Diagnostic::error(
                    self.shown(dir),
                    0,
                    format!("cannot read folder: {e}"),
                ));
                return out;
            }
        };
        for entry in rd.flatten() {
            let path = entry.path();
            let Some(name) = entry.file_name().to_str().map(String::from) else {
                self.diags.push(Diagnostic::error(
                    self.shown(&path),
                    0,
                    "file name is not valid Unicode; rename the file",
                ));
                continue;
            };
            if is_ignored_name(&name) {
                continue;
            }
            // The type comes with the folder listing; only a link needs a
            // look at what it points to.
            let is_dir = match entry.file_type() {
                Ok(t) if !t.is_symlink() => t.is_dir(),
                _ => match self.link_target(dir, &path) {
                    Some(target) => target.is_dir(),
                    None => continue,
                },
            };
            out.push((name, path, is_dir));
        }
        out.sort();
        out
    }

    /// Where the symbolic link `link` in `dir` leads, if it may be
    /// followed; else reports why not.
    fn link_target(&mut self, dir: &Path, link: &Path) -> Option<PathBuf> {
        let shown = self.shown(link);
        let Ok(target) = std::fs::canonicalize(link) else {
            self.diags.push(Diagnostic::error(
                shown,
                0,
                "this symbolic link leads nowhere (its target is gone); remove the link or put the file itself here",
            ));
            return None;
        };
        if !target.starts_with(&self.real_root) {
            self.diags.push(outside(&shown, &target));
            return None;
        }
        let here = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if target.is_dir() && here.starts_with(&target) {
            self.diags.push(Diagnostic::error(
                shown,
                0,
                "this symbolic link points to a folder that contains it; remove the link",
            ));
            return None;
        }
        Some(target)
    }

    /// Every file under the site's folder `folder` (`static`,
    /// `themes/bureau`): (path relative to it, path), sorted. Nothing when
    /// the folder does not exist.
    pub fn files(&mut self, folder: &str) -> Vec<Asset> {
        let dir = self.root.join(folder);
        let mut out = Vec::new();
        if dir.is_dir() && self.inside(&dir, folder) {
            self.files_under(&dir, "", folder, &mut out);
        }
        out
    }

    fn files_under(&mut self, abs: &Path, rel: &str, folder: &str, out: &mut Vec<Asset>) {
        for (name, path, is_dir) in self.children(abs) {
            let rel_path = join(rel, &name);
            if is_dir {
                self.files_under(&path, &rel_path, folder, out);
            } else {
                out.push(Asset {
                    src: path,
                    source: format!("{folder}/{rel_path}"),
                    dest: rel_path,
                });
            }
        }
    }
}

/// The error for a link that leads out of the site folder.
fn outside(shown: &Path, target: &Path) -> Diagnostic {
    Diagnostic::error(
        shown,
        0,
        format!(
            "this symbolic link leads outside the site folder (to {}); bulletin publishes only \
             what is inside the site folder, so that a shared build server never publishes its \
             own files. Copy the file into the site folder instead of linking to it",
            target.display()
        ),
    )
}

pub(super) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

pub(super) fn walk(walker: &mut Walker, abs: &Path, rel: &str, out: &mut Vec<Entry>) {
    let children = walker.children(abs);
    if !rel.is_empty() && children.iter().any(|(n, _, d)| n == "index.md" && !d) {
        let source = join(rel, "index.md");
        let parent_dir = rel.rsplit_once('/').map_or("", |(p, _)| p).to_string();
        out.push(Entry::Item {
            source: source.clone(),
            dir: rel.to_string(),
            parent_dir,
        });
        walk_bundle(walker, abs, "", &source, out);
        return;
    }
    for (name, path, is_dir) in children {
        let rel_path = join(rel, &name);
        if is_dir {
            walk(walker, &path, &rel_path, out);
        } else if name == "_index.md" {
            out.push(Entry::Section {
                dir: rel.to_string(),
                source: rel_path,
            });
        } else if name.ends_with(".md") {
            out.push(Entry::Item {
                source: rel_path,
                dir: rel.to_string(),
                parent_dir: rel.to_string(),
            });
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            out.push(Entry::Stats(rel_path));
        } else {
            out.push(Entry::Asset {
                src: path,
                dest_dir_source: rel.to_string(),
                name,
            });
        }
    }
}

pub(super) fn walk_bundle(
    walker: &mut Walker,
    abs: &Path,
    rel: &str,
    source: &str,
    out: &mut Vec<Entry>,
) {
    for (name, path, is_dir) in walker.children(abs) {
        let rel_path = join(rel, &name);
        if is_dir {
            walk_bundle(walker, &path, &rel_path, source, out);
        } else if rel_path != "index.md" {
            if name.ends_with(".yaml") || name.ends_with(".yml") {
                out.push(Entry::Stats(join(
                    source.trim_end_matches("index.md").trim_end_matches('/'),
                    &rel_path,
                )));
            }
            out.push(Entry::BundleFile {
                src: path,
                bundle_source: source.to_string(),
                rel: rel_path,
            });
        }
    }
}
