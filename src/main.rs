//! bulletin: a static site generator for the websites of government
//! bureaus. The pipeline, one module per stage:
//! `config` (site.toml) → `content` (files → items, sections) and
//! `charts` (statistics files → SVG) → `site` (the model: columns, tags,
//! archives, relations) → `render` (templates, in parallel) → `output`
//! (only changed files written, moved in on success).

mod charts;
mod check;
mod cli;
mod cmd;
mod config;
mod content;
mod diagnostic;
mod escape;
mod html;
mod markdown;
mod output;
mod package;
mod render;
mod search;
mod serve;
mod site;
mod store;
mod sync;
mod verify;

use clap::Parser;

/// glibc's allocator spent a third of an incremental rebuild consolidating
/// and searching free lists; mimalloc is made for many small allocations
/// freed in bulk, which is what a site model is.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = cli::Cli::parse();
    let code = match &cli.command {
        cli::Command::Build(args) => cmd::build::exec(args),
        cli::Command::Serve(args) => cmd::serve::exec(args),
        cli::Command::Check(args) => cmd::check::exec(args),
        cli::Command::Init(args) => cmd::init::exec(args),
        cli::Command::New(args) => cmd::new::exec(args),
    };
    std::process::exit(code);
}
