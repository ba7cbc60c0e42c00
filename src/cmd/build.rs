//! `bulletin build`: runs the pipeline (`crate::pipeline::build`), prints
//! what it found, and writes the package when asked.

use std::path::Path;
use std::time::Instant;

use crate::cli::BuildArgs;
use crate::output;
use crate::pipeline::{self, Built};

pub fn exec(args: &BuildArgs) -> i32 {
    if let Err(code) = super::require_site(&args.root) {
        return code;
    }
    let started = Instant::now();
    let out = args.out.clone().unwrap_or_else(|| args.root.join("public"));
    // The package's options are checked before the output is touched.
    if let Some(zip) = &args.package {
        if let Err(m) = crate::output::package::check_destination(zip, &out) {
            eprintln!("error: {m}");
            return super::USAGE_ERROR;
        }
    }
    let since = match args
        .since
        .as_deref()
        .map(crate::output::package::read_manifest)
    {
        None => None,
        Some(Ok(manifest)) => Some(manifest),
        Some(Err(d)) => {
            eprintln!("{d}");
            return super::CONTENT_ERROR;
        }
    };
    match pipeline::build(
        &args.root,
        &out,
        args.base_url.as_deref(),
        args.drafts,
        args.strict,
    ) {
        Ok(b) => {
            for w in &b.warnings {
                eprintln!("{w}");
            }
            eprintln!(
                "built {} items into {} ({} files) in {} ms",
                b.items,
                b.out.display(),
                b.files,
                started.elapsed().as_millis()
            );
            match &args.package {
                Some(zip) => package(&b, zip, since.as_ref()),
                None => super::OK,
            }
        }
        Err(diags) => {
            let n = diags
                .0
                .iter()
                .filter(|d| d.level == crate::base::diagnostic::Level::Error)
                .count();
            let partial = diags.0.iter().any(|d| d.message.ends_with(output::PARTIAL));
            for d in diags.sorted() {
                eprintln!("{d}");
            }
            if partial {
                eprintln!("build failed with {n} error(s) while putting the new site in place");
            } else {
                eprintln!(
                    "build failed with {n} error(s); the previous output in {} is unchanged",
                    out.display()
                );
            }
            super::CONTENT_ERROR
        }
    }
}

/// `--package`: the output as a zip with its manifest.
fn package(b: &Built, zip: &Path, since: Option<&crate::output::package::Manifest>) -> i32 {
    let meta = crate::output::package::Meta {
        version: env!("CARGO_PKG_VERSION"),
        base_url: b.base_url.clone(),
        built: b.built.clone(),
    };
    match crate::output::package::write(&b.out, zip, since, &meta) {
        Ok(p) => {
            eprintln!(
                "packaged {} files into {}{}; manifest: {}",
                p.files,
                zip.display(),
                if since.is_some() {
                    format!(" ({} removed files listed)", p.removed)
                } else {
                    String::new()
                },
                p.manifest.display()
            );
            super::OK
        }
        Err(d) => {
            eprintln!("{d}");
            eprintln!("the site was built, but the package was not written");
            super::CONTENT_ERROR
        }
    }
}
