//! Coordinate assignment along the layers: the top of every vertex, in
//! the order crossing reduction chose, without overlaps.
//!
//! Each vertex wants its ports level with the ports it is joined to (a
//! foreign-key row level with the key it references gives a straight
//! line). Sweeps down and up the layers move every vertex of a layer to
//! the weighted mean of those wishes, as near as the layer's order and
//! spacing allow: an isotonic regression, solved exactly per layer by
//! pooling adjacent violators. Chains of dummies weigh more, so long edges
//! run straight.

/// What the placement needs to know about one segment: its two vertices
/// (upper layer, lower layer), where its ends sit below each vertex's
/// top, and how much straightness it is worth.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    pub upper: usize,
    pub lower: usize,
    pub upper_offset: f64,
    pub lower_offset: f64,
    pub weight: f64,
}

/// Tops for the vertices of `layers` (each layer in order), given their
/// `heights`, the `gap` wanted between two neighbours, and the segments.
/// The smallest top is 0.
pub fn tops(
    layers: &[Vec<usize>],
    heights: &[f64],
    gap: impl Fn(usize, usize) -> f64,
    segments: &[Segment],
    sweeps: usize,
) -> Vec<f64> {
    let n = heights.len();
    let mut touching: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, s) in segments.iter().enumerate() {
        touching[s.upper].push(i);
        touching[s.lower].push(i);
    }
    // Start stacked from 0.
    let mut top = vec![0.0; n];
    for layer in layers {
        let mut y = 0.0;
        for (i, &v) in layer.iter().enumerate() {
            if i > 0 {
                y += gap(layer[i - 1], v);
            }
            top[v] = y;
            y += heights[v];
        }
    }
    let mut targets: Vec<(f64, f64)> = Vec::new();
    let mut offsets: Vec<f64> = Vec::new();
    for sweep in 0..sweeps {
        let order: Box<dyn Iterator<Item = usize>> = if sweep % 2 == 0 {
            Box::new(0..layers.len())
        } else {
            Box::new((0..layers.len()).rev())
        };
        for l in order {
            let layer = &layers[l];
            targets.clear();
            offsets.clear();
            let mut offset = 0.0;
            for (i, &v) in layer.iter().enumerate() {
                if i > 0 {
                    offset += heights[layer[i - 1]] + gap(layer[i - 1], v);
                }
                offsets.push(offset);
                let (mut sum, mut weight) = (0.0, 0.0);
                for &s in &touching[v] {
                    let s = &segments[s];
                    let wish = if s.upper == v {
                        top[s.lower] + s.lower_offset - s.upper_offset
                    } else {
                        top[s.upper] + s.upper_offset - s.lower_offset
                    };
                    sum += s.weight * wish;
                    weight += s.weight;
                }
                // A vertex joined to nothing stays where it is, lightly.
                let (wish, weight) = if weight > 0.0 {
                    (sum / weight, weight)
                } else {
                    (top[v], 0.1)
                };
                targets.push((wish - offset, weight));
            }
            let z = isotonic(&targets);
            for (i, &v) in layer.iter().enumerate() {
                top[v] = z[i] + offsets[i];
            }
        }
    }
    let min = top.iter().copied().fold(f64::INFINITY, f64::min);
    if min.is_finite() {
        for t in &mut top {
            *t -= min;
        }
    }
    top
}

/// The non-decreasing sequence nearest to `targets` (value, weight) in
/// weighted squared distance: pool adjacent violators.
fn isotonic(targets: &[(f64, f64)]) -> Vec<f64> {
    // Blocks of (mean, weight, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(targets.len());
    for &(value, weight) in targets {
        let mut block = (value, weight, 1);
        while let Some(&(mean, w, len)) = blocks.last() {
            if mean <= block.0 {
                break;
            }
            blocks.pop();
            let total = w + block.1;
            block = ((mean * w + block.0 * block.1) / total, total, len + block.2);
        }
        blocks.push(block);
    }
    let mut out = Vec::with_capacity(targets.len());
    for (mean, _, len) in blocks {
        out.extend(std::iter::repeat_n(mean, len));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_pools_violators() {
        let z = isotonic(&[(1.0, 1.0), (3.0, 1.0), (2.0, 1.0), (4.0, 1.0)]);
        assert_eq!(z, vec![1.0, 2.5, 2.5, 4.0]);
    }

    #[test]
    fn a_key_row_lines_up_with_the_row_it_references() {
        // Vertex 0 (height 100) above vertex 1 (height 60): the segment
        // joins 0's row at 70 to 1's row at 10, so 1's top goes to 60.
        let layers = vec![vec![0], vec![1]];
        let seg = Segment {
            upper: 0,
            lower: 1,
            upper_offset: 70.0,
            lower_offset: 10.0,
            weight: 1.0,
        };
        let top = tops(&layers, &[100.0, 60.0], |_, _| 20.0, &[seg], 4);
        assert!((top[1] + 10.0 - (top[0] + 70.0)).abs() < 1e-9, "{top:?}");
    }

    proptest::proptest! {
        #[test]
        fn neighbours_never_overlap(
            heights in proptest::collection::vec(1.0f64..200.0, 2..12),
            raw in proptest::collection::vec((0usize..12, 0usize..12, 0.0f64..100.0), 0..20),
        ) {
            let n = heights.len();
            let half = n / 2;
            let layers = vec![(0..half.max(1)).collect::<Vec<_>>(), (half.max(1)..n).collect()];
            let segments: Vec<Segment> = raw
                .iter()
                .filter(|_| n > 1 && half.max(1) < n)
                .map(|&(a, b, off)| Segment {
                    upper: a % half.max(1),
                    lower: half.max(1) + b % (n - half.max(1)),
                    upper_offset: off,
                    lower_offset: 0.0,
                    weight: 1.0,
                })
                .collect();
            let top = tops(&layers, &heights, |_, _| 16.0, &segments, 6);
            for layer in &layers {
                for w in layer.windows(2) {
                    proptest::prop_assert!(top[w[1]] >= top[w[0]] + heights[w[0]] + 16.0 - 1e-6);
                }
            }
        }
    }
}
