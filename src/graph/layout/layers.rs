//! Layer assignment: a layer (a column of the drawing) for every node of
//! an acyclic graph, each edge going to a later layer.
//!
//! Longest path from the sources, then every source that feeds only later
//! layers moves up to just before the nearest of them, so that a lone
//! lookup table sits beside the models that use it rather than in the
//! first column with a long edge across the drawing.

/// Layers for `n` nodes and acyclic `edges` (from, to): `layer[to] >
/// layer[from]` for every edge; the first layer is 0.
pub fn assign(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for &(from, to) in edges {
        out[from].push(to);
        indegree[to] += 1;
    }
    // Kahn's topological order, smallest index first among the ready ones
    // (a stack in reverse index order keeps it deterministic and linear).
    let mut ready: Vec<usize> = (0..n).rev().filter(|&v| indegree[v] == 0).collect();
    let mut order = Vec::with_capacity(n);
    let mut remaining = indegree.clone();
    while let Some(v) = ready.pop() {
        order.push(v);
        for &w in out[v].iter().rev() {
            remaining[w] -= 1;
            if remaining[w] == 0 {
                ready.push(w);
            }
        }
    }
    let mut layer = vec![0usize; n];
    for &v in &order {
        for &w in &out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
        }
    }
    // Sources move next to their nearest successor.
    for &v in order.iter().rev() {
        if indegree[v] == 0 {
            if let Some(nearest) = out[v].iter().map(|&w| layer[w]).min() {
                layer[v] = nearest - 1;
            }
        }
    }
    // Layers that ended up empty close up.
    let mut used = vec![false; layer.iter().max().map_or(0, |m| m + 1)];
    for &l in &layer {
        used[l] = true;
    }
    let mut shift = vec![0usize; used.len()];
    let mut empty = 0;
    for (l, &u) in used.iter().enumerate() {
        if !u {
            empty += 1;
        }
        shift[l] = empty;
    }
    for l in &mut layer {
        *l -= shift[*l];
    }
    layer
}

/// Layers by distance: in each connected part, a breadth-first search
/// from its most connected node (the lowest index among equals), each
/// node's layer its number of steps from there, edges taken in either
/// direction. Joined nodes are then at most one layer apart, so no edge
/// crosses a layer (no dummies), and there are few layers: as many as
/// the farthest node is steps away, where the longest path of a schema
/// of a thousand models is a hundred layers long. Some edges join two
/// nodes of one layer.
pub fn by_distance(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut adjacent: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        adjacent[a].push(b);
        adjacent[b].push(a);
    }
    let mut by_degree: Vec<usize> = (0..n).collect();
    by_degree.sort_by(|&a, &b| adjacent[b].len().cmp(&adjacent[a].len()).then(a.cmp(&b)));
    let mut layer = vec![usize::MAX; n];
    let mut queue = std::collections::VecDeque::new();
    for root in by_degree {
        if layer[root] != usize::MAX {
            continue;
        }
        layer[root] = 0;
        queue.push_back(root);
        while let Some(v) = queue.pop_front() {
            for &w in &adjacent[v] {
                if layer[w] == usize::MAX {
                    layer[w] = layer[v] + 1;
                    queue.push_back(w);
                }
            }
        }
    }
    layer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_go_to_later_layers_and_sources_sit_beside_their_users() {
        // 0 -> 1 -> 2 -> 3, and 4 -> 3 only: 4 belongs just before 3.
        let edges = [(0, 1), (1, 2), (2, 3), (4, 3)];
        let layer = assign(5, &edges);
        assert_eq!(layer, vec![0, 1, 2, 3, 2]);
    }

    #[test]
    fn by_distance_keeps_joined_nodes_at_most_one_layer_apart() {
        // A star around 2 and a tail 4-5: 2 is the root.
        let edges = [(0, 2), (1, 2), (2, 3), (3, 4), (4, 5)];
        let layer = by_distance(6, &edges);
        assert_eq!(layer, vec![1, 1, 0, 1, 2, 3]);
        for &(a, b) in &edges {
            assert!(layer[a].abs_diff(layer[b]) <= 1);
        }
    }

    proptest::proptest! {
        #[test]
        fn every_edge_points_forward(
            n in 1usize..40,
            raw in proptest::collection::vec((0usize..40, 0usize..40), 0..100),
        ) {
            // Acyclic by construction: edges go from a smaller to a larger index.
            let edges: Vec<(usize, usize)> = raw
                .into_iter()
                .map(|(a, b)| (a % n, b % n))
                .filter(|(a, b)| a != b)
                .map(|(a, b)| (a.min(b), a.max(b)))
                .collect();
            let layer = assign(n, &edges);
            for &(a, b) in &edges {
                proptest::prop_assert!(layer[b] > layer[a]);
            }
            let max = layer.iter().copied().max().unwrap_or(0);
            for l in 0..=max {
                proptest::prop_assert!(layer.contains(&l), "layer {} is empty", l);
            }
        }
    }
}
