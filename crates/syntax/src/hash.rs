//! Feature hashing: a fixed, platform-independent 64-bit hash, so the same
//! training data gives the same weights file on every machine.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Hash of a byte string (FNV-1a, then a finalising mix).
pub fn bytes(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in b {
        h ^= u64::from(c);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    fmix(h)
}

/// Hash of a string.
pub fn str(s: &str) -> u64 {
    bytes(s.as_bytes())
}

/// Combines a running hash with one more value.
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    fmix(h.rotate_left(23) ^ v.wrapping_mul(K))
}

/// A feature key: template number and up to three values.
#[inline]
pub fn feat(template: u64, a: u64, b: u64, c: u64) -> u64 {
    let k = mix(mix(mix(template.wrapping_mul(K), a), b), c);
    // 0 marks an empty slot of the frozen table.
    k | (k == 0) as u64
}

#[inline]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A small deterministic random generator (xorshift64*), for shuffling and
/// exploration in training.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a constant).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 { K } else { seed })
    }

    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A value in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Shuffles a slice (Fisher-Yates).
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}
