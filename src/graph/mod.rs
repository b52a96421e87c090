//! The schema as a graph: models and junction models as nodes, and every
//! foreign key as an edge from the model that holds it to the model it
//! references, with the association calls that made it. [`layout`] places
//! it for drawing.
//!
//! One edge per foreign-key column: `Organization.hasMany(Employee)` and
//! `Employee.belongsTo(Organization)` both give `Employee.OrganizationId`,
//! which is one line in the drawing, labelled with both calls. A
//! many-to-many is drawn through its junction (two edges from the
//! junction), or, with [`Options::collapse_many_to_many`], as one m:n edge
//! between the two models.

pub mod layout;
pub mod svg;
pub mod wire;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::engine::schema::{
    AssociationId, AssociationKind, Attribute, Model, ModelId, ModelOrigin, Schema,
};

/// The drawing's units (CSS pixels): the page draws with these, and the
/// layout sizes nodes with them.
pub mod units {
    /// The title bar of a node.
    pub const HEADER: f64 = 30.0;
    /// One attribute row.
    pub const ROW: f64 = 20.0;
    /// Space under the last row.
    pub const FOOTER: f64 = 6.0;
    /// The advance of one character of the node's monospace text (12px).
    pub const CHAR: f64 = 7.2;
    /// Left and right padding inside a node, together.
    pub const PAD: f64 = 24.0;
    pub const MIN_WIDTH: f64 = 150.0;
    pub const MAX_WIDTH: f64 = 360.0;
}

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// Defined in the code.
    Model,
    /// Used but never defined (Sequelize's defaults).
    Implicit,
    /// The junction of a many-to-many.
    Junction,
}

/// Whether a row holds a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyMarks {
    pub primary: bool,
    pub foreign: bool,
}

/// One attribute of a node, in the model's attribute order.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub attribute: String,
    /// The type as drawn ([`drawn_type`]).
    pub data_type: String,
    pub keys: KeyMarks,
    pub allow_null: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub model: ModelId,
    pub name: String,
    pub kind: NodeKind,
    pub rows: Vec<Row>,
    pub width: f64,
    pub height: f64,
}

impl Node {
    /// The vertical centre of row `row`, from the node's top.
    pub fn row_y(&self, row: usize) -> f64 {
        units::HEADER + units::ROW * (row as f64 + 0.5)
    }
}

/// How many of the holder a referenced record can have, and whether the
/// holder must have one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cardinality {
    /// hasOne: at most one holder per referenced record.
    One,
    /// hasMany, or a junction's key: any number.
    Many,
    /// Only a belongsTo names it: Sequelize says nothing about how many.
    Unspecified,
    /// A collapsed many-to-many: many on both ends.
    ManyToMany,
}

/// One foreign key (or, collapsed, one many-to-many).
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// The association calls that made or named this key, in call order.
    pub associations: Vec<AssociationId>,
    /// The first call, as written: `Employee.belongsTo(Organization)`.
    pub label: String,
    /// The aliases (`as`) of those calls, deduplicated, in order.
    pub aliases: Vec<String>,
    pub kind: AssociationKind,
    /// The foreign-key attribute on the holder (for a collapsed
    /// many-to-many: the junction's key to the source).
    pub foreign_key: String,
    /// Its row on the holder, and the referenced key's row on the target.
    pub from_row: usize,
    pub to_row: usize,
    pub cardinality: Cardinality,
    /// The holder may have no referenced record: the key allows null.
    pub optional: bool,
}

/// The graph: edges point from the model holding the key to the model it
/// references.
pub type SchemaGraph = DiGraph<Node, Edge>;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Draw each many-to-many as one edge between its two models, without
    /// the junction (unless the junction is also associated on its own).
    pub collapse_many_to_many: bool,
}

/// The graph of `schema`. Node `i` is model `i` unless junctions are
/// collapsed away; [`Node::model`] says which.
pub fn build(schema: &Schema, options: Options) -> SchemaGraph {
    let mut graph = SchemaGraph::with_capacity(schema.models.len(), schema.associations.len());
    // Junctions that only many-to-manys use disappear when collapsed.
    let mut hidden = vec![false; schema.models.len()];
    if options.collapse_many_to_many {
        for (i, m) in schema.models.iter().enumerate() {
            hidden[i] = m.is_junction
                && schema.associations.iter().all(|a| {
                    a.kind == AssociationKind::BelongsToMany || (a.source != i && a.target != i)
                });
        }
    }
    let mut index: Vec<Option<NodeIndex>> = vec![None; schema.models.len()];
    for (i, m) in schema.models.iter().enumerate() {
        if !hidden[i] {
            index[i] = Some(graph.add_node(node(i, m)));
        }
    }

    for (id, a) in schema.associations.iter().enumerate() {
        let (kind, cardinality) = (a.kind, cardinality_of(a.kind));
        let mut keys: Vec<(ModelId, &str, ModelId, Option<&str>, Cardinality)> = Vec::new();
        match a.kind {
            AssociationKind::HasOne | AssociationKind::HasMany => {
                keys.push((
                    a.target,
                    &a.foreign_key,
                    a.source,
                    a.source_key.as_deref(),
                    cardinality,
                ));
            }
            AssociationKind::BelongsTo => {
                keys.push((
                    a.source,
                    &a.foreign_key,
                    a.target,
                    a.target_key.as_deref(),
                    cardinality,
                ));
            }
            AssociationKind::BelongsToMany => {
                let Some(j) = a.through else { continue };
                if hidden[j] {
                    // One m:n edge per pair: the later call of a pair joins
                    // the earlier one's edge.
                    let (s, t) = (a.source, a.target);
                    let key = a.foreign_key.as_str();
                    keys.push((s, key, t, a.target_key.as_deref(), Cardinality::ManyToMany));
                } else {
                    keys.push((
                        j,
                        &a.foreign_key,
                        a.source,
                        a.source_key.as_deref(),
                        cardinality,
                    ));
                    if let Some(other) = &a.other_key {
                        keys.push((j, other, a.target, a.target_key.as_deref(), cardinality));
                    }
                }
            }
        }
        for (holder, fk, referenced, referenced_key, cardinality) in keys {
            let (Some(from), Some(to)) = (index[holder], index[referenced]) else {
                continue;
            };
            let collapsed = cardinality == Cardinality::ManyToMany;
            // The same key (or, collapsed, the same pair of models) is one edge.
            let same = graph.edges_connecting(from, to).map(|e| e.id()).find(|&e| {
                let edge = &graph[e];
                if collapsed {
                    edge.cardinality == Cardinality::ManyToMany
                } else {
                    edge.foreign_key == fk && edge.cardinality != Cardinality::ManyToMany
                }
            });
            let same = same.or_else(|| {
                // A collapsed pair drawn the other way round already.
                collapsed
                    .then(|| graph.find_edge(to, from))
                    .flatten()
                    .filter(|&e| graph[e].cardinality == Cardinality::ManyToMany)
            });
            if let Some(e) = same {
                let edge = &mut graph[e];
                edge.associations.push(id);
                if !edge.aliases.contains(&a.as_name) {
                    edge.aliases.push(a.as_name.clone());
                }
                // hasOne/hasMany say how many; a belongsTo does not.
                if edge.cardinality == Cardinality::Unspecified {
                    edge.cardinality = cardinality;
                }
                continue;
            }
            let holder_model = &schema.models[holder];
            let referenced_model = &schema.models[referenced];
            let from_row = row_of(holder_model, fk);
            let to_row = referenced_key
                .and_then(|k| position(&referenced_model.attributes, k))
                .or_else(|| {
                    referenced_model
                        .primary_keys
                        .first()
                        .and_then(|k| position(&referenced_model.attributes, k))
                })
                .unwrap_or(0);
            let optional = holder_model.attribute(fk).is_none_or(|at| at.allow_null);
            graph.add_edge(
                from,
                to,
                Edge {
                    associations: vec![id],
                    label: a.label.clone(),
                    aliases: vec![a.as_name.clone()],
                    kind,
                    foreign_key: fk.to_string(),
                    from_row,
                    to_row,
                    cardinality,
                    optional,
                },
            );
        }
    }
    graph
}

fn cardinality_of(kind: AssociationKind) -> Cardinality {
    match kind {
        AssociationKind::HasOne => Cardinality::One,
        AssociationKind::HasMany | AssociationKind::BelongsToMany => Cardinality::Many,
        AssociationKind::BelongsTo => Cardinality::Unspecified,
    }
}

fn position(attributes: &[Attribute], name: &str) -> Option<usize> {
    attributes.iter().position(|a| a.name == name)
}

/// The row of `fk` on `model`: by attribute name, else by column name (a
/// key given as a field), else the first row.
fn row_of(model: &Model, fk: &str) -> usize {
    position(&model.attributes, fk)
        .or_else(|| model.attributes.iter().position(|a| a.field == fk))
        .unwrap_or(0)
}

/// A type as the drawing shows it: PostgreSQL's own short names for the
/// types with a time zone (`TIMESTAMPTZ` for `TIMESTAMP WITH TIME ZONE`,
/// which every model's `createdAt` and `updatedAt` have and which would
/// otherwise set most boxes' width), the rest as the schema writes it.
pub fn drawn_type(data_type: &str) -> String {
    match data_type.strip_suffix(" WITH TIME ZONE") {
        Some(base @ ("TIMESTAMP" | "TIME")) => format!("{base}TZ"),
        _ => data_type.to_string(),
    }
}

fn node(id: ModelId, m: &Model) -> Node {
    let rows: Vec<Row> = m
        .attributes
        .iter()
        .map(|a| Row {
            attribute: a.name.clone(),
            data_type: drawn_type(&a.data_type),
            keys: KeyMarks {
                primary: a.primary_key,
                foreign: a.references.is_some(),
            },
            allow_null: a.allow_null,
        })
        .collect();
    // "PK FK name  TYPE": the longest row, or the title.
    let widest = rows
        .iter()
        .map(|r| r.attribute.chars().count() + r.data_type.chars().count() + 8)
        .chain(std::iter::once(m.name.chars().count() + 4))
        .max()
        .unwrap_or(0);
    let width =
        (widest as f64 * units::CHAR + units::PAD).clamp(units::MIN_WIDTH, units::MAX_WIDTH);
    let height = units::HEADER + units::ROW * rows.len() as f64 + units::FOOTER;
    Node {
        model: id,
        name: m.name.clone(),
        kind: if m.is_junction {
            NodeKind::Junction
        } else if m.origin == ModelOrigin::Implicit {
            NodeKind::Implicit
        } else {
            NodeKind::Model
        },
        rows,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::drawn_type;

    #[test]
    fn types_with_a_time_zone_are_drawn_by_their_short_names() {
        assert_eq!(drawn_type("TIMESTAMP WITH TIME ZONE"), "TIMESTAMPTZ");
        assert_eq!(drawn_type("TIME WITH TIME ZONE"), "TIMETZ");
        assert_eq!(drawn_type("VARCHAR(255)"), "VARCHAR(255)");
        assert_eq!(drawn_type("DATE WITH TIME ZONE"), "DATE WITH TIME ZONE");
    }
}
