//! One module per command; each exposes `exec`, returning the process
//! exit code (README: Commands; 0 success, 1 content errors, 2 usage errors).

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;

/// Exit codes.
pub const OK: i32 = 0;
pub const CONTENT_ERROR: i32 = 1;
pub const USAGE_ERROR: i32 = 2;

/// Whether `root` holds a site; if not, says so and returns the usage
/// error code to exit with.
pub fn require_site(root: &std::path::Path) -> Result<(), i32> {
    if root.join(crate::config::FILE_NAME).is_file() {
        return Ok(());
    }
    eprintln!(
        "error: {} is not a bulletin site: there is no {} in it. Run bulletin in the site's folder or pass --root DIR",
        root.display(),
        crate::config::FILE_NAME
    );
    Err(USAGE_ERROR)
}
