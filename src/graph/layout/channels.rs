//! The order of the vertical runs in the gap between two columns (the
//! channel): which line gets the track nearest the left column.
//!
//! A run leaves the left column at one height, goes right to its track,
//! up or down, and on to the right column at another height (an edge
//! within a column comes back to the left column instead). Its horizontal
//! stubs cross every run whose track they pass and whose vertical span
//! holds their height; which tracks a stub passes depends on the order.
//! Runs start in an order that is right for most pairs (edges within a
//! column nearest it, the shortest first; then runs going up, by their
//! start; then runs going down, by their start from the bottom), and
//! neighbours are swapped while a swap removes crossings.

/// One vertical run: from `from_y` (its stub to the left column) to
/// `to_y` (its stub to the right column, or to the left one when
/// `within`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Run {
    pub from_y: f64,
    pub to_y: f64,
    pub within: bool,
}

impl Run {
    fn span(&self) -> (f64, f64) {
        (self.from_y.min(self.to_y), self.from_y.max(self.to_y))
    }

    fn holds(&self, y: f64) -> bool {
        let (lo, hi) = self.span();
        lo + 1e-6 < y && y < hi - 1e-6
    }

    /// Heights of the stubs reaching left of its track.
    fn left_stubs(&self) -> impl Iterator<Item = f64> {
        let second = self.within.then_some(self.to_y);
        std::iter::once(self.from_y).chain(second)
    }

    /// Heights of the stubs reaching right of its track.
    fn right_stub(&self) -> Option<f64> {
        (!self.within).then_some(self.to_y)
    }
}

/// Crossings between `a` and `b` when `a`'s track is left of `b`'s.
fn cost(a: &Run, b: &Run) -> usize {
    b.left_stubs().filter(|&y| a.holds(y)).count()
        + a.right_stub().filter(|&y| b.holds(y)).map_or(0, |_| 1)
}

/// Crossings among `runs` in the order `order` (left to right).
pub fn crossings(runs: &[Run], order: &[usize]) -> usize {
    let mut total = 0;
    for (i, &a) in order.iter().enumerate() {
        for &b in &order[i + 1..] {
            total += cost(&runs[a], &runs[b]);
        }
    }
    total
}

/// The starting order: edges within the column nearest it, the shortest
/// first; then runs going up, by their start; then runs going down, by
/// their start from the bottom. Right for any two runs of one kind.
fn initial(runs: &[Run]) -> Vec<usize> {
    let key = |r: &Run| -> (u8, f64) {
        let (lo, hi) = r.span();
        if r.within {
            (0, hi - lo)
        } else if r.to_y < r.from_y {
            (1, r.from_y)
        } else {
            (2, -r.from_y)
        }
    };
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by(|&a, &b| {
        let (ka, kb) = (key(&runs[a]), key(&runs[b]));
        ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1)).then(a.cmp(&b))
    });
    order
}

/// The left-to-right order of `runs` in their channel.
pub fn order(runs: &[Run]) -> Vec<usize> {
    const ROUNDS: usize = 12;
    let mut order = initial(runs);
    for _ in 0..ROUNDS {
        let mut improved = false;
        for i in 1..order.len() {
            let (a, b) = (order[i - 1], order[i]);
            if cost(&runs[b], &runs[a]) < cost(&runs[a], &runs[b]) {
                order.swap(i - 1, i);
                improved = true;
            }
        }
        if !improved {
            break;
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(from_y: f64, to_y: f64) -> Run {
        Run {
            from_y,
            to_y,
            within: false,
        }
    }

    #[test]
    fn two_runs_going_down_cross_only_in_one_order() {
        let runs = [run(0.0, 10.0), run(5.0, 15.0)];
        assert_eq!(crossings(&runs, &[0, 1]), 2);
        assert_eq!(crossings(&runs, &[1, 0]), 0);
        assert_eq!(order(&runs), vec![1, 0]);
    }

    #[test]
    fn an_edge_within_the_column_nests_nearest_it() {
        let runs = [
            run(0.0, 50.0),
            Run {
                from_y: 10.0,
                to_y: 20.0,
                within: true,
            },
        ];
        let o = order(&runs);
        assert_eq!(o, vec![1, 0]);
        assert_eq!(crossings(&runs, &o), 0);
    }

    proptest::proptest! {
        #[test]
        fn ordering_never_adds_crossings(
            raw in proptest::collection::vec((0u8..40, 0u8..40, proptest::bool::ANY), 0..30),
        ) {
            let runs: Vec<Run> = raw
                .iter()
                .map(|&(a, b, within)| Run { from_y: f64::from(a), to_y: f64::from(b), within })
                .collect();
            let o = order(&runs);
            let mut sorted = o.clone();
            sorted.sort_unstable();
            proptest::prop_assert_eq!(sorted, (0..runs.len()).collect::<Vec<_>>());
            // Swapping neighbours only ever removes crossings.
            let start = initial(&runs);
            proptest::prop_assert!(crossings(&runs, &o) <= crossings(&runs, &start));
        }
    }
}
