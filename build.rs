//! Embeds the built-in `bureau` theme (themes/bureau/) into the binary, so a
//! site needs no themes/ folder: generates a table of (path, bytes).

use std::fmt::Write;
use std::path::Path;

fn collect(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name.ends_with(".md") {
            continue;
        }
        if p.is_dir() {
            collect(&p, base, out);
        } else if let Ok(rel) = p.strip_prefix(base) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let theme = Path::new(&manifest).join("themes/bureau");
    println!("cargo:rerun-if-changed=themes/bureau");
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    let mut code = String::from("/// The built-in theme's files: (path under themes/bureau/, contents).\npub static BUILTIN: &[(&str, &[u8])] = &[\n");
    for f in &files {
        let abs = theme.join(f);
        println!("cargo:rerun-if-changed={}", abs.display());
        let _ = writeln!(
            code,
            "    ({f:?}, include_bytes!({:?})),",
            abs.display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("theme_files.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
