//! A reader for CoNLL-U treebanks (Universal Dependencies).
//!
//! Keeps what training and evaluation need: basic trees, tags, lemmas,
//! features, multiword tokens (so the surface text can be rebuilt) and the
//! document/paragraph marks. Empty nodes ("8.1") are skipped.

use crate::Error;

/// One syntactic word of a treebank sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldWord {
    /// The word form.
    pub form: String,
    /// Lemma.
    pub lemma: String,
    /// Universal part of speech.
    pub upos: String,
    /// Penn Treebank tag.
    pub xpos: String,
    /// Morphological features, "Key=Value|..." or "_".
    pub feats: String,
    /// Head, 1-based; 0 is the root.
    pub head: u32,
    /// Relation to the head.
    pub deprel: String,
    /// No space follows this word in the text.
    pub no_space_after: bool,
}

/// A multiword token ("don't" = "do" + "n't"): first and last word, 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    /// First word.
    pub first: u32,
    /// Last word.
    pub last: u32,
    /// Surface form.
    pub form: String,
    /// No space follows the token.
    pub no_space_after: bool,
}

/// A treebank sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldSentence {
    /// The words.
    pub words: Vec<GoldWord>,
    /// Multiword tokens.
    pub multiword: Vec<MultiwordToken>,
    /// The sentence starts a new document.
    pub new_doc: bool,
    /// The sentence starts a new paragraph.
    pub new_par: bool,
}

impl GoldSentence {
    /// The surface tokens: (form, no space after, words they cover as a
    /// 0-based range).
    pub fn surface_tokens(&self) -> Vec<(&str, bool, std::ops::Range<usize>)> {
        let mut out = Vec::with_capacity(self.words.len());
        let mut i = 0;
        let mut mwt = self.multiword.iter().peekable();
        while i < self.words.len() {
            if let Some(m) = mwt.peek().filter(|m| m.first as usize == i + 1) {
                let end = (m.last as usize).clamp(i + 1, self.words.len());
                out.push((m.form.as_str(), m.no_space_after, i..end));
                i = end;
                mwt.next();
            } else {
                let w = &self.words[i];
                out.push((w.form.as_str(), w.no_space_after, i..i + 1));
                i += 1;
            }
        }
        out
    }
}

/// Reads every sentence of a CoNLL-U text.
///
/// # Errors
/// [`Error::Conllu`] with the line number of a malformed line.
pub fn parse(text: &str) -> Result<Vec<GoldSentence>, Error> {
    let mut out = Vec::new();
    let mut cur = GoldSentence::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            cur.new_doc |= c.starts_with("newdoc");
            cur.new_par |= c.starts_with("newpar") || c.starts_with("newdoc");
            continue;
        }
        read_line(line, &mut cur).map_err(|what| Error::Conllu { line: n + 1, what })?;
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

fn read_line(line: &str, cur: &mut GoldSentence) -> Result<(), String> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() != 10 {
        return Err(format!("{} fields, expected 10", f.len()));
    }
    let no_space_after = f[9].split('|').any(|m| m == "SpaceAfter=No");
    if f[0].contains('.') {
        return Ok(());
    }
    if let Some((a, b)) = f[0].split_once('-') {
        let first = a.parse().map_err(|_| format!("bad id {:?}", f[0]))?;
        let last = b.parse().map_err(|_| format!("bad id {:?}", f[0]))?;
        cur.multiword.push(MultiwordToken {
            first,
            last,
            form: f[1].to_string(),
            no_space_after,
        });
        return Ok(());
    }
    let id: usize = f[0].parse().map_err(|_| format!("bad id {:?}", f[0]))?;
    if id != cur.words.len() + 1 {
        return Err(format!("word {id} out of order"));
    }
    let head = f[6].parse().map_err(|_| format!("bad head {:?}", f[6]))?;
    cur.words.push(GoldWord {
        form: f[1].to_string(),
        lemma: f[2].to_string(),
        upos: f[3].to_string(),
        xpos: f[4].to_string(),
        feats: f[5].to_string(),
        head,
        deprel: f[7].to_string(),
        no_space_after,
    });
    Ok(())
}

/// Reads a CoNLL-U file.
///
/// # Errors
/// [`Error::Io`] when unreadable, [`Error::Conllu`] when malformed.
pub fn read(path: &std::path::Path) -> Result<Vec<GoldSentence>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    parse(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# text = I don't.\n\
1\tI\tI\tPRON\tPRP\tCase=Nom\t3\tnsubj\t_\t_\n\
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n\
3.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n\
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_multiword_tokens_and_skips_empty_nodes() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words.len(), 4);
        assert!(s[0].new_doc && s[0].new_par);
        let toks = s[0].surface_tokens();
        assert_eq!(toks.len(), 3);
        assert_eq!(toks[1], ("don't", true, 1..3));
        assert_eq!(s[0].words[3].head, 2);
    }

    #[test]
    fn malformed_line_is_an_error_with_its_number() {
        let err = parse("1\tonly\tthree\n").unwrap_err();
        assert!(matches!(err, Error::Conllu { line: 1, .. }), "{err}");
    }
}
