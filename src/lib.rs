//! Association Explorer: explains Sequelize associations exactly as
//! Sequelize 6.37.8 builds them.
//!
//! The product is one pipeline, and the modules below are declared in its
//! order:
//!
//! ```text
//! source text -> parse -> analyse -> schema      (engine)
//!                                 -> graph       (graph: nodes, edges, layout)
//!                                 -> dataset     (dataset: seeded rows)
//!                                 -> sql         (sql: the DDL of sync())
//!                                 -> export      (export: Mermaid, DBML, PNG)
//!                                 -> view        (ui: the page)
//! ```
//!
//! Later stages (dataset, share links, exports) read the
//! [`engine::Analysis`] too and never reach back into parsing.

#![forbid(unsafe_code)]

pub mod engine;

pub mod graph;

pub mod dataset;

pub mod sql;

pub mod export;

pub mod share;

// The workshop's steps read the order of the association calls, which the
// engine records with the `ddl` feature only (not in the page's first load).
#[cfg(feature = "ddl")]
pub mod workshop;

pub mod ui;

pub mod cli;
