//! Command-line arguments (SPEC §6).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "bulletin",
    version,
    about = "A static site generator for the websites of government bureaus"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site's folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder [default: ROOT/public].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Use this base URL instead of site.toml's `base_url`.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Also build items marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}
