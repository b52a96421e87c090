//! The order `sequelize.sync()` creates tables in: `ModelManager`'s
//! `getModelsTopoSortedByForeignKey` (toposort-class 1.0.1), reversed.
//!
//! Every model is a node named by its table (`schema.table` with a
//! schema); each column's `references.model` is an edge to the table it
//! names, a model's references to itself left out. toposort-class lists
//! nodes in order of first appearance among the edges and walks them
//! depth first, dependencies in edge order; `sync()` then creates the
//! tables in the walk's finishing order (every table after those it
//! references, where that is possible). On a cycle Sequelize gives up
//! sorting ([`SyncOrder::Cyclic`]).

use crate::engine::fast_hash::HashMap;
use crate::engine::schema::{Model, Schema};

use super::table::Tables;

/// How `sync()` walks the models.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncOrder {
    /// Indices into `Schema::models`, in the order the tables are created.
    Sorted(Vec<usize>),
    /// The foreign keys make a cycle: `sync()` goes through
    /// `sequelize.models` in definition order instead (twice, first without
    /// foreign-key constraints, for postgres and mysql).
    Cyclic,
}

/// Sequelize's node name for a model: its table, with its schema.
pub fn table_key(model: &Model) -> String {
    match &model.schema {
        Some(schema) => format!("{schema}.{}", model.table_name),
        None => model.table_name.clone(),
    }
}

/// The order `sync()` creates `schema`'s tables in. Where toposort-class
/// would throw (an empty table name), Err holds its message.
///
/// Linear in models plus references: the walk is iterative (a chain of
/// 100,000 models needs no deep stack) and follows adjacency lists kept in
/// edge order, which visits dependencies exactly as toposort-class's scan
/// of every edge does.
pub fn sync_order(schema: &Schema, tables: &Tables) -> Result<SyncOrder, String> {
    // `models.set(tableName, model)`: a later model with the same table
    // name takes the node.
    let mut model_of: HashMap<String, usize> = HashMap::default();
    let mut node_of: HashMap<String, usize> = HashMap::default();
    let mut names: Vec<String> = Vec::new();
    let mut deps: Vec<Vec<usize>> = Vec::new();
    let mut node = |name: &str, names: &mut Vec<String>, deps: &mut Vec<Vec<usize>>| -> usize {
        if let Some(&n) = node_of.get(name) {
            return n;
        }
        node_of.insert(name.to_string(), names.len());
        names.push(name.to_string());
        deps.push(Vec::new());
        names.len() - 1
    };
    for (index, model) in schema.models.iter().enumerate() {
        let key = table_key(model);
        if key.is_empty() {
            return Err("Dependent name must be given as a not empty string".into());
        }
        model_of.insert(key.clone(), index);
        let item = node(&key, &mut names, &mut deps);
        for attribute in &model.attributes {
            let Some(reference) = &attribute.references else {
                continue;
            };
            let dep = tables.referenced_key(reference);
            if dep == key {
                continue;
            }
            if dep.is_empty() {
                return Err("Dependency name must be given as a not empty string".into());
            }
            let d = node(&dep, &mut names, &mut deps);
            if let Some(list) = deps.get_mut(item) {
                list.push(d);
            }
        }
    }
    let Some(finished) = depth_first(&deps) else {
        return Ok(SyncOrder::Cyclic);
    };
    Ok(SyncOrder::Sorted(
        finished
            .into_iter()
            .filter_map(|n| names.get(n).and_then(|name| model_of.get(name)).copied())
            .collect(),
    ))
}

/// toposort-class's walk: nodes in order, each node's dependencies in
/// order, a node finished once its dependencies are. The finishing order,
/// or None on a cycle (a dependency already on the path).
fn depth_first(deps: &[Vec<usize>]) -> Option<Vec<usize>> {
    let n = deps.len();
    let mut visited = vec![false; n];
    let mut on_path = vec![false; n];
    let mut finished = Vec::with_capacity(n);
    // (node, index of the next dependency to follow)
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if visited[root] {
            continue;
        }
        visited[root] = true;
        on_path[root] = true;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            match deps.get(node).and_then(|d| d.get(next)) {
                Some(&dep) => {
                    top.1 += 1;
                    if dep >= n {
                        continue;
                    }
                    if on_path[dep] {
                        return None;
                    }
                    if !visited[dep] {
                        visited[dep] = true;
                        on_path[dep] = true;
                        stack.push((dep, 0));
                    }
                }
                None => {
                    on_path[node] = false;
                    finished.push(node);
                    stack.pop();
                }
            }
        }
    }
    Some(finished)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_finish_first_in_edge_order() {
        // 0 -> 1, 0 -> 2, 2 -> 1: finished 1, 2, 0.
        assert_eq!(
            depth_first(&[vec![1, 2], vec![], vec![1]]),
            Some(vec![1, 2, 0])
        );
    }

    #[test]
    fn a_cycle_is_reported() {
        assert_eq!(depth_first(&[vec![1], vec![2], vec![0]]), None);
        assert_eq!(depth_first(&[vec![], vec![1]]), None);
    }
}
