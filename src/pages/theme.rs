//! The theme: the built-in `bureau` files, with the site's own
//! `themes/<name>/` files replacing them one file at a time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::base::diagnostic::{Diagnostic, Diagnostics};

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// The name of the built-in theme.
pub const BUILTIN_NAME: &str = "bureau";

/// Where a theme file comes from, for error messages and copying.
#[derive(Debug, Clone)]
pub enum Origin {
    Builtin(&'static [u8]),
    File(PathBuf),
}

/// The theme's files by path under the theme folder
/// (`templates/item.html`, `static/css/bureau.css`).
#[derive(Debug, Default)]
pub struct Theme {
    pub files: BTreeMap<String, Origin>,
}

impl Theme {
    /// The built-in files overlaid with `root/themes/<name>/`. A theme other
    /// than `bureau` must exist as a folder; the built-in files fill what it
    /// leaves out.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let mut theme = Theme::default();
        for (path, bytes) in BUILTIN {
            theme.files.insert(path.to_string(), Origin::Builtin(bytes));
        }
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            if name == BUILTIN_NAME {
                return Ok(theme);
            }
            return Err(Diagnostic::error(
                crate::config::FILE_NAME,
                0,
                format!(
                    "theme `{name}` not found: there is no folder themes/{name}/. \
                     Use theme = \"{BUILTIN_NAME}\" (built in) or create the folder"
                ),
            )
            .into());
        }
        // Links out of the site folder are refused here as in content/.
        let mut walker = crate::content::Walker::new(root);
        for file in walker.files(&format!("themes/{name}")) {
            theme.files.insert(file.dest, Origin::File(file.src));
        }
        if walker.diags.has_errors() {
            return Err(walker.diags);
        }
        Ok(theme)
    }

    /// Templates: (name relative to templates/, origin).
    pub fn templates(&self) -> impl Iterator<Item = (&str, &Origin)> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("templates/").map(|n| (n, v)))
    }

    /// Static files: (output path, origin).
    pub fn statics(&self) -> impl Iterator<Item = (&str, &Origin)> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("static/").map(|n| (n, v)))
    }
}

impl Origin {
    /// The path shown in messages.
    pub fn display(&self, theme_path: &str) -> String {
        match self {
            Origin::Builtin(_) => format!("themes/{BUILTIN_NAME}/{theme_path} (built in)"),
            Origin::File(p) => p.display().to_string(),
        }
    }

    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Origin::Builtin(b) => Ok(b.to_vec()),
            Origin::File(p) => std::fs::read(p),
        }
    }
}
