//! Doc text → plain text, for names and titles.

use super::floor_char_boundary;

/// Strips Markdown markup for names and titles: `` `x` `` → x, `**x**` → x, `[t](u)` → t,
/// escapes `\_` → `_`; collapses whitespace (line breaks included) to single spaces.
pub fn plain_text(doc_text: &str) -> String {
    let mut out = String::with_capacity(doc_text.len());
    strip_inline(doc_text, &mut out, 0);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_inline(s: &str, out: &mut String, depth: usize) {
    let mut i = 0;
    while let Some(rest) = s.get(i..) {
        let Some(c) = rest.chars().next() else { break };
        match c {
            '`' => i += 1,
            '*' if rest.starts_with("**") => i += 2,
            '\\' => {
                let next = rest.get(1..).and_then(|r| r.chars().next());
                match next {
                    Some(n) if n.is_ascii_punctuation() => {
                        out.push(n);
                        i += 1 + n.len_utf8();
                    }
                    _ => {
                        out.push('\\');
                        i += 1;
                    }
                }
            }
            '[' if depth < 8 => match link_parts(rest) {
                Some((text, len)) => {
                    strip_inline(text, out, depth + 1);
                    i += len;
                }
                None => {
                    out.push('[');
                    i += 1;
                }
            },
            c => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
}

/// `[text](url)` at the start of `s`: the text and the whole link's length.
fn link_parts(s: &str) -> Option<(&str, usize)> {
    // Link text and URL are searched within a bounded window, keeping this linear.
    const WINDOW: usize = 512;
    let after = s.strip_prefix('[')?;
    let mut level = 0usize;
    let mut close = None;
    let window = after.get(..floor_char_boundary(after, WINDOW))?;
    for (j, c) in window.char_indices() {
        match c {
            '[' => level += 1,
            ']' if level == 0 => {
                close = Some(j);
                break;
            }
            ']' => level -= 1,
            '\n' => return None,
            _ => {}
        }
    }
    let close = close?;
    let text = after.get(..close)?;
    let rest = after.get(close + 1..)?.strip_prefix('(')?;
    let url_end = rest.get(..floor_char_boundary(rest, WINDOW))?.find(')')?;
    if rest.get(..url_end)?.contains(char::is_whitespace) {
        return None;
    }
    Some((text, 1 + close + 1 + 1 + url_end + 1))
}
