//! The template engine with the theme's templates, and template errors
//! as diagnostics on the template's file.

use tera::{Context, Tera};

use super::theme::Theme;
use crate::base::diagnostic::Diagnostic;

/// The template engine with the theme's templates loaded.
pub struct Templates {
    tera: Tera,
    /// Where each template came from, for messages.
    origins: Vec<(String, String)>,
}

impl Templates {
    pub fn load(theme: &Theme) -> Result<Templates, Diagnostic> {
        let mut tera = Tera::new();
        let mut sources = Vec::new();
        let mut origins = Vec::new();
        for (name, origin) in theme.templates() {
            let shown = origin.display(&format!("templates/{name}"));
            let bytes = origin.read().map_err(|e| {
                Diagnostic::error(&shown, 0, format!("cannot read the template: {e}"))
            })?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error(
                    &shown,
                    0,
                    "the template is not UTF-8 text; save it as UTF-8",
                )
            })?;
            sources.push((name.to_string(), text));
            origins.push((name.to_string(), shown));
        }
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(&origins, &e))?;
        Ok(Templates { tera, origins })
    }

    /// Renders to bytes: the page goes to a file as it is, so there is no
    /// need to pay for turning it into a String.
    pub(super) fn render(&self, name: &str, ctx: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut buf = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(name, ctx, &mut buf)
            .map_err(|e| template_error(&self.origins, &e))?;
        Ok(buf)
    }
}

/// A template error as a diagnostic on the template's file.
fn template_error(origins: &[(String, String)], e: &tera::Error) -> Diagnostic {
    let text = error_chain(e);
    // Tera names the template in its message; point at that file.
    let file = origins
        .iter()
        .filter(|(name, _)| text.contains(name.as_str()))
        .max_by_key(|(name, _)| name.len())
        .map_or_else(|| "themes".to_string(), |(_, shown)| shown.clone());
    Diagnostic::error(
        file,
        0,
        format!("template error: {text}. Fix the template, or delete it to use the built-in one"),
    )
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        let m = s.to_string();
        if !text.contains(&m) {
            text.push_str(": ");
            text.push_str(&m);
        }
        src = s.source();
    }
    text.trim().to_string()
}
