//! The page's link: what the address's `#…` part says, as
//! `key=value&…` (URLSearchParams; [`crate::share`] lists every
//! parameter). The page keeps `example` (the example the code is, while it
//! is one) and `tab` there; the share module the code and the selected
//! model, the data module its seed and the record walk, the graph module
//! its moved models and view. Setting a value replaces the current history
//! entry; the data module's steps push one (the browser's back and
//! forward walk).
//!
//! A link is only read, never run: values are looked up by name and
//! compared with known ones (an example's id, a tab's name).
//!
//! All of the page's own JavaScript is here, in one snippet (each snippet
//! is a file of the first load): the link, the tab switch, and the loader
//! of the modules that draw the graph and data tabs
//! ([`super::module_tab`]): each module (by its path) is imported once;
//! until it is there, what the page hands it waits (the last text, the
//! last selection); a failure to load says so in the host, as text, and
//! tells the page (`failed`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const params = () => new URLSearchParams(location.hash.slice(1));
export function link_get(k) { return params().get(k); }
export function link_set(k, v, push) {
  const p = params();
  if (v == null) p.delete(k); else p.set(k, v);
  const h = p.toString();
  if (h === location.hash.slice(1)) return;
  const url = h ? '#' + h : location.pathname + location.search;
  if (push) history.pushState(null, '', url); else history.replaceState(history.state, '', url);
}
export function show_tab(id) {
  const s = document.querySelector('.pane-results');
  if (s) s.dataset.tab = id;
  for (const b of document.querySelectorAll('[data-tab-id]')) b.setAttribute('aria-selected', String(b.dataset.tabId === id));
  link_set('tab', id === 'models' ? null : id, false);
}
const mods = new Map();
function get(p) { let m = mods.get(p); if (!m) { m = { p }; mods.set(p, m); } return m; }
function flush(m) {
  if (!m.mod || !m.host) return;
  if (m.host.dataset.mounted !== '1') { m.mod.mount(m.host, m.cb); m.host.dataset.mounted = '1'; }
  if (m.text != null) { m.mod.update(m.text); m.text = null; }
  if (m.chosen != null) { m.mod.select(m.chosen); m.chosen = null; }
  if (m.what != null) { m.mod.open(m.what); m.what = null; }
}
export function module_show(p, el, cb) {
  const m = get(p); m.host = el; m.cb = cb;
  if (!m.loading) {
    m.loading = import(new URL(p, document.baseURI).href).then(async (x) => { await x.default(); m.mod = x; });
  }
  m.loading.then(() => flush(m), (e) => {
    m.loading = null;
    el.textContent = 'This view could not be loaded (' + ((e && e.message) || e) + '). The other views work; reload the page to try again.';
    cb('failed', '');
  });
}
export function module_update(p, t) { const m = get(p); m.text = t; flush(m); }
export function module_select(p, name) { const m = get(p); m.chosen = name; flush(m); }
export function module_open(p, what) { const m = get(p); m.what = what; flush(m); }
"#)]
extern "C" {
    fn link_get(key: &str) -> Option<String>;
    fn link_set(key: &str, value: Option<String>, push: bool);
    /// Shows a results tab: the section's `data-tab` (CSS shows that
    /// tab), the buttons' `aria-selected`, and the link's `tab`.
    pub fn show_tab(id: &str);
    pub fn module_show(path: &str, host: &web_sys::Element, on_event: &JsValue);
    pub fn module_update(path: &str, text: &str);
    pub fn module_select(path: &str, name: &str);
    /// Asks a module to open one of its views (the tools module: the
    /// workshop, the exports).
    pub fn module_open(path: &str, what: &str);
}

/// The link's value for `key`.
pub fn get(key: &str) -> Option<String> {
    link_get(key)
}

/// Sets (or, with `None`, removes) `key` in the link.
pub fn set(key: &str, value: Option<&str>) {
    link_set(key, value.map(str::to_string), false);
}

/// Sets `key` in a new history entry: Back returns to the link before.
pub fn push(key: &str, value: Option<&str>) {
    link_set(key, value.map(str::to_string), true);
}
