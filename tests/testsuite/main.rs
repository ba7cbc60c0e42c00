//! Integration tests: the real `bulletin` binary on fixture sites, with
//! assertions on the files it produces. One module per feature.
#![allow(dead_code)]

mod common;

mod architecture;
mod browser;
mod campaigns;
mod charts;
mod check;
mod demo;
mod errors;
mod init;
mod inspection;
mod markdown;
mod new;
mod package;
mod pages;
mod promises;
mod qr;
mod search;
mod serve;
mod templates;
mod urls;
mod writers;
