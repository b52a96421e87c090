//! The model ledger: a card per model with the attributes it declares,
//! the ones associations added (each with a badge naming the call), and
//! the accessor methods it gained. The cards and their bodies' HTML come
//! from [`super::cards`]; this draws them and handles selection.

use leptos::prelude::*;

use wasm_bindgen::JsCast;

use super::cards::{association_line, body_html, model_line, Card, CardKind};
use super::state::AppState;

/// Cards drawn at first, and added each time the list's end comes near:
/// a schema of hundreds of models shows its first cards at once.
const CARDS_AT_FIRST: usize = 40;

/// Every model's card, and the banner where Sequelize would throw.
#[component]
pub fn Ledger() -> impl IntoView {
    let state = expect_context::<AppState>();
    let shown = RwSignal::new(CARDS_AT_FIRST);
    let total = move || state.analysed.with(|a| a.cards.len());
    let cards = move || {
        let limit = shown.get();
        state.analysed.with(|a| {
            a.cards
                .iter()
                .take(limit)
                .map(|c| Keyed {
                    // Everything the card shows but its body.
                    key: format!(
                        "{}\u{0}{}\u{0}{}\u{0}{}",
                        c.model,
                        c.table,
                        c.kind.label(),
                        c.related.join(",")
                    ),
                    html: body_html(c),
                    card: c.clone(),
                })
                .collect::<Vec<_>>()
        })
    };
    // One listener for every "show this call" button in the cards.
    let on_click = move |ev: leptos::ev::MouseEvent| on_card_click(state, &ev);
    view! {
        <Banner />
        <Show
            when=move || state.analysed.with(|a| !a.cards.is_empty())
            fallback=|| {
                view! {
                    <p class="empty">
                        "No models yet. Paste model definitions and association calls, or pick an example."
                    </p>
                }
            }
        >
            <ul class="cards" aria-label="Models" on:click=on_click>
                <For each=cards key=|k| (k.key.clone(), k.html.clone()) let:keyed>
                    <ModelCard card=keyed.card html=keyed.html />
                </For>
            </ul>
            <Show when=move || { shown.get() < total() }>
                <button class="more" on:click=move |_| shown.update(|n| *n += 200)>
                    {move || format!("Show more models ({} of {} shown)", shown.get().min(total()), total())}
                </button>
            </Show>
        </Show>
    }
}

/// Shows in the editor the line a card's "show this call" button (or line
/// button) names: one listener for every such button in a list of cards.
pub(super) fn on_card_click(state: AppState, ev: &leptos::ev::MouseEvent) {
    let Some(button) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| {
            e.closest("[data-goto-association], [data-goto-line]")
                .ok()
                .flatten()
        })
    else {
        return;
    };
    let number = |name: &str| {
        button
            .get_attribute(name)
            .and_then(|v| v.parse::<usize>().ok())
    };
    let line = match number("data-goto-association") {
        Some(id) => state
            .analysed
            .with_untracked(|a| association_line(&a.analysis, &a.code, id)),
        None => number("data-goto-line").and_then(|l| u32::try_from(l).ok()),
    };
    if let Some(line) = line {
        state.go_to_line(line);
    }
}

/// A card with its body's HTML, keyed by what it shows.
#[derive(Clone)]
struct Keyed {
    key: String,
    html: String,
    card: Card,
}

/// Where real Sequelize would throw: its message and the line.
#[component]
fn Banner() -> impl IntoView {
    let state = expect_context::<AppState>();
    let error = move || {
        state.analysed.with(|a| {
            a.analysis.strict_error.as_ref().map(|e| {
                let line = crate::engine::LineIndex::new(&a.code)
                    .line_col(&a.code, e.span.start)
                    .line;
                (e.message.clone(), line)
            })
        })
    };
    move || {
        error().map(|(message, line)| {
            view! {
                <div class="banner" role="alert" data-strict-error="">
                    <strong>"Sequelize would throw here."</strong>
                    " "
                    <span class="banner-message">{message}</span>
                    " "
                    <button class="link" on:click=move |_| state.go_to_line(line)>
                        {format!("Line {line}")}
                    </button>
                    <p class="banner-note">
                        "Below is what the rest of your code builds, as if Sequelize had gone on."
                    </p>
                </div>
            }
        })
    }
}

#[component]
fn ModelCard(card: Card, html: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = card.model.clone();
    let selected = {
        let name = name.clone();
        move || state.selected.with(|s| s.as_deref() == Some(name.as_str()))
    };
    let related = {
        let related = card.related.clone();
        move || {
            state
                .selected
                .with(|s| s.as_ref().is_some_and(|s| related.contains(s)))
        }
    };
    let select = {
        let name = name.clone();
        move |_| {
            state.select(Some(name.clone()));
            let line = state
                .analysed
                .with_untracked(|a| model_line(&a.analysis, &a.code, &name));
            if let Some(line) = line {
                state.go_to_line(line);
            }
        }
    };
    let kind = card.kind;
    let heading_id = format!("card-{}", css_id(&card.model));
    let labelled_by = heading_id.clone();
    let pressed = selected.clone();
    view! {
        <li
            class="card"
            class:selected=selected
            class:related=related
            class:junction=kind == CardKind::Junction
            class:implicit=kind == CardKind::Implicit
            data-model=card.model.clone()
            aria-labelledby=labelled_by
        >
            <header class="card-head">
                <h2 id=heading_id>
                    <button
                        class="card-title"
                        aria-pressed=move || pressed().to_string()
                        on:click=select
                    >
                        {card.model.clone()}
                    </button>
                </h2>
                <span class=format!("kind kind-{}", kind.label().replace(' ', "-"))>
                    {kind.label()}
                </span>
                <span class="table" title="Table name">
                    <span class="visually-hidden">"table "</span>
                    {card.table.clone()}
                </span>
            </header>
            <div class="card-body" inner_html=html></div>
        </li>
    }
}

/// A model name as part of an element id.
fn css_id(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}
