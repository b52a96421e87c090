//! The page's exports (issue #6), in the tools module: the code analysed
//! again with the DDL details, then each format as text to preview, copy
//! or download — Mermaid `erDiagram`, DBML, SQL DDL per dialect (what
//! `sequelize.sync()` sends), and the analysis as JSON (the oracle's
//! schema, as `assoc json` prints it). The same functions as the command
//! line's `assoc mermaid|dbml|sql|json`, so the page and the command line
//! give the same text. The drawing's SVG and PNG come from the graph tab
//! itself (its toolbar), which holds the current drawing.
//!
//! [`exports`] is plain and host-tested; [`show`] draws the panel. Nothing
//! is sent anywhere: a download is a `blob:` link made in the page.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::oracle_json::oracle_json_text;
use crate::engine::{analyse, Analysis, SourceFile};
use crate::export;
use crate::graph::svg::escape;
use crate::sql::{self, Dialect};

/// One format of the export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// What the panel calls it, and its `data-export` hook.
    pub id: &'static str,
    pub label: &'static str,
    /// The file a download is saved as.
    pub file: &'static str,
    pub mime: &'static str,
    /// The text, or why there is none (Sequelize would throw).
    pub text: Result<String, String>,
}

const FORMATS: [(&str, &str, &str, &str); 6] = [
    ("mermaid", "Mermaid", "schema.mmd", "text/plain"),
    ("dbml", "DBML", "schema.dbml", "text/plain"),
    (
        "postgres",
        "SQL (PostgreSQL)",
        "schema.postgres.sql",
        "application/sql",
    ),
    (
        "mysql",
        "SQL (MySQL)",
        "schema.mysql.sql",
        "application/sql",
    ),
    (
        "sqlite",
        "SQL (SQLite)",
        "schema.sqlite.sql",
        "application/sql",
    ),
    ("json", "JSON", "analysis.json", "application/json"),
];

/// Every format for `code` (the editor's text).
pub fn exports(code: &str) -> Vec<Export> {
    let analysis = analyse(&[SourceFile::new("input.js", code)]);
    FORMATS
        .iter()
        .map(|&(id, label, file, mime)| Export {
            id,
            label,
            file,
            mime,
            text: text(&analysis, id),
        })
        .collect()
}

fn text(analysis: &Analysis, id: &str) -> Result<String, String> {
    // The JSON is the strict result: where Sequelize throws, that error.
    if id == "json" {
        return Ok(oracle_json_text(analysis));
    }
    if let Some(e) = &analysis.strict_error {
        return Err(format!(
            "Sequelize throws on this code, so there is no schema to export: {}",
            e.message
        ));
    }
    match id {
        "mermaid" => Ok(export::mermaid(&analysis.schema)),
        "dbml" => Ok(export::dbml(&analysis.schema)),
        dialect => {
            let dialect = Dialect::from_name(dialect).unwrap_or_default();
            sql::ddl(&analysis.schema, dialect)
                .map(|ddl| {
                    let mut text = ddl.text();
                    for note in &ddl.notes {
                        text.push_str("-- ");
                        text.push_str(note);
                        text.push('\n');
                    }
                    text
                })
                .map_err(|e| format!("sequelize.sync() fails: {}", e.message))
        }
    }
}

/// The panel's markup: a tab per format, its text, Copy and Download.
fn panel(list: &[Export], chosen: usize) -> String {
    let mut s = String::from(
        "<section class=\"export-panel\" aria-label=\"Export\"><header class=\"export-head\"><h2>Export</h2><div class=\"export-formats\" role=\"tablist\">",
    );
    for (i, e) in list.iter().enumerate() {
        s.push_str("<button type=\"button\" role=\"tab\" data-export=\"");
        s.push_str(e.id);
        s.push_str("\" aria-selected=\"");
        s.push_str(if i == chosen { "true" } else { "false" });
        s.push_str("\">");
        s.push_str(e.label);
        s.push_str("</button>");
    }
    s.push_str("</div><button type=\"button\" class=\"export-close\" data-act=\"close\">Close</button></header>");
    if let Some(e) = list.get(chosen) {
        match &e.text {
            Ok(text) => {
                s.push_str("<div class=\"export-actions\"><button type=\"button\" data-act=\"copy\">Copy</button><button type=\"button\" data-act=\"download\">Download ");
                s.push_str(e.file);
                s.push_str("</button><span class=\"export-status\" role=\"status\"></span></div><pre class=\"export-text\" data-export-text=\"");
                s.push_str(e.id);
                s.push_str("\">");
                escape(&mut s, text);
                s.push_str("</pre>");
            }
            Err(why) => {
                s.push_str("<p class=\"export-error\" role=\"alert\">");
                escape(&mut s, why);
                s.push_str("</p>");
            }
        }
    }
    s.push_str("<p class=\"export-note\">The drawing as SVG or PNG: the Graph tab's toolbar, as you see it.</p></section>");
    s
}

/// What the panel keeps between clicks.
pub struct Panel {
    list: Vec<Export>,
    chosen: usize,
}

impl Panel {
    /// Every format of `code`, the first shown.
    pub fn new(code: &str) -> Panel {
        Panel {
            list: exports(code),
            chosen: 0,
        }
    }

    /// Draws the panel in `host`.
    pub fn draw(&self, host: &web_sys::Element) {
        host.set_inner_html(&panel(&self.list, self.chosen));
    }

    /// A click in the panel; `false` when it asks to close.
    pub fn click(&mut self, host: &web_sys::Element, target: &web_sys::Element) -> bool {
        if let Some(id) = target
            .closest("[data-export]")
            .ok()
            .flatten()
            .and_then(|b| b.get_attribute("data-export"))
        {
            if let Some(i) = self.list.iter().position(|e| e.id == id) {
                self.chosen = i;
                self.draw(host);
            }
            return true;
        }
        let act = target
            .closest("[data-act]")
            .ok()
            .flatten()
            .and_then(|b| b.get_attribute("data-act"));
        let Some(e) = self.list.get(self.chosen) else {
            return true;
        };
        let status = |text: &str| {
            if let Some(s) = host.query_selector(".export-status").ok().flatten() {
                s.set_text_content(Some(text));
            }
        };
        match (act.as_deref(), &e.text) {
            (Some("close"), _) => return false,
            (Some("copy"), Ok(text)) => {
                if super::dom::write_clipboard(text).is_some() {
                    status("Copied.");
                } else {
                    status("The browser does not allow copying here: select the text instead.");
                }
            }
            (Some("download"), Ok(text)) if download(text, e.file, e.mime).is_none() => {
                status("The browser refused the download: copy the text instead.");
            }
            _ => {}
        }
        true
    }
}

/// Saves `text` as `file`: a `blob:` link made in the page, clicked.
pub fn download(text: &str, file: &str, mime: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    save(&blob, file)
}

/// Saves `blob` as `file`.
pub fn save(blob: &web_sys::Blob, file: &str) -> Option<()> {
    let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
    let doc = web_sys::window()?.document()?;
    let a = doc
        .create_element("a")
        .ok()?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    a.set_href(&url);
    a.set_download(file);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}

/// Saves an SVG document (the drawing's export, `width` × `height` user
/// units) as a PNG at twice its size: the browser draws it on a canvas.
/// The drawing's text uses the page's fonts.
pub fn download_png(svg: &str, width: f64, height: f64, file: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let image = web_sys::HtmlImageElement::new().ok()?;
    let canvas = doc
        .create_element("canvas")
        .ok()?
        .dyn_into::<web_sys::HtmlCanvasElement>()
        .ok()?;
    let scale = 2.0;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (w, h) = (
        (width * scale).ceil().clamp(1.0, 16_384.0) as u32,
        (height * scale).ceil().clamp(1.0, 16_384.0) as u32,
    );
    canvas.set_width(w);
    canvas.set_height(h);
    let file = file.to_string();
    let drawn = image.clone();
    let source = url.clone();
    let loaded = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&source);
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
            &drawn,
            0.0,
            0.0,
            f64::from(w),
            f64::from(h),
        );
        let saved = Closure::once_into_js(move |png: JsValue| {
            if let Ok(png) = png.dyn_into::<web_sys::Blob>() {
                let _ = save(&png, &file);
            }
        });
        let _ = canvas.to_blob_with_type(saved.unchecked_ref(), "image/png");
    });
    image.set_onload(Some(loaded.unchecked_ref()));
    image.set_src(&url);
    Some(())
}

/// The panel's styles; colours are the page's theme variables.
pub const STYLE: &str = ".export-panel{max-width:72rem;margin:0 auto;padding:16px 20px;display:flex;flex-direction:column;gap:10px;}.export-head{display:flex;gap:12px;align-items:center;flex-wrap:wrap;}.export-head h2{margin:0;font-size:18px;}.export-formats{display:flex;gap:6px;flex-wrap:wrap;flex:1;}.export-panel button{font:inherit;font-size:13px;color:var(--text);background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:4px 10px;cursor:pointer;}.export-formats button[aria-selected=\"true\"]{border-color:var(--selected);font-weight:600;}.export-actions{display:flex;gap:8px;align-items:center;}.export-status{color:var(--muted);font-size:12.5px;}.export-text{white-space:pre;overflow:auto;max-height:calc(100vh - 180px);font:12px var(--font-code);background:var(--panel-2);border:1px solid var(--border);border-radius:8px;padding:10px 12px;margin:0;}.export-error{color:var(--error);}.export-note{color:var(--muted);font-size:12.5px;margin:0;}";

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "const Organization = sequelize.define('Organization', { name: DataTypes.STRING });\nconst Employee = sequelize.define('Employee', {});\nOrganization.hasMany(Employee);\nEmployee.belongsTo(Organization);\nEmployee.belongsToMany(Organization, { through: 'Memberships', as: 'clubs' });\n";

    #[test]
    fn every_format_is_the_command_lines_text() {
        let list = exports(CODE);
        let analysis = analyse(&[SourceFile::new("input.js", CODE)]);
        let get = |id: &str| list.iter().find(|e| e.id == id).map(|e| e.text.clone());
        assert_eq!(get("mermaid"), Some(Ok(export::mermaid(&analysis.schema))));
        assert_eq!(get("dbml"), Some(Ok(export::dbml(&analysis.schema))));
        assert_eq!(get("json"), Some(Ok(oracle_json_text(&analysis))));
        for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            let ddl = sql::ddl(&analysis.schema, d).expect("syncs");
            assert_eq!(get(d.name()), Some(Ok(ddl.text())), "{}", d.name());
        }
        assert!(get("mermaid")
            .and_then(Result::ok)
            .is_some_and(|m| m.starts_with("erDiagram")));
    }

    #[test]
    fn code_sequelize_throws_on_exports_its_error_as_json_only() {
        let list = exports("A.hasOne(B, { sourceKey: 'nope' });");
        for e in &list {
            match e.id {
                "json" => assert!(e.text.as_ref().is_ok_and(|j| j.contains("\"ok\": false"))),
                _ => assert!(
                    e.text
                        .as_ref()
                        .is_err_and(|w| w.contains("Sequelize throws")),
                    "{}",
                    e.id
                ),
            }
        }
    }

    #[test]
    fn the_panel_shows_names_as_text() {
        let list = exports("sequelize.define('<img src=x onerror=alert(1)>', {});");
        let html = panel(&list, 0);
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;img"));
    }
}
