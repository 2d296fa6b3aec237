//! The checked-in name map (`specs/names.toml`): one `"record key" = "Name"` line per public
//! name that generation assigned (see [`NameMap`]). It is TOML (a flat table of basic
//! strings), read and written here without a TOML library: the format is only ever this
//! subset. A maintainer edits a name to rename on purpose; `generate` keeps the rest.
use super::GenerateError;
use crate::emit::NameMap;
use std::cmp::Ordering;
use std::fs;
use std::io;
use std::path::Path;

/// The first lines of the map file.
const PREAMBLE: &str = "\
# Public names of the generated bindings, pinned: `\"<record key>\" = \"<Name>\"`.
# Written by `feishu-codegen generate`; edit a name to rename it (the map wins over derived
# names). Keys: `<api id> <path|query|header|body|response>.<wire path>` (nested types),
# `...=<value>` (enum variants not named from the value itself), `<api id> error <code>`
# (error variants).
";

/// Parses a name map; errors name the line.
pub fn parse_names(text: &str) -> Result<NameMap, String> {
    // Entries with their line numbers; made a map at once (the file is written sorted).
    let mut entries: Vec<(String, String, usize)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let bad = |what: &str| format!("line {}: {what}: {line}", i + 1);
        let (key, rest) = basic_string(l).ok_or_else(|| bad("expected a quoted key"))?;
        let rest = rest
            .trim_start()
            .strip_prefix('=')
            .ok_or_else(|| bad("expected `=`"))?;
        let (name, rest) =
            basic_string(rest.trim_start()).ok_or_else(|| bad("expected a quoted name"))?;
        if !rest.trim().is_empty() && !rest.trim_start().starts_with('#') {
            return Err(bad("unexpected text after the name"));
        }
        if !crate::sanitize::is_valid_ident(&name) {
            return Err(bad("the name is not a plain Rust identifier"));
        }
        entries.push((key, name, i));
    }
    // A key's second line is the error (sorted stably, so in file order).
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let twice = entries.windows(2).find_map(|w| match w {
        [a, b] if a.0 == b.0 => Some(a.2.max(b.2)),
        _ => None,
    });
    if let Some(line) = twice {
        let text = text.lines().nth(line).unwrap_or("");
        return Err(format!("line {}: duplicate key: {text}", line + 1));
    }
    Ok(entries.into_iter().map(|(k, v, _)| (k, v)).collect())
}

/// A TOML basic string at the start of `s`, unescaped, and the rest of `s`.
fn basic_string(s: &str) -> Option<(String, &str)> {
    let body = s.strip_prefix('"')?;
    // Almost every key and name has no escape: taken whole (the map has tens of thousands).
    if let Some(end) = body.find(['"', '\\']) {
        if body.as_bytes().get(end) == Some(&b'"') {
            return Some((body.get(..end)?.to_owned(), body.get(end + 1..)?));
        }
    }
    let mut chars = body.char_indices();
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, s.get(i + 2..)?)),
            '\\' => match chars.next()?.1 {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'u' => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, c)| c))
                        .collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                _ => return None,
            },
            c => out.push(c),
        }
    }
    None
}

/// Appends `s` to `out` as a TOML basic string.
fn quote(out: &mut String, s: &str) {
    out.push('"');
    if !s.contains(|c: char| c == '"' || c == '\\' || c.is_control()) {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The file text of `map`, sorted by key.
pub fn render_names(map: &NameMap) -> String {
    let mut out = String::from(PREAMBLE);
    for (k, v) in map {
        quote(&mut out, k);
        out.push_str(" = ");
        quote(&mut out, v);
        out.push('\n');
    }
    out
}

/// Reads the map at `path`; a missing file is an empty map.
pub fn read_names(path: &Path) -> Result<NameMap, GenerateError> {
    match fs::read_to_string(path) {
        Ok(text) => parse_names(&text).map_err(|message| GenerateError::Manifest {
            path: path.to_path_buf(),
            message,
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(NameMap::new()),
        Err(e) => Err(GenerateError::io(path, "read", e)),
    }
}

/// The map to write after a run, what it adds and changes, and the entries no name came
/// from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMapUpdate {
    pub map: NameMap,
    /// Keys this run assigned that `existing` did not hold: new public names (sorted).
    pub added: Vec<String>,
    /// `(key, name in the map, name assigned)` where the map's name could not be kept (it is
    /// taken in its module, e.g. by a type that a new page brought): a public rename that the
    /// maintainer must see.
    pub changed: Vec<(String, String, String)>,
    /// Keys of `existing` that this run did not assign (sorted).
    pub unused: Vec<String>,
}

impl NameMapUpdate {
    /// `existing` updated with `assigned` (assigned names are what the map already said
    /// wherever it could); unused entries are kept unless `prune`.
    pub fn new(existing: &NameMap, assigned: &NameMap, prune: bool) -> Self {
        let mut update = NameMapUpdate {
            map: NameMap::new(),
            added: Vec::new(),
            changed: Vec::new(),
            unused: Vec::new(),
        };
        // Both maps are sorted: one walk through them side by side (they hold tens of
        // thousands of entries), and the new map built at once from entries in order.
        let mut map = Vec::with_capacity(existing.len().max(assigned.len()));
        let (mut old, mut new) = (existing.iter().peekable(), assigned.iter().peekable());
        loop {
            let order = match (old.peek(), new.peek()) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some((a, _)), Some((b, _))) => a.cmp(b),
            };
            match order {
                Ordering::Less => {
                    let Some((k, v)) = old.next() else { break };
                    update.unused.push(k.clone());
                    if !prune {
                        map.push((k.clone(), v.clone()));
                    }
                }
                Ordering::Greater => {
                    let Some((k, v)) = new.next() else { break };
                    update.added.push(k.clone());
                    map.push((k.clone(), v.clone()));
                }
                Ordering::Equal => {
                    let (Some((k, was)), Some((_, v))) = (old.next(), new.next()) else {
                        break;
                    };
                    if was != v {
                        update.changed.push((k.clone(), was.clone(), v.clone()));
                    }
                    map.push((k.clone(), v.clone()));
                }
            }
        }
        update.map = map.into_iter().collect();
        update
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_the_file_format() {
        let mut map = NameMap::new();
        map.insert(
            "im/v1/message/create response.sender".into(),
            "MessageSender".into(),
        );
        map.insert(
            "x \"q\" \\ \u{1} 中文 error 1".into(),
            "MeetingNotExist".into(),
        );
        let text = render_names(&map);
        assert!(text.starts_with("# Public names"));
        assert_eq!(parse_names(&text).unwrap(), map);
        assert!(parse_names("\"a\" = \"not an ident\"\n").is_err());
        assert!(parse_names("\"a\" = \"A\"\n\"a\" = \"B\"\n")
            .unwrap_err()
            .contains("line 2"));
        assert!(parse_names("a = \"A\"\n").is_err());
    }

    #[test]
    fn updates_keep_or_prune_unused_entries() {
        let existing: NameMap =
            [("a".to_string(), "A".to_string()), ("b".into(), "B".into())].into();
        let assigned: NameMap =
            [("a".to_string(), "A".to_string()), ("c".into(), "C".into())].into();
        let kept = NameMapUpdate::new(&existing, &assigned, false);
        assert_eq!(kept.unused, ["b"]);
        assert_eq!(kept.map.len(), 3);
        let pruned = NameMapUpdate::new(&existing, &assigned, true);
        assert_eq!(pruned.map, assigned);
    }

    #[test]
    fn updates_report_new_names_and_names_that_could_not_be_kept() {
        let existing: NameMap =
            [("a".to_string(), "A".to_string()), ("b".into(), "B".into())].into();
        let assigned: NameMap = [
            ("a".to_string(), "A".to_string()),
            ("b".into(), "BType".into()),
            ("c".into(), "C".into()),
        ]
        .into();
        let update = NameMapUpdate::new(&existing, &assigned, false);
        assert_eq!(update.added, ["c"]);
        assert_eq!(
            update.changed,
            [("b".to_string(), "B".to_string(), "BType".to_string())]
        );
        assert!(update.unused.is_empty());
        assert_eq!(update.map["b"], "BType");
    }
}
