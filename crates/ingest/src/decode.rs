//! Bytes to UTF-8: BOM, then UTF-8 (repairing a few bad bytes), then (for
//! HTML) the declared charset, then a statistical guess.

use encoding_rs::Encoding;

/// How the encoding of decoded text was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    /// A byte-order mark.
    Bom,
    /// The bytes are UTF-8 (perhaps with a few invalid sequences).
    Utf8,
    /// The charset an HTML page declares.
    Declared,
    /// A statistical guess: the bytes are not UTF-8 and declare nothing.
    Guessed,
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's WHATWG name.
    pub encoding: &'static str,
    /// How the encoding was chosen.
    pub source: EncodingSource,
    /// How many malformed sequences were replaced by U+FFFD.
    pub replaced: usize,
}

/// Decodes bytes of unknown encoding. `html` allows a `<meta charset>`
/// declaration in the first kilobytes to decide.
///
/// Text that is UTF-8 except for a few bad bytes (a truncated copy, one
/// stray byte) stays UTF-8 with only those bytes replaced: decoding it all
/// as a legacy charset would garble every correct non-ASCII letter. A
/// legacy charset is used only when the bytes as a whole are not UTF-8.
pub fn decode(bytes: &[u8], html: bool) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return run(enc, &bytes[bom_len..], EncodingSource::Bom);
    }
    let scan = Utf8Scan::of(bytes);
    if scan.invalid == 0 {
        return Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: "UTF-8",
            source: EncodingSource::Utf8,
            replaced: 0,
        };
    }
    if html {
        if let Some(enc) = declared_charset(bytes) {
            // Pages often declare a legacy charset they no longer use; the
            // bytes overrule the declaration only when they clearly are UTF-8.
            if enc == encoding_rs::UTF_8 || !scan.clearly_utf8() {
                return run(enc, bytes, EncodingSource::Declared);
            }
        }
    }
    if scan.mostly_utf8() {
        return Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: "UTF-8",
            source: EncodingSource::Utf8,
            replaced: scan.invalid,
        };
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    run(guess, bytes, EncodingSource::Guessed)
}

/// Counts of a UTF-8 reading of some bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Utf8Scan {
    /// Well-formed characters of two to four bytes.
    multibyte: usize,
    /// Malformed sequences (each would become one U+FFFD).
    invalid: usize,
}

impl Utf8Scan {
    fn of(mut bytes: &[u8]) -> Utf8Scan {
        let mut scan = Utf8Scan::default();
        loop {
            match std::str::from_utf8(bytes) {
                Ok(valid) => {
                    scan.multibyte += count_multibyte(valid.as_bytes());
                    return scan;
                }
                Err(e) => {
                    let (valid, rest) = bytes.split_at(e.valid_up_to());
                    scan.multibyte += count_multibyte(valid);
                    scan.invalid += 1;
                    match e.error_len() {
                        Some(n) => bytes = &rest[n..],
                        None => return scan,
                    }
                }
            }
        }
    }

    /// At most one malformed sequence per well-formed non-ASCII character.
    /// Legacy 8-bit text almost never forms well-formed UTF-8 sequences
    /// (an accented letter is followed by an ASCII one), so its share of
    /// malformed sequences is close to all.
    fn mostly_utf8(self) -> bool {
        self.invalid <= self.multibyte
    }

    /// Well-formed characters outnumber malformed sequences four to one.
    fn clearly_utf8(self) -> bool {
        self.invalid * 4 <= self.multibyte
    }
}

/// UTF-8 with each malformed sequence replaced by U+FFFD, and how many
/// were replaced.
pub(crate) fn lossy_utf8(bytes: &[u8]) -> (String, usize) {
    let invalid = Utf8Scan::of(bytes).invalid;
    (String::from_utf8_lossy(bytes).into_owned(), invalid)
}

/// Lead bytes of multibyte characters in well-formed UTF-8.
fn count_multibyte(valid: &[u8]) -> usize {
    valid.iter().filter(|&&b| b >= 0xC0).count()
}

fn run(enc: &'static Encoding, bytes: &[u8], source: EncodingSource) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let replaced = if had_errors {
        text.matches('\u{FFFD}').count()
    } else {
        0
    };
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        source,
        replaced,
    }
}

/// The charset an HTML page declares in its first 2 KiB, if any.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let at = memchr::memmem::find(&lower, b"charset=")?;
    let rest = &head[at + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b' ' | b';' | b'>' | b'/'))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_latin1_and_declared() {
        assert_eq!(decode(b"\xEF\xBB\xBFhello", false).text, "hello");
        let d = decode("Díaz-Canel".as_bytes(), false);
        assert_eq!((d.text.as_str(), d.encoding), ("Díaz-Canel", "UTF-8"));
        let d = decode(
            b"<meta charset=\"windows-1251\"><p>\xcc\xee\xf1\xea\xe2\xe0</p>",
            true,
        );
        assert!(d.text.contains("Москва"), "{}", d.text);
        assert_eq!(d.source, EncodingSource::Declared);
        let d = decode(b"\xff\xfeh\x00i\x00", false);
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn one_stray_byte_keeps_the_rest_utf8() {
        let mut bytes = "Talks in Zürich and Москва".as_bytes().to_vec();
        bytes.insert(9, 0xFF);
        let d = decode(&bytes, false);
        assert_eq!(d.text, "Talks in \u{FFFD}Zürich and Москва");
        assert_eq!((d.encoding, d.replaced), ("UTF-8", 1));
        // One accented letter is evidence enough against one bad byte.
        let d = decode(b"Z\xC3\xBCrich \xFF", false);
        assert_eq!((d.text.as_str(), d.replaced), ("Zürich \u{FFFD}", 1));
    }

    #[test]
    fn legacy_text_is_still_recognised() {
        let d = decode(b"Le caf\xe9 de la gare, \xe0 Li\xe8ge, a ferm\xe9.", false);
        assert_eq!(d.text, "Le café de la gare, à Liège, a fermé.");
        assert_eq!((d.source, d.replaced), (EncodingSource::Guessed, 0));
        // A Windows apostrophe in ASCII text is windows-1252, not a bad byte.
        let d = decode(b"the minister\x92s visit", false);
        assert_eq!(d.text, "the minister\u{2019}s visit");
    }

    #[test]
    fn double_byte_legacy_text_is_not_taken_for_damaged_utf8() {
        // Some GBK or Shift_JIS pairs happen to be well-formed UTF-8; far
        // fewer than the malformed ones.
        for (enc, text) in [
            (
                encoding_rs::GBK,
                "国务院总理今天在北京会见了来访的法国外交部长，双方交换了意见。",
            ),
            (
                encoding_rs::SHIFT_JIS,
                "日本政府は月曜日、東京で記者会見を開き、新しい経済対策を発表した。",
            ),
            (
                encoding_rs::WINDOWS_1251,
                "Президент заявил в понедельник в Москве, что переговоры продолжатся.",
            ),
        ] {
            let (bytes, _, _) = enc.encode(text);
            let d = decode(&bytes, false);
            assert_eq!((d.text.as_str(), d.encoding), (text, enc.name()));
        }
    }

    #[test]
    fn a_wrong_legacy_declaration_yields_to_utf8_bytes() {
        let mut page = b"<meta charset=\"iso-8859-1\"><p>".to_vec();
        page.extend_from_slice("Zürich, Genève, Москва \u{2014} ".as_bytes());
        page.extend_from_slice(b"\xFF</p>");
        let d = decode(&page, true);
        assert!(d.text.contains("Zürich, Genève, Москва"), "{}", d.text);
        assert_eq!((d.encoding, d.replaced), ("UTF-8", 1));
        // A declared UTF-8 page with a bad byte is repaired, not guessed.
        let d = decode(b"<meta charset=utf-8><p>caf\xe9</p>", true);
        assert_eq!(
            (d.text.as_str(), d.replaced),
            ("<meta charset=utf-8><p>caf\u{FFFD}</p>", 1)
        );
    }

    #[test]
    fn truncated_sequence_at_the_end_counts_once() {
        let d = decode("Москва".as_bytes().split_last().unwrap().1, false);
        assert_eq!((d.text.as_str(), d.replaced), ("Москв\u{FFFD}", 1));
    }
}
