//! The page's state: one struct of signals, created once by the app and
//! passed down (by context) to every component.

use std::sync::Arc;

use leptos::prelude::*;

use super::cards::{cards, Card};
use crate::engine::{analyse, Analysis, SourceFile};

/// The file name diagnostics and the engine use for the editor's text.
pub const FILE_NAME: &str = "input.js";

/// One analysis of the editor's text, with what the page derives from it.
#[derive(Debug, Default)]
pub struct Analysed {
    /// The text that was analysed (the editor may have moved on).
    pub code: String,
    pub analysis: Analysis,
    pub cards: Vec<Card>,
    /// How long the engine took, in milliseconds.
    pub millis: f64,
}

impl Analysed {
    /// Runs the engine on `code`; `now` reads a clock in milliseconds (the
    /// engine has none).
    pub fn of(code: &str, now: impl Fn() -> f64) -> Self {
        let start = now();
        let analysis = analyse(&[SourceFile::new(FILE_NAME, code)]);
        let cards = cards(&analysis, code);
        Analysed {
            code: code.to_string(),
            analysis,
            cards,
            millis: now() - start,
        }
    }
}

/// A request to show a line in the editor (from a problem, a badge, a
/// card). `seq` makes a second request for the same line a new value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump {
    /// 1-based.
    pub line: u32,
    pub seq: u32,
}

/// Everything the components share.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The editor's text, as typed.
    pub code: RwSignal<String>,
    /// Counts the times the text was replaced from outside the editor (an
    /// example loaded): the editor then puts the new text in its textarea.
    pub replaced: RwSignal<u32>,
    /// The latest analysis (of `code` as it was a moment ago).
    pub analysed: RwSignal<Arc<Analysed>>,
    /// The model selected in the ledger.
    pub selected: RwSignal<Option<String>>,
    /// The latest request to show a line in the editor.
    pub jump: RwSignal<Option<Jump>>,
    /// Analyses run so far (tests wait on it).
    pub analyses: RwSignal<u32>,
    /// Milliseconds of the latest analysis and re-render.
    pub last_millis: RwSignal<f64>,
    /// The results' tab.
    pub tab: RwSignal<Tab>,
}

/// The results' tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// What each model gains, as cards.
    Ledger,
    /// The models and their associations, drawn.
    Graph,
    /// Simulated rows, walked along the associations.
    Data,
}

impl Tab {
    /// The tab's name in the markup (`data-tab-id`) and in links (`tab=`).
    pub fn id(self) -> &'static str {
        match self {
            Tab::Ledger => "models",
            Tab::Graph => "graph",
            Tab::Data => "data",
        }
    }

    pub fn from_id(id: &str) -> Option<Tab> {
        [Tab::Ledger, Tab::Graph, Tab::Data]
            .into_iter()
            .find(|t| t.id() == id)
    }
}

impl AppState {
    pub fn new(code: String) -> Self {
        AppState {
            code: RwSignal::new(code),
            replaced: RwSignal::new(0),
            analysed: RwSignal::new(Arc::new(Analysed::default())),
            selected: RwSignal::new(None),
            jump: RwSignal::new(None),
            analyses: RwSignal::new(0),
            last_millis: RwSignal::new(0.0),
            tab: RwSignal::new(Tab::Ledger),
        }
    }

    /// Selects a model (or none), and tells the share module, which keeps
    /// it in the link.
    pub fn select(&self, name: Option<String>) {
        super::link::module_select(super::SHARE, name.as_deref().unwrap_or(""));
        self.selected.set(name);
    }

    /// Replaces the whole text, as loading an example does.
    pub fn replace_code(&self, code: String) {
        self.code.set(code);
        self.replaced.update(|n| *n += 1);
    }

    /// Asks the editor to show `line`.
    pub fn go_to_line(&self, line: u32) {
        let seq = self
            .jump
            .get_untracked()
            .map_or(0, |j| j.seq.wrapping_add(1));
        self.jump.set(Some(Jump { line, seq }));
    }
}
