//! The model ledger: a card per model with the attributes it declares,
//! the ones associations added (each with a badge naming the call), and
//! the accessor methods it gained. The cards come from [`super::cards`].

use leptos::prelude::*;

use super::cards::{AccessorGroup, Card, CardKind, Origin, Row};
use super::state::AppState;

/// Every model's card, and the banner where Sequelize would throw.
#[component]
pub fn Ledger() -> impl IntoView {
    let state = expect_context::<AppState>();
    let cards = move || state.analysed.with(|a| a.cards.clone());
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
            <ul class="cards" aria-label="Models">
                <For each=cards key=|c| format!("{c:?}") let:card>
                    <ModelCard card=card />
                </For>
            </ul>
        </Show>
    }
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
fn ModelCard(card: Card) -> impl IntoView {
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
        let line = card.line;
        move |_| {
            state.selected.set(Some(name.clone()));
            state.go_to_line(line);
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
            <Attributes title="Attributes" rows=card.own.clone() />
            {(!card.gained.is_empty())
                .then(|| view! { <Attributes title="Gained from associations" rows=card.gained.clone() /> })}
            {(!card.accessors.is_empty())
                .then(|| {
                    view! {
                        <section class="accessors">
                            <h3>"Methods gained"</h3>
                            {card
                                .accessors
                                .clone()
                                .into_iter()
                                .map(|g| view! { <Accessors group=g /> })
                                .collect_view()}
                        </section>
                    }
                })}
        </li>
    }
}

#[component]
fn Attributes(title: &'static str, rows: Vec<Row>) -> impl IntoView {
    view! {
        <section class="attributes">
            <h3>{title}</h3>
            // The rows are laid out as grids (style/main.css): the roles keep
            // them a table for assistive technology.
            <table role="table">
                <thead class="visually-hidden" role="rowgroup">
                    <tr role="row">
                        <th scope="col" role="columnheader">"Attribute"</th>
                        <th scope="col" role="columnheader">"Type"</th>
                        <th scope="col" role="columnheader">"Details"</th>
                    </tr>
                </thead>
                <tbody role="rowgroup">
                    {rows.into_iter().map(|row| view! { <AttributeRow row=row /> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn AttributeRow(row: Row) -> impl IntoView {
    let state = expect_context::<AppState>();
    let origin = row.origin.data();
    let badge = match &row.origin {
        Origin::Association { call, line } => {
            let line = *line;
            let call = call.clone();
            Some(
                view! {
                    <button
                        class="badge badge-assoc"
                        title=format!("Added by {call} (line {line}): click to see it")
                        on:click=move |_| state.go_to_line(line)
                    >
                        {call.clone()}
                    </button>
                }
                .into_any(),
            )
        }
        Origin::Assumed { line } => {
            let line = *line;
            Some(
                view! {
                    <button
                        class="badge badge-assumed"
                        title="Never defined: assumed so that the rest could be analysed"
                        on:click=move |_| state.go_to_line(line)
                    >
                        "assumed, not defined"
                    </button>
                }
                .into_any(),
            )
        }
        Origin::Default => {
            Some(view! { <span class="badge badge-default">"Sequelize default"</span> }.into_any())
        }
        Origin::Own => None,
    };
    let mut flags = Vec::new();
    if row.primary_key {
        flags.push(view! { <abbr class="flag flag-pk" title="Primary key">"PK"</abbr> }.into_any());
    }
    if row.references.is_some() {
        flags.push(view! { <abbr class="flag flag-fk" title="Foreign key">"FK"</abbr> }.into_any());
    }
    if row.unique && !row.primary_key {
        flags.push(view! { <abbr class="flag" title="Unique">"UQ"</abbr> }.into_any());
    }
    let null_text = if row.allow_null { "NULL" } else { "NOT NULL" };
    view! {
        <tr class="attribute" role="row" data-attribute=row.name.clone() data-origin=origin>
            <th scope="row" role="rowheader" class="attr-name">
                <span class="flags">{flags}</span>
                <code>{row.name.clone()}</code>
                {row.field.clone().map(|f| view! { <span class="field" title="Column name">{format!("column {f}")}</span> })}
            </th>
            <td class="attr-type" role="cell">
                <code>{row.data_type.clone()}</code>
                {row.auto_increment.then_some(view! { <span class="muted">" auto"</span> })}
            </td>
            <td class="attr-details" role="cell">
                <div class="details">
                <span class=if row.allow_null { "null" } else { "null not-null" }>{null_text}</span>
                {row
                    .references
                    .clone()
                    .map(|r| view! { <span class="ref">{format!("→ {r}")}</span> })}
                {row.on_delete.clone().map(|a| view! { <span class="action">{format!("ON DELETE {a}")}</span> })}
                {row.on_update.clone().map(|a| view! { <span class="action">{format!("ON UPDATE {a}")}</span> })}
                {badge}
                </div>
            </td>
        </tr>
    }
}

#[component]
fn Accessors(group: AccessorGroup) -> impl IntoView {
    let state = expect_context::<AppState>();
    let line = group.line;
    view! {
        <div class="accessor-group">
            <button
                class="badge badge-assoc"
                title=format!("{} (line {line}): click to see it", group.call)
                on:click=move |_| state.go_to_line(line)
            >
                {group.call.clone()}
            </button>
            <span class="muted summary">{group.summary.clone()}</span>
            <ul class="methods">
                {group
                    .methods
                    .into_iter()
                    .map(|(name, returns)| {
                        view! {
                            <li data-accessor=name.clone()>
                                <code class="method">{format!("{name}()")}</code>
                                <span class="arrow" aria-label="returns">" → "</span>
                                <code class="returns">{returns}</code>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

/// A model name as part of an element id.
fn css_id(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}
