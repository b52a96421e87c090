//! The divider between the editor and the results: drag it, or focus it
//! and use the arrow keys (Home and End for the extremes).

use leptos::prelude::*;

use crate::engine::js_text;

/// Narrowest a pane may be, in percent of the width.
const MIN: f64 = 20.0;
const MAX: f64 = 80.0;
/// One arrow key press, in percent.
const STEP: f64 = 5.0;

/// A vertical separator that sets `share`, the left pane's percentage.
#[component]
pub fn Splitter(share: RwSignal<f64>) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let on_pointerdown = move |ev: leptos::ev::PointerEvent| {
        let el: web_sys::Element = event_target(&ev);
        let _ = el.set_pointer_capture(ev.pointer_id());
        dragging.set(true);
    };
    let on_pointermove = move |ev: leptos::ev::PointerEvent| {
        if !dragging.get_untracked() {
            return;
        }
        let width = window()
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .unwrap_or(1.0)
            .max(1.0);
        share.set(clamp(f64::from(ev.client_x()) / width * 100.0));
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let now = share.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowLeft" => now - STEP,
            "ArrowRight" => now + STEP,
            "Home" => MIN,
            "End" => MAX,
            _ => return,
        };
        ev.prevent_default();
        share.set(clamp(next));
    };
    view! {
        <div
            class="splitter"
            class:dragging=move || dragging.get()
            role="separator"
            tabindex="0"
            aria-orientation="vertical"
            aria-label="Resize the editor and the results"
            aria-valuemin=js_text::number(MIN)
            aria-valuemax=js_text::number(MAX)
            aria-valuenow=move || js_text::number(share.get().round())
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=move |_| dragging.set(false)
            on:pointercancel=move |_| dragging.set(false)
            on:keydown=on_keydown
        ></div>
    }
}

fn clamp(share: f64) -> f64 {
    share.clamp(MIN, MAX)
}
