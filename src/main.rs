//! The `bulletin` command: arguments to the command that runs them (see
//! the library, `src/lib.rs`, for the pipeline).

use bulletin::{cli, cmd};
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
