//! `bulletin build --package FILE.zip`: the built site as one zip for the
//! government hosting team, with a `manifest.json` listing every file's
//! size and SHA-256, so they can verify what they upload. With `--since
//! OLD_MANIFEST` the zip holds only what changed since that manifest, and
//! the manifest says what to delete.
//!
//! The same output gives a byte-identical zip: files in path order, the
//! zip timestamps fixed at 1980-01-01 (the format's epoch), fixed
//! permissions, and the manifest's `built` time taken from the input (see
//! [`Meta::built`]), never from the clock.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::base::diagnostic::Diagnostic;

/// The manifest's name, inside the zip and, as `FILE.manifest.json`,
/// beside it (to pass to the next `--since`).
pub const MANIFEST: &str = "manifest.json";

/// What the manifest says about the build.
pub struct Meta {
    pub version: &'static str,
    pub base_url: String,
    /// RFC 3339. The time of the newest item (or `SOURCE_DATE_EPOCH`), so
    /// that the same input gives the same package.
    pub built: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    pub base_url: String,
    pub built: String,
    /// Every file of the site (not only those in this zip), by path.
    pub files: Vec<FileEntry>,
    /// With `--since`: what this zip holds and what to delete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Difference>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Difference {
    /// The `built` of the manifest compared against.
    pub base_built: String,
    pub added: Vec<String>,
    pub changed: Vec<String>,
    /// Files of the old site that are gone: delete them on the host.
    pub removed: Vec<String>,
}

/// What was packaged, for the command's report.
pub struct Packaged {
    pub files: usize,
    pub removed: usize,
    pub manifest: PathBuf,
}

/// Writes the site in `out` into the zip `zip_path` (and its manifest
/// beside it). `old`: the manifest of an earlier package (`--since`).
pub fn write(
    out: &Path,
    zip_path: &Path,
    old: Option<&Manifest>,
    meta: &Meta,
) -> Result<Packaged, Diagnostic> {
    let files = site_files(out)?;
    let entries: Vec<FileEntry> = files.iter().map(|(e, _)| e.clone()).collect();
    if entries.iter().any(|e| e.path == MANIFEST) {
        return Err(Diagnostic::error(
            out.join(MANIFEST),
            0,
            "the site has a manifest.json at its root, the name the package gives its own list of files; rename the site's file",
        ));
    }

    let (in_zip, difference) = match old {
        None => (files.iter().collect::<Vec<_>>(), None),
        Some(old) => {
            let before: BTreeMap<&str, &str> = old
                .files
                .iter()
                .map(|f| (f.path.as_str(), f.sha256.as_str()))
                .collect();
            let now: BTreeMap<&str, &FileEntry> =
                entries.iter().map(|e| (e.path.as_str(), e)).collect();
            let mut added = Vec::new();
            let mut changed = Vec::new();
            let mut in_zip = Vec::new();
            for f in &files {
                match before.get(f.0.path.as_str()) {
                    None => added.push(f.0.path.clone()),
                    Some(sha) if *sha != f.0.sha256 => changed.push(f.0.path.clone()),
                    Some(_) => continue,
                }
                in_zip.push(f);
            }
            let removed = before
                .keys()
                .filter(|p| !now.contains_key(*p))
                .map(std::string::ToString::to_string)
                .collect();
            let difference = Difference {
                base_built: old.built.clone(),
                added,
                changed,
                removed,
            };
            (in_zip, Some(difference))
        }
    };
    let removed = difference.as_ref().map_or(0, |d| d.removed.len());
    let manifest = Manifest {
        generator: format!("bulletin {}", meta.version),
        base_url: meta.base_url.clone(),
        built: meta.built.clone(),
        files: entries,
        since: difference,
    };
    let json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| Diagnostic::error(zip_path, 0, e.to_string()))?
        + "\n";

    // Written beside and renamed into place, so a failure never leaves half
    // a package where the hosting team might pick it up.
    let partial = with_suffix(zip_path, ".partial");
    let result = write_zip(&partial, &in_zip, json.as_bytes());
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    if let Err(e) = std::fs::rename(&partial, zip_path) {
        let _ = std::fs::remove_file(&partial);
        return Err(io_error(zip_path, &e));
    }
    let manifest_path = manifest_path(zip_path);
    std::fs::write(&manifest_path, json.as_bytes()).map_err(|e| io_error(&manifest_path, &e))?;
    Ok(Packaged {
        files: in_zip.len(),
        removed,
        manifest: manifest_path,
    })
}

/// `site.zip` → `site.manifest.json`.
pub fn manifest_path(zip_path: &Path) -> PathBuf {
    let stem = zip_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    zip_path.with_file_name(format!("{stem}.{MANIFEST}"))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn write_zip(
    zip_path: &Path,
    files: &[&(FileEntry, PathBuf)],
    manifest: &[u8],
) -> Result<(), Diagnostic> {
    let file = std::fs::File::create(zip_path).map_err(|e| io_error(zip_path, &e))?;
    let mut zip = ZipWriter::new(std::io::BufWriter::new(file));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let zip_error = |e: zip::result::ZipError| Diagnostic::error(zip_path, 0, e.to_string());
    for (entry, src) in files {
        let bytes = std::fs::read(src).map_err(|e| io_error(src, &e))?;
        zip.start_file(entry.path.as_str(), options)
            .map_err(zip_error)?;
        zip.write_all(&bytes).map_err(|e| io_error(zip_path, &e))?;
    }
    zip.start_file(MANIFEST, options).map_err(zip_error)?;
    zip.write_all(manifest)
        .map_err(|e| io_error(zip_path, &e))?;
    let mut inner = zip.finish().map_err(zip_error)?;
    inner.flush().map_err(|e| io_error(zip_path, &e))?;
    Ok(())
}

/// Every file of the built site, sorted by path, with size and SHA-256;
/// bulletin's own bookkeeping file is not part of the site.
fn site_files(out: &Path) -> Result<Vec<(FileEntry, PathBuf)>, Diagnostic> {
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(out).sort_by_file_name() {
        let e = e.map_err(|e| Diagnostic::error(out, 0, e.to_string()))?;
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(out)
            .unwrap_or(e.path())
            .to_string_lossy()
            .replace('\\', "/");
        if rel == crate::output::MANIFEST {
            continue;
        }
        let bytes = std::fs::read(e.path()).map_err(|err| io_error(e.path(), &err))?;
        files.push((
            FileEntry {
                path: rel,
                size: bytes.len() as u64,
                sha256: hex(&Sha256::digest(&bytes)),
            },
            e.path().to_path_buf(),
        ));
    }
    files.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    Ok(files)
}

/// Refuses a package path that cannot be a zip file, or that lies inside
/// the output (the next build would keep it there and publish it).
pub fn check_destination(zip_path: &Path, out: &Path) -> Result<(), String> {
    if zip_path.file_name().is_none() || zip_path.is_dir() {
        return Err(format!(
            "--package {} is a folder; give a file name such as site.zip",
            zip_path.display()
        ));
    }
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    if absolute(zip_path).starts_with(absolute(out)) {
        return Err(format!(
            "--package {} is inside the output folder {}: it would be published with the site; write it elsewhere",
            zip_path.display(),
            out.display()
        ));
    }
    Ok(())
}

/// An earlier manifest: a manifest.json, or the one inside an earlier zip.
pub fn read_manifest(path: &Path) -> Result<Manifest, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    let json = if bytes.starts_with(b"PK") {
        let mut archive = ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| Diagnostic::error(path, 0, format!("not a readable zip: {e}")))?;
        let mut file = archive.by_name(MANIFEST).map_err(|_| {
            Diagnostic::error(
                path,
                0,
                "this zip has no manifest.json: pass a package bulletin made, or its manifest",
            )
        })?;
        let mut s = Vec::new();
        file.read_to_end(&mut s).map_err(|e| io_error(path, &e))?;
        s
    } else {
        bytes
    };
    serde_json::from_slice(&json).map_err(|e| {
        Diagnostic::error(
            path,
            e.line(),
            format!("not a bulletin manifest.json ({e}); pass the manifest.json of an earlier `build --package`"),
        )
    })
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, 0, format!("packaging failed: {e}"))
}
