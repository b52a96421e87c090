//! The order of the vertical runs in the gap between two columns (the
//! channel): which line gets the track nearest the left column.
//!
//! A run leaves the left column at one height, goes right to its track,
//! up or down, and on to the right column at another height. Its
//! horizontal stubs cross every run whose track they pass and whose
//! vertical span holds their height; which tracks a stub passes depends
//! on the order. Runs start in an order that is right for any two runs
//! going the same way (runs going up, by their start; then runs going
//! down, by their start from the bottom), and neighbours are swapped
//! while a swap removes crossings.

/// One vertical run: from `from_y` (its stub to the left column) to
/// `to_y` (its stub to the right column).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Run {
    pub from_y: f64,
    pub to_y: f64,
}

impl Run {
    fn span(&self) -> (f64, f64) {
        (self.from_y.min(self.to_y), self.from_y.max(self.to_y))
    }

    fn holds(&self, y: f64) -> bool {
        let (lo, hi) = self.span();
        lo + 1e-6 < y && y < hi - 1e-6
    }
}

/// Crossings between `a` and `b` when `a`'s track is left of `b`'s: `b`'s
/// stub to the left column passes `a`'s track, `a`'s stub to the right
/// column passes `b`'s.
fn cost(a: &Run, b: &Run) -> usize {
    usize::from(a.holds(b.from_y)) + usize::from(b.holds(a.to_y))
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

/// The starting order: runs going up, by their start; then runs going
/// down, by their start from the bottom. Right for any two runs going the
/// same way.
fn initial(runs: &[Run]) -> Vec<usize> {
    let key = |r: &Run| -> (u8, f64) {
        if r.to_y < r.from_y {
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
        Run { from_y, to_y }
    }

    #[test]
    fn two_runs_going_down_cross_only_in_one_order() {
        let runs = [run(0.0, 10.0), run(5.0, 15.0)];
        assert_eq!(crossings(&runs, &[0, 1]), 2);
        assert_eq!(crossings(&runs, &[1, 0]), 0);
        assert_eq!(order(&runs), vec![1, 0]);
    }

    proptest::proptest! {
        #[test]
        fn ordering_never_adds_crossings(
            raw in proptest::collection::vec((0u8..40, 0u8..40), 0..30),
        ) {
            let runs: Vec<Run> = raw
                .iter()
                .map(|&(a, b)| run(f64::from(a), f64::from(b)))
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
