//! Cycle removal: which edges to turn round so that the graph has no
//! directed cycle, the first step of a layered layout.
//!
//! A depth-first search from every node in index order marks the edges
//! that close a cycle (those into a node still on the search's stack).
//! Deterministic, linear, and it turns round only edges on cycles.

/// For `edges` (from, to) over `n` nodes, without self-loops: `true` for
/// the edges to reverse.
pub fn reversed(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(from, _)) in edges.iter().enumerate() {
        out[from].push(i);
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnStack,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let mut reverse = vec![false; edges.len()];
    // (node, next outgoing edge to look at): an explicit stack, so that a
    // long chain of models cannot overflow the call stack.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if mark[root] != Mark::New {
            continue;
        }
        mark[root] = Mark::OnStack;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let v = top.0;
            if let Some(&e) = out[v].get(top.1) {
                top.1 += 1;
                let w = edges[e].1;
                match mark[w] {
                    Mark::New => {
                        mark[w] = Mark::OnStack;
                        stack.push((w, 0));
                    }
                    Mark::OnStack => reverse[e] = true,
                    Mark::Done => {}
                }
            } else {
                mark[v] = Mark::Done;
                stack.pop();
            }
        }
    }
    reverse
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kahn's algorithm: true when the edges, as given, form no cycle.
    pub fn is_acyclic(n: usize, edges: &[(usize, usize)]) -> bool {
        let mut indegree = vec![0; n];
        for &(_, to) in edges {
            indegree[to] += 1;
        }
        let mut ready: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
        let mut seen = 0;
        while let Some(v) = ready.pop() {
            seen += 1;
            for &(from, to) in edges {
                if from == v {
                    indegree[to] -= 1;
                    if indegree[to] == 0 {
                        ready.push(to);
                    }
                }
            }
        }
        seen == n
    }

    fn apply(edges: &[(usize, usize)], reverse: &[bool]) -> Vec<(usize, usize)> {
        edges
            .iter()
            .zip(reverse)
            .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
            .collect()
    }

    #[test]
    fn a_cycle_loses_one_edge_and_a_dag_none() {
        let cycle = [(0, 1), (1, 2), (2, 0)];
        let r = reversed(3, &cycle);
        assert_eq!(r.iter().filter(|&&x| x).count(), 1);
        assert!(is_acyclic(3, &apply(&cycle, &r)));

        let dag = [(0, 1), (0, 2), (1, 2), (2, 3)];
        assert_eq!(reversed(4, &dag), vec![false; 4]);
    }

    proptest::proptest! {
        #[test]
        fn any_graph_becomes_acyclic(
            n in 1usize..30,
            raw in proptest::collection::vec((0usize..30, 0usize..30), 0..80),
        ) {
            let edges: Vec<(usize, usize)> = raw
                .into_iter()
                .map(|(a, b)| (a % n, b % n))
                .filter(|(a, b)| a != b)
                .collect();
            let r = reversed(n, &edges);
            proptest::prop_assert!(is_acyclic(n, &apply(&edges, &r)));
            proptest::prop_assert_eq!(r, reversed(n, &edges));
        }
    }
}
