//! Bytes to UTF-8: BOM, then valid UTF-8, then (for HTML) the declared
//! charset, then a statistical guess.

use encoding_rs::Encoding;

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's WHATWG name.
    pub encoding: &'static str,
    /// True when malformed sequences were replaced by U+FFFD.
    pub replaced: bool,
}

/// Decodes bytes of unknown encoding. `html` allows a `<meta charset>`
/// declaration in the first kilobytes to decide.
pub fn decode(bytes: &[u8], html: bool) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return run(enc, &bytes[bom_len..]);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_string(),
            encoding: "UTF-8",
            replaced: false,
        };
    }
    if html {
        if let Some(enc) = declared_charset(bytes) {
            return run(enc, bytes);
        }
    }
    // Mostly UTF-8 with a few bad bytes is far more common in scraped news
    // than a legacy encoding: keep UTF-8 when almost everything decodes.
    let (text, _, _) = encoding_rs::UTF_8.decode(bytes);
    let bad = text.matches('\u{FFFD}').count();
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    if bad * 10 < non_ascii / 2 {
        return Decoded {
            text: text.into_owned(),
            encoding: "UTF-8",
            replaced: true,
        };
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    run(detector.guess(None, chardetng::Utf8Detection::Allow), bytes)
}

fn run(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, replaced) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
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
        let d = decode(b"\xff\xfeh\x00i\x00", false);
        assert_eq!(d.encoding, "UTF-16LE");
    }
}
