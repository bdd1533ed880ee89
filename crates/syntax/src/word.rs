//! What the tagger and parser know of a word before tagging it: hashes of
//! its form, lower case, affixes and shape, computed once per sentence.

use crate::hash;

/// Hashes of one word's surface properties.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordInfo {
    /// The form as written.
    pub exact: u64,
    /// Lower case.
    pub lower: u64,
    /// Last 1..=4 characters of the lower case (index 0 = one character).
    pub suffix: [u64; 4],
    /// First 1..=3 characters of the lower case.
    pub prefix: [u64; 3],
    /// Shape: letters and digits folded to X/x/d, runs shortened.
    pub shape: u64,
    /// Flags: capitalised, all capitals, has digit, has hyphen, has period.
    pub flags: u64,
}

impl WordInfo {
    /// The information of one word form.
    pub fn new(form: &str) -> WordInfo {
        let lower = form.to_lowercase();
        // Byte offsets of the last four and first three characters.
        let mut ends = [lower.len(); 4];
        for (k, (i, _)) in lower.char_indices().rev().take(4).enumerate() {
            ends[k] = i;
        }
        for k in 1..4 {
            if ends[k] == lower.len() {
                ends[k] = ends[k - 1];
            }
        }
        let mut starts = [lower.len(); 3];
        for (k, (i, c)) in lower.char_indices().take(3).enumerate() {
            starts[k] = i + c.len_utf8();
        }
        let suffix = std::array::from_fn(|k| hash::str(&lower[ends[k].min(lower.len())..]));
        let prefix = std::array::from_fn(|k| hash::str(&lower[..starts[k]]));
        WordInfo {
            exact: hash::str(form),
            lower: hash::str(&lower),
            suffix,
            prefix,
            shape: shape_hash(form),
            flags: flags(form),
        }
    }
}

/// Hash of [`shape`] without building the string.
fn shape_hash(form: &str) -> u64 {
    let mut buf = [0u8; 64];
    let mut n = 0;
    for s in shape_chars(form) {
        if n + 4 > buf.len() {
            break;
        }
        n += s.encode_utf8(&mut buf[n..]).len();
    }
    hash::bytes(&buf[..n])
}

fn shape_char(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_alphabetic() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// The characters of [`shape`]: each character's class, runs kept to two.
fn shape_chars(form: &str) -> impl Iterator<Item = char> + '_ {
    let (mut last, mut run) = ('\0', 0);
    form.chars().map(shape_char).filter(move |&s| {
        if s == last {
            run += 1;
        } else {
            (last, run) = (s, 1);
        }
        run <= 2
    })
}

/// "Díaz-Canel" -> "Xxx-Xxx", "COVID-19" -> "XX-dd", "3.5" -> "d.d" (runs kept to two).
pub fn shape(form: &str) -> String {
    shape_chars(form).collect()
}

fn flags(form: &str) -> u64 {
    let first_upper = form.chars().next().is_some_and(char::is_uppercase);
    let letters = form.chars().filter(|c| c.is_alphabetic()).count();
    let all_upper = letters > 1 && form.chars().all(|c| !c.is_lowercase());
    let digit = form.chars().any(|c| c.is_ascii_digit());
    let hyphen = form.len() > 1 && form.contains('-');
    let period = form.len() > 1 && form.contains('.');
    u64::from(first_upper)
        | u64::from(all_upper) << 1
        | u64::from(digit) << 2
        | u64::from(hyphen) << 3
        | u64::from(period) << 4
}

#[cfg(test)]
mod tests {
    #[test]
    fn affix_hashes_match_the_strings_they_stand_for() {
        let w = super::WordInfo::new("Díaz");
        let h = crate::hash::str;
        assert_eq!(w.suffix, [h("z"), h("az"), h("íaz"), h("díaz")]);
        assert_eq!(w.prefix, [h("d"), h("dí"), h("día")]);
        assert_eq!(w.shape, h(&super::shape("Díaz")));
        let short = super::WordInfo::new("Ok");
        assert_eq!(short.suffix, [h("k"), h("ok"), h("ok"), h("ok")]);
        assert_eq!(short.prefix, [h("o"), h("ok"), h("ok")]);
    }

    #[test]
    fn shapes_fold_case_and_digits_and_shorten_runs() {
        assert_eq!(super::shape("Díaz-Canel"), "Xxx-Xxx");
        assert_eq!(super::shape("COVID-19"), "XX-dd");
        assert_eq!(super::shape("3.5"), "d.d");
        assert_eq!(super::shape(""), "");
    }
}
