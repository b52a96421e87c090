//! Exports at the pipeline's edge: the schema as text other tools read.
//!
//! - [`mermaid()`]: a Mermaid `erDiagram` (entities, their columns and
//!   keys, one relationship line per foreign key in the graph's notation);
//! - [`dbml()`]: DBML, as dbdiagram.io and `@dbml/core` read it (tables,
//!   enums, keys, defaults, and a `Ref` per foreign key);
//! - [`png`] (the command line only): the SVG drawing of
//!   [`crate::graph::svg::document`] rasterised with resvg.
//!
//! The SQL DDL is [`crate::sql`]; the JSON of the analysis is
//! [`crate::engine::oracle_json`]. Like them, these read the [`Schema`]
//! only: no IO (but the PNG's system fonts), and never a panic on any
//! schema. What a format cannot say (a name with a character its grammar
//! has no way to write, a key to a table the schema does not hold) is
//! written another way or left out with a comment, never an invalid file.
//!
//! [`Schema`]: crate::engine::schema::Schema

pub mod dbml;
pub mod mermaid;
#[cfg(not(target_arch = "wasm32"))]
pub mod png;

pub use dbml::dbml;
pub use mermaid::mermaid;
