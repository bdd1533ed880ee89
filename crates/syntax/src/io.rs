//! Little-endian byte writing and bounds-checked reading for the weights file.

use crate::Error;

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Writer(Vec<u8>);

impl Writer {
    /// One byte.
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    /// Raw bytes.
    pub fn bytes(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }

    /// An unsigned LEB128 integer.
    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    /// A length-prefixed string.
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes(s.as_bytes());
    }

    /// The bytes written.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

/// Reads values back, failing cleanly on truncated or corrupt input.
#[derive(Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    /// Weights are stored as two-byte integers (format 1) rather than
    /// one-byte logarithmic codes (format 2).
    pub wide_weights: bool,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `data`.
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader {
            data,
            pos: 0,
            wide_weights: false,
        }
    }

    /// Bytes left.
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// The next `n` bytes.
    ///
    /// # Errors
    /// [`Error::Model`] when fewer remain.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if n > self.remaining() {
            return Err(Error::model("truncated"));
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// One byte.
    ///
    /// # Errors
    /// [`Error::Model`] at the end.
    pub fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    /// An unsigned LEB128 integer.
    ///
    /// # Errors
    /// [`Error::Model`] when truncated or longer than 64 bits.
    pub fn varint(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(Error::model("varint too long"))
    }

    /// A count of items each at least `min_bytes` long, checked against
    /// what remains so a corrupt count cannot ask for a huge allocation.
    ///
    /// # Errors
    /// [`Error::Model`] when the count cannot fit in the rest of the file.
    pub fn len_prefix(&mut self, min_bytes: usize) -> Result<usize, Error> {
        let n = self.varint()?;
        if n.saturating_mul(min_bytes as u64) > self.remaining() as u64 {
            return Err(Error::model("count exceeds the file"));
        }
        Ok(n as usize)
    }

    /// A length-prefixed UTF-8 string.
    ///
    /// # Errors
    /// [`Error::Model`] when truncated or not UTF-8.
    pub fn str(&mut self) -> Result<String, Error> {
        let n = self.len_prefix(1)?;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| Error::model("string not UTF-8"))
    }
}
