//! Bytes as text, for names: column headers, JSON keys, table names.

use std::borrow::Cow;

/// `bytes` as text: UTF-8 when it is, else Latin-1, which is what a Windows
/// export of `Téléphone` is. A name so decoded reads, and counts as context,
/// like its UTF-8 spelling.
pub fn text_of(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn utf8_as_is_and_latin1_decoded() {
        assert_eq!(super::text_of("Téléphone".as_bytes()), "Téléphone");
        assert_eq!(super::text_of(b"T\xe9l\xe9phone"), "Téléphone");
    }
}
