//! Averaged-perceptron weights: a sparse table while training, frozen into
//! a compact quantised table for use.
//!
//! Features are 64-bit hashes ([`crate::hash::feat`]). A feature holds
//! weights only for the classes it was ever updated for, so the table stays
//! small; the frozen form keeps averaged weights as `i16` after dropping
//! those that round to zero.

use crate::io::{Reader, Writer};
use crate::Error;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are already hashes: a pass-through hasher for the training maps.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// A map keyed by feature hashes.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

#[derive(Debug, Clone, Copy)]
struct Cell {
    class: u8,
    weight: i32,
    total: i64,
    stamp: u32,
}

/// Weights being trained: integer perceptron updates, lazily averaged.
#[derive(Debug, Default)]
pub struct Training {
    cells: KeyMap<Vec<Cell>>,
    /// Number of instances seen so far (the averaging clock).
    clock: u32,
}

impl Training {
    /// Adds the current weights of `features` to `scores` (one per class).
    pub fn score(&self, features: &[u64], scores: &mut [i64]) {
        scores.iter_mut().for_each(|s| *s = 0);
        for f in features {
            if let Some(cells) = self.cells.get(f) {
                for c in cells {
                    scores[c.class as usize] += i64::from(c.weight);
                }
            }
        }
    }

    /// Advances the averaging clock by one instance.
    pub fn tick(&mut self) {
        self.clock += 1;
    }

    /// Moves weight from the `wrong` class to the `right` one.
    pub fn update(&mut self, features: &[u64], right: usize, wrong: usize) {
        if right == wrong {
            return;
        }
        for f in features {
            let cells = self.cells.entry(*f).or_default();
            for (class, delta) in [(right, 1), (wrong, -1)] {
                let i = match cells.iter().position(|c| c.class as usize == class) {
                    Some(i) => i,
                    None => {
                        cells.push(Cell {
                            class: class as u8,
                            weight: 0,
                            total: 0,
                            stamp: self.clock,
                        });
                        cells.len() - 1
                    }
                };
                let c = &mut cells[i];
                c.total += i64::from(c.weight) * i64::from(self.clock - c.stamp);
                c.stamp = self.clock;
                c.weight += delta;
            }
        }
    }

    /// Averages the weights and freezes them, dropping weights whose
    /// quantised value is zero.
    pub fn freeze(&self) -> Frozen {
        let clock = f64::from(self.clock.max(1));
        let mut rows: Vec<(u64, Vec<(u8, f64)>)> = self
            .cells
            .iter()
            .map(|(k, cells)| {
                let avg = cells
                    .iter()
                    .map(|c| {
                        let total = c.total + i64::from(c.weight) * i64::from(self.clock - c.stamp);
                        (c.class, total as f64 / clock)
                    })
                    .collect();
                (*k, avg)
            })
            .collect();
        rows.sort_by_key(|r| r.0);
        let max = rows
            .iter()
            .flat_map(|r| r.1.iter().map(|c| c.1.abs()))
            .fold(0.0f64, f64::max);
        let scale = if max > 0.0 { 32_000.0 / max } else { 1.0 };
        let mut keys = Vec::new();
        let mut starts = vec![0u32];
        let mut cells = Vec::new();
        for (k, row) in rows {
            let before = cells.len();
            for (class, w) in row {
                let q = snap((w * scale).round().clamp(-32_767.0, 32_767.0) as i16);
                if q != 0 {
                    cells.push(pack(class, q));
                }
            }
            if cells.len() > before {
                keys.push(k);
                starts.push(cells.len() as u32);
            }
        }
        Frozen::from_sorted(keys, starts, cells)
    }
}

/// Weights are stored as one-byte codes: a sign bit and 127 steps spread
/// logarithmically over 1..=32767 (each step about 8.6% above the last), so
/// large and small weights keep the same relative precision.
const STEPS: f64 = 126.0;

fn code_of(w: i16) -> u8 {
    if w == 0 {
        return 0;
    }
    let m = f64::from(w.unsigned_abs()).ln() / 32_767f64.ln() * STEPS;
    let m = (m.round() as u8).min(STEPS as u8) + 1;
    if w < 0 {
        m | 0x80
    } else {
        m
    }
}

fn weight_of(code: u8) -> i16 {
    let m = code & 0x7f;
    if m == 0 {
        return 0;
    }
    let v = (f64::from(m - 1) / STEPS * 32_767f64.ln()).exp().round() as i16;
    if code & 0x80 != 0 {
        -v
    } else {
        v
    }
}

/// The weight as it will be stored.
fn snap(w: i16) -> i16 {
    weight_of(code_of(w))
}

#[inline]
fn pack(class: u8, w: i16) -> u32 {
    (u32::from(class) << 16) | u32::from(w as u16)
}

/// One slot of the open-addressing table: a feature and its row, either
/// inline or where to find it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    key: u64,
    /// Most rows hold one to four weights: those are kept here, so scoring
    /// them costs no look-up beyond the slot's own cache line. Inline: four
    /// 16-bit cells (class << 8 | one-byte weight code), unused ones
    /// [`NO_CELL`]. Otherwise the low 16 bits are [`NO_CELL`], bits 16..32
    /// the row length ([`DENSE_FLAG`] set for a dense copy) and the high 32
    /// bits the row's first cell or its dense copy's index.
    row: u64,
}

const NO_CELL: u16 = 0xFFFF;
const INLINE_CELLS: usize = 4;
const DENSE_FLAG: u64 = 1 << 15;
/// Row lengths above this are cut (classes are bytes, so only a corrupt
/// file has longer rows).
const MAX_ROW: u32 = 511;

/// Where a row that is not inline lives.
enum Row {
    Cells(usize, usize),
    Dense(usize),
}

impl Slot {
    fn is_inline(self) -> bool {
        self.row as u16 != NO_CELL
    }

    /// Row of a slot that is not inline.
    fn outside(self) -> Row {
        let len = (self.row >> 16) & 0xFFFF;
        let at = (self.row >> 32) as usize;
        if len & DENSE_FLAG != 0 {
            Row::Dense(at)
        } else {
            Row::Cells(at, at + len as usize)
        }
    }

    /// The inline cells (class, weight code).
    fn inline_cells(self) -> impl Iterator<Item = (u8, u8)> {
        (0..INLINE_CELLS)
            .map(move |k| (self.row >> (16 * k)) as u16)
            .take_while(|&c| c != NO_CELL)
            .map(|c| ((c >> 8) as u8, c as u8))
    }
}

/// The inline form of a row, when it is short and every weight is exactly
/// a one-byte code (always so for format 2 files).
fn inline_row(row: &[u32]) -> Option<u64> {
    if row.is_empty() || row.len() > INLINE_CELLS {
        return None;
    }
    let mut packed = u64::MAX;
    for (k, &c) in row.iter().enumerate() {
        let (class, w) = ((c >> 16) as u8, c as u16 as i16);
        let code = code_of(w);
        if class == 0xFF || weight_of(code) != w {
            return None;
        }
        let cell = u64::from(u16::from(class) << 8 | u16::from(code));
        packed &= !(0xFFFF << (16 * k));
        packed |= cell << (16 * k);
    }
    Some(packed)
}

/// Rows with at least this many weights also get a dense copy, added with
/// vector instructions instead of one cell at a time.
const DENSE_MIN: u32 = 16;

/// Averaged, quantised weights in an open-addressing table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frozen {
    /// Number of features.
    features: usize,
    /// Number of weights.
    weights: usize,
    /// (class << 16 | weight as u16) of the rows not inline.
    cells: Vec<u32>,
    /// Open addressing over `keys`, key 0 = empty; one cache line holds a
    /// slot, so a look-up costs one miss for the slot and, for rows not
    /// inline, one for the row.
    slots: Vec<Slot>,
    /// Dense copies of long rows, `width` weights each.
    dense: Vec<i16>,
    /// (first cell, length) of each dense row in `cells`, to write it back.
    dense_cells: Vec<(u32, u32)>,
    /// Number of classes (highest class + 1).
    width: usize,
    /// Weight of each one-byte code.
    decode: [i16; 256],
}

impl Default for Frozen {
    fn default() -> Frozen {
        Frozen::from_sorted(Vec::new(), vec![0], Vec::new())
    }
}

impl Frozen {
    fn from_sorted(keys: Vec<u64>, starts: Vec<u32>, all_cells: Vec<u32>) -> Frozen {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); cap];
        let width = all_cells
            .iter()
            .map(|&c| (c >> 16) as usize + 1)
            .max()
            .unwrap_or(0);
        let (mut dense, mut dense_cells, mut cells) = (Vec::new(), Vec::new(), Vec::new());
        for (i, &k) in keys.iter().enumerate() {
            let mut s = (k as usize) & (cap - 1);
            while slots[s].key != 0 {
                s = (s + 1) & (cap - 1);
            }
            let (start, full) = (starts[i] as usize, starts[i + 1] - starts[i]);
            let len = full.min(MAX_ROW);
            let row_cells = &all_cells[start..start + len as usize];
            let row = if let Some(packed) = inline_row(row_cells) {
                packed
            } else if len >= DENSE_MIN {
                let index = dense_cells.len();
                dense.resize(dense.len() + width, 0i16);
                for &c in &all_cells[start..start + full as usize] {
                    // A class appears once per row (saturation only guards
                    // corrupt files).
                    let d = &mut dense[index * width + (c >> 16) as usize];
                    *d = d.saturating_add(c as u16 as i16);
                }
                dense_cells.push((cells.len() as u32, len));
                cells.extend_from_slice(row_cells);
                u64::from(NO_CELL) | (u64::from(len) | DENSE_FLAG) << 16 | (index as u64) << 32
            } else {
                let at = cells.len() as u64;
                cells.extend_from_slice(row_cells);
                u64::from(NO_CELL) | u64::from(len) << 16 | at << 32
            };
            slots[s] = Slot { key: k, row };
        }
        Frozen {
            features: keys.len(),
            weights: all_cells.len(),
            cells,
            slots,
            dense,
            dense_cells,
            width,
            decode: std::array::from_fn(|c| weight_of(c as u8)),
        }
    }

    /// (key, row of cells) in key order.
    fn rows(&self) -> Vec<(u64, Vec<u32>)> {
        let mut rows: Vec<(u64, Vec<u32>)> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|&s| (s.key, self.row_cells(s)))
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }

    fn row_cells(&self, slot: Slot) -> Vec<u32> {
        if slot.is_inline() {
            return slot
                .inline_cells()
                .map(|(class, code)| pack(class, self.decode[usize::from(code)]))
                .collect();
        }
        let (a, b) = match slot.outside() {
            Row::Cells(a, b) => (a, b),
            Row::Dense(d) => {
                let (a, len) = self.dense_cells[d];
                (a as usize, (a + len) as usize)
            }
        };
        self.cells[a..b].to_vec()
    }

    /// The table without weights of magnitude below `min_abs` (and without
    /// features left with none): a smaller file and fewer cache misses for
    /// a small loss of accuracy.
    pub fn pruned(&self, min_abs: i16) -> Frozen {
        let mut keys = Vec::new();
        let mut starts = vec![0u32];
        let mut cells = Vec::new();
        for (k, row) in self.rows() {
            let before = cells.len();
            cells.extend(
                row.iter()
                    .filter(|&&c| (c as u16 as i16).unsigned_abs() >= min_abs.unsigned_abs()),
            );
            if cells.len() > before {
                keys.push(k);
                starts.push(cells.len() as u32);
            }
        }
        Frozen::from_sorted(keys, starts, cells)
    }

    /// Number of features with weights.
    pub fn features(&self) -> usize {
        self.features
    }

    /// Number of stored weights.
    pub fn weights(&self) -> usize {
        self.weights
    }

    /// Sets `scores` to the summed weights of `features` (one per class;
    /// classes are bytes, so the fixed array needs no bounds checks).
    ///
    /// Look-ups miss the cache, so each phase first touches every address it
    /// will need in a loop without data-dependent branches, letting the CPU
    /// overlap the misses, then does the real work on warm lines.
    #[inline]
    pub fn score(&self, features: &[u64], scores: &mut [i32; 256]) {
        scores.fill(0);
        let mask = self.slots.len() - 1;
        let mut touch = 0u64;
        for &f in features {
            touch ^= self.slots[(f as usize) & mask].key;
        }
        let mut rows = [Slot::default(); 128];
        debug_assert!(
            features.len() <= rows.len(),
            "more features than the row buffer"
        );
        let mut found = 0;
        for &f in features {
            let mut s = (f as usize) & mask;
            loop {
                let slot = self.slots[s];
                if slot.key == f {
                    if found < rows.len() {
                        if slot.is_inline() {
                            self.add_inline(slot, scores);
                        } else {
                            rows[found] = slot;
                            found += 1;
                        }
                    }
                    break;
                }
                if slot.key == 0 {
                    break;
                }
                s = (s + 1) & mask;
            }
        }
        for slot in &rows[..found] {
            touch ^= match slot.outside() {
                Row::Dense(d) => self.dense.get(d * self.width).map_or(0, |&w| w as u64),
                Row::Cells(a, _) => u64::from(self.cells.get(a).copied().unwrap_or(0)),
            };
        }
        std::hint::black_box(touch);
        let width = self.width.min(scores.len());
        for slot in &rows[..found] {
            match slot.outside() {
                Row::Dense(d) => {
                    let row = &self.dense[d * self.width..d * self.width + width];
                    for (s, &w) in scores[..width].iter_mut().zip(row) {
                        *s += i32::from(w);
                    }
                }
                Row::Cells(a, b) => {
                    for &c in &self.cells[a..b] {
                        scores[usize::from((c >> 16) as u8)] += i32::from(c as u16 as i16);
                    }
                }
            }
        }
    }

    #[inline]
    fn add_inline(&self, slot: Slot, scores: &mut [i32; 256]) {
        for (class, code) in slot.inline_cells() {
            scores[usize::from(class)] += i32::from(self.decode[usize::from(code)]);
        }
    }
    /// Writes the table: delta-coded keys, row lengths, then the cells.
    pub fn write(&self, w: &mut Writer) {
        let rows = self.rows();
        w.varint(rows.len() as u64);
        let mut prev = 0u64;
        for &(k, _) in &rows {
            w.varint(k - prev);
            prev = k;
        }
        for (_, row) in &rows {
            w.varint(row.len() as u64);
        }
        for (_, row) in &rows {
            for &c in row.iter() {
                w.u8((c >> 16) as u8);
                w.u8(code_of(c as u16 as i16));
            }
        }
    }

    /// Reads a table written by [`Frozen::write`].
    ///
    /// # Errors
    /// [`Error::Model`] when the bytes are truncated or inconsistent.
    pub fn read(r: &mut Reader) -> Result<Frozen, Error> {
        let n = r.len_prefix(1)?;
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u64;
        for _ in 0..n {
            let k = prev
                .checked_add(r.varint()?)
                .ok_or_else(|| Error::model("feature keys overflow"))?;
            if k == 0 || (!keys.is_empty() && k == prev) {
                return Err(Error::model("feature keys not strictly increasing"));
            }
            keys.push(k);
            prev = k;
        }
        let mut starts = Vec::with_capacity(n + 1);
        starts.push(0u32);
        let mut total = 0u64;
        for _ in 0..n {
            total += r.varint()?;
            if total > u64::from(u32::MAX) || total > r.remaining() as u64 {
                return Err(Error::model("weight rows exceed the file"));
            }
            starts.push(total as u32);
        }
        let mut cells = Vec::with_capacity(total as usize);
        for _ in 0..total {
            let class = r.u8()?;
            let w = if r.wide_weights {
                let b = r.take(2)?;
                i16::from_le_bytes([b[0], b[1]])
            } else {
                weight_of(r.u8()?)
            };
            cells.push(pack(class, w));
        }
        Ok(Frozen::from_sorted(keys, starts, cells))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_rows_score_the_same_through_their_dense_copy() {
        let mut t = Training::default();
        let f = [crate::hash::feat(3, 1, 4, 1)];
        for class in 0..40usize {
            t.tick();
            t.update(&f, class, 40 + class % 3);
        }
        let frozen = t.freeze();
        assert!(
            frozen.dense.len() >= frozen.width,
            "the long row has a dense copy"
        );
        let mut scores = [0i32; 256];
        frozen.score(&f, &mut scores);
        let mut expected = [0i32; 256];
        for &c in &frozen.cells {
            expected[(c >> 16) as usize] += i32::from(c as u16 as i16);
        }
        assert_eq!(scores, expected);
    }

    #[test]
    fn short_rows_kept_in_their_slot_score_exactly_their_weights() {
        // Key 5: a short row of one-byte weights (kept inline); key 9: a
        // two-byte weight no code gives (format 1), kept outside the slot.
        let odd = 1001i16;
        assert_ne!(snap(odd), odd);
        let cells = vec![pack(3, snap(-500)), pack(0, snap(7)), pack(2, odd)];
        let frozen = Frozen::from_sorted(vec![5, 9], vec![0, 2, 3], cells);
        assert!(frozen.slots.iter().any(|s| s.key == 5 && s.is_inline()));
        assert!(frozen.slots.iter().any(|s| s.key == 9 && !s.is_inline()));
        let mut scores = [0i32; 256];
        frozen.score(&[5, 9, 77], &mut scores);
        let mut expected = [0i32; 256];
        expected[3] = i32::from(snap(-500));
        expected[0] = 7;
        expected[2] = i32::from(odd);
        assert_eq!(scores, expected);
        let mut w = Writer::default();
        frozen.write(&mut w);
        let back = Frozen::read(&mut Reader::new(&w.into_bytes())).unwrap();
        assert_eq!(back.weights(), 3, "every weight is written back");
    }

    #[test]
    fn one_byte_codes_keep_sign_and_relative_size() {
        for w in [1i16, 2, 3, 10, 100, 999, 12_345, 32_767, -1, -77, -32_767] {
            let back = snap(w);
            assert_eq!(back.signum(), w.signum());
            let err = (f64::from(back) - f64::from(w)).abs() / f64::from(w.unsigned_abs());
            assert!(err < 0.05, "{w} -> {back}");
            assert_eq!(snap(back), back, "snapping is idempotent");
        }
        assert_eq!(snap(0), 0);
    }

    #[test]
    fn averaged_weights_favour_the_trained_class_and_survive_the_round_trip() {
        let mut t = Training::default();
        let feats = [crate::hash::feat(1, 2, 3, 4), crate::hash::feat(9, 9, 9, 9)];
        for _ in 0..10 {
            t.tick();
            t.update(&feats, 2, 0);
        }
        let f = t.freeze();
        let mut scores = [0i32; 256];
        f.score(&feats, &mut scores);
        assert!(
            scores[2] > 0 && scores[0] < 0 && scores[1] == 0,
            "{scores:?}"
        );
        let mut w = Writer::default();
        f.write(&mut w);
        let bytes = w.into_bytes();
        let back = Frozen::read(&mut Reader::new(&bytes)).unwrap();
        assert_eq!(
            back, f,
            "weights are snapped to their stored values when frozen"
        );
        assert_eq!(back, f);
        assert!(Frozen::read(&mut Reader::new(&bytes[..bytes.len() - 1])).is_err());
    }
}
