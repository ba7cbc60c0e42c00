//! One module per command; each exposes `exec`, returning the process
//! exit code (SPEC §6: 0 success, 1 content errors, 2 usage errors).

pub mod build;

/// Exit codes.
pub const OK: i32 = 0;
pub const CONTENT_ERROR: i32 = 1;
pub const USAGE_ERROR: i32 = 2;
