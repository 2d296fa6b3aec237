//! HTML entities (`&lt;`, `&#39;`, `&#x4e2d;`, ...) and Markdown escapes in text.

// ---------------------------------------------------------------------------------------------
// Text helpers

/// Decodes HTML entities (`&lt;`, `&#39;`, `&#x4e2d;`, ...); unknown ones stay as written.
pub(super) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    decode_into(s, false, &mut out);
    out
}

/// Appends `s` to `out`, decoding entities and, when `unescape`, Markdown backslash escapes.
pub(super) fn decode_into(s: &str, unescape: bool, out: &mut String) {
    if !(s.contains('&') || (unescape && s.contains('\\'))) {
        out.push_str(s);
        return;
    }
    let mut rest = s;
    while let Some((k, c)) = rest
        .char_indices()
        .find(|&(_, c)| c == '&' || (unescape && c == '\\'))
    {
        out.push_str(rest.get(..k).unwrap_or(""));
        let tail = rest.get(k + 1..).unwrap_or("");
        if c == '\\' {
            match tail.chars().next() {
                Some(n) if n.is_ascii_punctuation() => {
                    out.push(n);
                    rest = tail.get(n.len_utf8()..).unwrap_or("");
                }
                _ => {
                    out.push('\\');
                    rest = tail;
                }
            }
            continue;
        }
        match entity(tail) {
            Some((decoded, used)) => {
                out.push(decoded);
                rest = tail.get(used..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
}

/// Parses an entity body after `&`: returns the character and the bytes used (with `;`).
pub(super) fn entity(tail: &str) -> Option<(char, usize)> {
    let semi = tail.bytes().take(32).position(|b| b == b';')?;
    let body = tail.get(..semi)?;
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        match char::from_u32(code) {
            Some('\0') | None => '\u{FFFD}',
            Some(c) => c,
        }
    } else {
        match body {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "ldquo" => '\u{201C}',
            "rdquo" => '\u{201D}',
            "lsquo" => '\u{2018}',
            "rsquo" => '\u{2019}',
            "hellip" => '\u{2026}',
            "mdash" => '\u{2014}',
            "ndash" => '\u{2013}',
            "middot" => '\u{00B7}',
            "times" => '\u{00D7}',
            "divide" => '\u{00F7}',
            "copy" => '\u{00A9}',
            "reg" => '\u{00AE}',
            "trade" => '\u{2122}',
            "laquo" => '\u{00AB}',
            "raquo" => '\u{00BB}',
            "bull" => '\u{2022}',
            "larr" => '\u{2190}',
            "rarr" => '\u{2192}',
            _ => return None,
        }
    };
    Some((c, semi + 1))
}
