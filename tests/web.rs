//! Component tests of the page in a real browser: each test mounts
//! [`assoc_explorer::ui::App`] into a fresh element, drives it through the
//! DOM as a user would (the editor's text and `input` event, the example
//! picker's `change`), and waits for the analysis on the results pane's
//! `data-analyses` hook.
//!
//! ```sh
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web
//! ```
//!
//! (`.cargo/config.toml` makes `wasm-bindgen-test-runner` the runner; `make
//! web-test` runs it.) On the host this file compiles to nothing: the
//! end-to-end tests of the release build are in `tests/e2e/`.

#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use assoc_explorer::ui::App;
use leptos::mount::mount_to;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The page's autosave key (a stable hook).
const CODE_KEY: &str = "assoc-explorer:code:v1";
/// How long a test waits for an analysis before it fails.
const PATIENCE: Duration = Duration::from_secs(10);

const TWO_FOREIGN_KEYS: &str = "const A = sequelize.define('A', {});
const B = sequelize.define('B', {});
A.hasOne(B, { foreignKey: 'otherId' });
B.belongsTo(A);
";

/// One mounted app, unmounted (and its element removed) when dropped.
struct Mounted {
    root: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

impl Mounted {
    /// Mounts the app on a fresh element, with `saved` (or nothing) as the
    /// code a previous visit left in local storage.
    fn new(saved: Option<&str>) -> Self {
        Mounted::with_link(saved, "#")
    }

    /// Mounts the app with `saved` code in local storage and `link` as the
    /// address's `#…` part (every test starts from its own link: the page
    /// keeps its state there).
    fn with_link(saved: Option<&str>, link: &str) -> Self {
        window()
            .history()
            .unwrap()
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(link))
            .unwrap();
        let storage = window().local_storage().unwrap().unwrap();
        storage.clear().unwrap();
        if let Some(code) = saved {
            storage.set_item(CODE_KEY, code).unwrap();
        }
        let document = window().document().unwrap();
        let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&root).unwrap();
        let handle = mount_to(root.clone(), App);
        Mounted {
            root,
            _handle: Box::new(handle),
        }
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn count(&self, selector: &str) -> u32 {
        self.root.query_selector_all(selector).unwrap().length()
    }

    fn has(&self, selector: &str) -> bool {
        self.find(selector).is_some()
    }

    /// The results pane's count of finished analyses.
    fn analyses(&self) -> u32 {
        self.find("section.pane-results")
            .and_then(|p| p.get_attribute("data-analyses"))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    /// Waits until more than `count` analyses have finished and the DOM
    /// shows the last one.
    async fn analysed_after(&self, count: u32) {
        let start = js_sys::Date::now();
        while self.analyses() <= count {
            assert!(
                js_sys::Date::now() - start < PATIENCE.as_millis() as f64,
                "no analysis after {count} within {PATIENCE:?}"
            );
            sleep(10).await;
        }
        sleep(0).await;
    }

    fn textarea(&self) -> HtmlTextAreaElement {
        self.find("textarea[aria-label='Sequelize code']")
            .expect("the editor")
            .unchecked_into()
    }

    /// Replaces the editor's text as a paste does, and waits for its analysis.
    async fn paste(&self, code: &str) {
        let before = self.analyses();
        let textarea = self.textarea();
        textarea.set_value(code);
        textarea.dispatch_event(&bubbling("input")).unwrap();
        self.analysed_after(before).await;
    }

    fn origin(&self, model: &str, attribute: &str) -> Option<String> {
        self.find(&format!(
            "[data-model='{model}'] [data-attribute='{attribute}']"
        ))
        .and_then(|row| row.get_attribute("data-origin"))
    }
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

fn bubbling(kind: &str) -> Event {
    let init = EventInit::new();
    init.set_bubbles(true);
    Event::new_with_event_init_dict(kind, &init).unwrap()
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_first_visit_analyses_the_first_example() {
    let app = Mounted::new(None);
    app.analysed_after(0).await;
    assert_eq!(
        app.origin("Employee", "OrganizationId").as_deref(),
        Some("association")
    );
    assert_eq!(app.origin("Employee", "name").as_deref(), Some("own"));
    assert_eq!(
        app.origin("EmployeeTasks", "EmployeeId").as_deref(),
        Some("association")
    );
    assert_eq!(
        app.origin("EmployeeTasks", "TaskId").as_deref(),
        Some("association")
    );
    assert!(app.has("[data-model='Organization'] [data-accessor='getEmployees']"));
    assert!(app.has("[data-model='Employee'] [data-accessor='addTasks']"));
    assert_eq!(app.count("[data-diagnostic]"), 0);
    assert!(!app.has("[data-strict-error]"));
}

#[wasm_bindgen_test]
async fn editing_the_code_analyses_it_again() {
    let app = Mounted::new(None);
    app.analysed_after(0).await;
    app.paste(TWO_FOREIGN_KEYS).await;
    assert!(
        !app.has("[data-model='Employee']"),
        "the old models are gone"
    );
    assert_eq!(app.origin("B", "otherId").as_deref(), Some("association"));
    assert_eq!(app.origin("B", "AId").as_deref(), Some("association"));
    assert!(app.has("[data-diagnostic='warning'][data-line='4']"));
    let pane = app.find("section.pane-results").unwrap();
    let ms: f64 = pane
        .get_attribute("data-last-ms")
        .and_then(|m| m.parse().ok())
        .expect("data-last-ms is a number");
    assert!(ms >= 0.0);
}

#[wasm_bindgen_test]
async fn a_sequelize_error_is_shown_and_the_rest_still_analysed() {
    let app = Mounted::new(None);
    app.analysed_after(0).await;
    app.paste("Actor.hasOne(Role, { sourceKey: 'name', foreignKey: 'actorName' })")
        .await;
    let banner = app.find("[data-strict-error]").expect("the banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(app.has("[data-diagnostic='error'][data-line='1']"));
    assert_eq!(
        app.count("[data-diagnostic='error']"),
        app.count("[data-diagnostic='error'][data-line='1']")
    );
    assert_eq!(
        app.origin("Role", "actorName").as_deref(),
        Some("association")
    );
}

#[wasm_bindgen_test]
async fn saved_code_is_restored_and_edits_are_saved() {
    let app = Mounted::new(Some(TWO_FOREIGN_KEYS));
    app.analysed_after(0).await;
    assert_eq!(app.textarea().value(), TWO_FOREIGN_KEYS);
    assert!(app.has("[data-model='B']"));
    assert!(!app.has("[data-model='Employee']"));

    let edited = format!("{TWO_FOREIGN_KEYS}const C = sequelize.define('C', {{}});\n");
    app.paste(&edited).await;
    assert!(app.has("[data-model='C']"));
    let saved = window()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(CODE_KEY)
        .unwrap();
    assert_eq!(saved.as_deref(), Some(edited.as_str()));
}

#[wasm_bindgen_test]
async fn the_picker_loads_every_example() {
    let app = Mounted::new(None);
    app.analysed_after(0).await;
    let select: HtmlSelectElement = app
        .find("label.picker select")
        .expect("picker")
        .unchecked_into();
    for example in &assoc_explorer::ui::examples::EXAMPLES {
        let before = app.analyses();
        select.set_value(example.id);
        select.dispatch_event(&bubbling("change")).unwrap();
        app.analysed_after(before).await;
        assert_eq!(app.textarea().value(), example.code, "{}", example.id);
        assert!(
            app.count("[data-model]") >= 1,
            "{} shows models",
            example.id
        );
        assert_eq!(app.count("[data-diagnostic='error']"), 0, "{}", example.id);
    }
}

#[wasm_bindgen_test]
async fn a_link_to_an_example_opens_it_over_the_saved_code_and_follows_edits() {
    let app = Mounted::with_link(Some(TWO_FOREIGN_KEYS), "#example=self");
    app.analysed_after(0).await;
    let example = assoc_explorer::ui::examples::by_id("self").expect("the self example");
    assert_eq!(app.textarea().value(), example.code);
    // Once the code is no longer the example, the link stops naming it.
    app.paste("A.hasOne(B);\n").await;
    let hash = window().location().hash().unwrap();
    assert!(!hash.contains("example="), "{hash}");
    // A link naming no known example is ignored: the saved code opens.
    let app = Mounted::with_link(Some(TWO_FOREIGN_KEYS), "#example=%3Cscript%3E");
    app.analysed_after(0).await;
    assert_eq!(app.textarea().value(), TWO_FOREIGN_KEYS);
}

#[wasm_bindgen_test]
async fn tab_indents_in_the_editor() {
    let app = Mounted::new(Some("A.hasOne(B);\n"));
    app.analysed_after(0).await;
    let textarea = app.textarea();
    textarea.focus().unwrap();
    textarea.set_selection_range(0, 0).unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Tab");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let tab = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    textarea.dispatch_event(&tab).unwrap();
    assert!(tab.default_prevented(), "Tab is kept in the editor");
    assert!(
        textarea.value().starts_with("  A.hasOne(B);"),
        "{:?}",
        textarea.value()
    );
}

/// In the browser the engine's case conversions and number printing are
/// the browser's own (`engine::js_text`): the same results as the Rust
/// ones the host tests check, and what Sequelize computes for names that
/// are not ASCII.
#[wasm_bindgen_test]
fn the_browsers_text_conversions_are_the_engines() {
    use assoc_explorer::engine::js_text::{lower, lower_char, number, upper, upper_char};
    assert_eq!(upper("straße"), "STRASSE");
    assert_eq!(upper_char('ß'), "SS");
    assert_eq!(lower("ΌΣΟΣ"), "όσος");
    assert_eq!(lower_char('Σ'), "σ");
    assert_eq!(upper("émployé"), "ÉMPLOYÉ");
    for (n, s) in [
        (0.1, "0.1"),
        (1e-7, "1e-7"),
        (1e21, "1e+21"),
        (-1.25e-9, "-1.25e-9"),
        (123_456_789_012_345_680_000.0, "123456789012345680000"),
        (f64::NAN, "NaN"),
        (f64::NEG_INFINITY, "-Infinity"),
        (5e-324, "5e-324"),
    ] {
        assert_eq!(number(n), s);
    }

    let code = "const Org = sequelize.define('organisation', {});
const E = sequelize.define('émployé', {});
Org.hasMany(E);
E.belongsTo(Org, { as: 'straße' });
";
    let analysis = assoc_explorer::engine::analyse(&[assoc_explorer::engine::SourceFile::new(
        "input.js", code,
    )]);
    let accessors: Vec<&str> = analysis
        .schema
        .associations
        .iter()
        .flat_map(|a| a.accessors.iter().map(|x| x.name.as_str()))
        .collect();
    assert!(accessors.contains(&"getÉmployés"), "{accessors:?}");
    assert!(accessors.contains(&"getStraße"), "{accessors:?}");
}
