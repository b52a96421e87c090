//! Association Explorer: explains Sequelize associations exactly as
//! Sequelize 6.37.8 builds them.
//!
//! The product is one pipeline, and the modules below are declared in its
//! order:
//!
//! ```text
//! source text -> parse -> analyse -> schema      (engine)
//!                                 -> view        (ui: the page)
//! ```
//!
//! Later stages (graph and layout, dataset, share links, exports) read the
//! [`engine::Analysis`] and never reach back into parsing.

pub mod engine;

pub mod ui;

pub mod cli;
