//! The plain-DOM frame the page's lazily loaded modules share: the graph
//! module's [`super::graph_canvas`], the data module's
//! [`super::data_walk`], the share module's [`super::share_bar`] and the
//! tools module's [`super::workshop`]. Each keeps one controller in a thread-local, reached
//! through [`with`]; listens to each event type once, on the host element
//! the page gave ([`Listeners`]); brings its own styles ([`add_style`]);
//! and tells the page through its callback ([`tell`]).
//!
//! Deliberately small and almost free of generics: each module is a wasm
//! binary with a size budget (docs/WEB.md), and the page's own module,
//! which links the same library, uses none of this.

use std::cell::RefCell;
use std::thread::LocalKey;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// An event listener, kept alive while it listens.
pub type Listener = Closure<dyn FnMut(web_sys::Event)>;

/// Runs `f` on the module's controller in `slot`, if there is one and it
/// is not busy (an event raised while another is handled is dropped, never
/// a panic).
pub fn with<C, R>(
    slot: &'static LocalKey<RefCell<Option<C>>>,
    f: impl FnOnce(&mut C) -> R,
) -> Option<R> {
    slot.with(|c| c.try_borrow_mut().ok()?.as_mut().map(f))
}

/// A module's listeners on its host: one per event type.
#[derive(Default)]
pub struct Listeners(Vec<(&'static str, Listener)>);

impl Listeners {
    /// Stops listening on `old` (the host before), then listens on `host`
    /// to each of `events`, each calling `on(event type, event)`.
    pub fn attach(
        &mut self,
        old: &web_sys::Element,
        host: &web_sys::Element,
        events: &[&'static str],
        on: fn(&str, &web_sys::Event),
    ) {
        for (name, l) in self.0.drain(..) {
            let _ = old.remove_event_listener_with_callback(name, l.as_ref().unchecked_ref());
        }
        for &name in events {
            let l = Listener::new(move |ev: web_sys::Event| on(name, &ev));
            let _ = host.add_event_listener_with_callback(name, l.as_ref().unchecked_ref());
            self.0.push((name, l));
        }
    }
}

/// Adds a module's styles `css` to `root`'s document, once (a `<style>`
/// element of id `id` in its head).
pub fn add_style(root: &web_sys::Element, id: &str, css: &str) {
    let Some(doc) = root.owner_document() else {
        return;
    };
    if doc.get_element_by_id(id).is_some() {
        return;
    }
    if let (Ok(style), Ok(Some(head))) = (doc.create_element("style"), doc.query_selector("head")) {
        style.set_id(id);
        style.set_text_content(Some(css));
        let _ = head.append_child(&style);
    }
}

/// Tells the page `(what, value)` through its callback.
pub fn tell(on_event: &js_sys::Function, what: &str, value: &str) {
    let _ = on_event.call2(
        &JsValue::NULL,
        &JsValue::from_str(what),
        &JsValue::from_str(value),
    );
}

/// `navigator.clipboard.writeText(text)`: its promise, or `None` where the
/// browser has no clipboard for the page (an insecure page, no permission).
pub fn write_clipboard(text: &str) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let clipboard = js_sys::Reflect::get(&window, &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()))
        .ok()
        .filter(JsValue::is_object)?;
    js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call1(&clipboard, &JsValue::from_str(text))
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()
}
