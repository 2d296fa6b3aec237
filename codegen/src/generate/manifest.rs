//! Files beside the generated tree: the service-features block of a Cargo manifest, and
//! whole files such as the round-trip test registry.
use super::GenerateError;
use std::fs;
use std::path::Path;

/// First line of the generated features block in the root `Cargo.toml`.
pub(crate) const FEATURES_BEGIN: &str = "# BEGIN generated service features (feishu-codegen)";
/// Last line of the generated features block.
pub(crate) const FEATURES_END: &str = "# END generated service features";

/// The features block for `services` (sorted, distinct), markers included, `\n`-terminated.
pub(crate) fn features_block(services: &[String]) -> String {
    let mut s = String::new();
    s.push_str(FEATURES_BEGIN);
    s.push('\n');
    s.push_str("# One feature per service in specs/; `full` enables all of them.\n");
    if services.is_empty() {
        s.push_str("full = []\n");
    } else {
        s.push_str("full = [\n");
        for service in services {
            s.push_str(&format!("    \"{service}\",\n"));
        }
        s.push_str("]\n");
    }
    for service in services {
        s.push_str(&format!("{service} = []\n"));
    }
    s.push_str(FEATURES_END);
    s.push('\n');
    s
}

fn valid_feature_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '.'))
        && name != "full"
        && name != "default"
}

/// `manifest` with its features block set to `services`. Replaces the marked block, or adds
/// one at the end of `[features]` (creating the section if needed).
pub(crate) fn update_features(manifest: &str, services: &[String]) -> Result<String, String> {
    let mut sorted: Vec<String> = services.to_vec();
    sorted.sort();
    sorted.dedup();
    if let Some(bad) = sorted.iter().find(|s| !valid_feature_name(s)) {
        return Err(format!("service `{bad}` is not a valid Cargo feature name"));
    }
    let block = features_block(&sorted);
    let lines: Vec<&str> = manifest.lines().collect();
    let begins: Vec<usize> = marker_lines(&lines, FEATURES_BEGIN);
    let ends: Vec<usize> = marker_lines(&lines, FEATURES_END);
    let mut out = String::with_capacity(manifest.len() + block.len());
    let push_lines = |out: &mut String, ls: &[&str]| {
        for l in ls {
            out.push_str(l);
            out.push('\n');
        }
    };
    match (begins.as_slice(), ends.as_slice()) {
        ([b], [e]) if b < e => {
            push_lines(&mut out, lines.get(..*b).unwrap_or(&[]));
            out.push_str(&block);
            push_lines(&mut out, lines.get(e + 1..).unwrap_or(&[]));
        }
        ([], []) => {
            let section = lines.iter().position(|l| l.trim() == "[features]");
            match section {
                Some(start) => {
                    let end = lines
                        .iter()
                        .enumerate()
                        .skip(start + 1)
                        .find(|(_, l)| l.trim_start().starts_with('['))
                        .map(|(i, _)| i)
                        .unwrap_or(lines.len());
                    // Insert after the section's last non-blank line.
                    let mut insert = end;
                    while insert > start + 1
                        && lines.get(insert - 1).is_some_and(|l| l.trim().is_empty())
                    {
                        insert -= 1;
                    }
                    push_lines(&mut out, lines.get(..insert).unwrap_or(&[]));
                    out.push_str(&block);
                    push_lines(&mut out, lines.get(insert..).unwrap_or(&[]));
                }
                None => {
                    push_lines(&mut out, &lines);
                    if !lines.last().is_none_or(|l| l.trim().is_empty()) {
                        out.push('\n');
                    }
                    out.push_str("[features]\n");
                    out.push_str(&block);
                }
            }
        }
        _ => {
            return Err(format!(
                "expected one `{FEATURES_BEGIN}` line followed by one `{FEATURES_END}` line"
            ))
        }
    }
    Ok(out)
}

fn marker_lines(lines: &[&str], marker: &str) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim() == marker)
        .map(|(i, _)| i)
        .collect()
}

/// Brings the generated features block of `manifest` up to date with `services`. Returns
/// whether it was out of date. With `check_only`, nothing is written.
pub fn sync_cargo_features(
    manifest: &Path,
    services: &[String],
    check_only: bool,
) -> Result<bool, GenerateError> {
    let text = fs::read_to_string(manifest).map_err(|e| GenerateError::io(manifest, "read", e))?;
    let updated = update_features(&text, services).map_err(|message| GenerateError::Manifest {
        path: manifest.to_path_buf(),
        message,
    })?;
    if updated == text {
        return Ok(false);
    }
    if !check_only {
        replace_file(manifest, &updated)?;
    }
    Ok(true)
}

/// Brings the file at `path` to `contents` (a missing file counts as stale). Returns whether
/// it was out of date. With `check_only`, nothing is written.
pub fn sync_file(path: &Path, contents: &str, check_only: bool) -> Result<bool, GenerateError> {
    match fs::read(path) {
        Ok(old) if old == contents.as_bytes() => return Ok(false),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(GenerateError::io(path, "read", e)),
    }
    if !check_only {
        replace_file(path, contents)?;
    }
    Ok(true)
}

/// Writes `contents` to a temporary file beside `path` and renames it over `path`.
fn replace_file(path: &Path, contents: &str) -> Result<(), GenerateError> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| GenerateError::io(parent, "create directory", e))?;
    }
    fs::write(&tmp, contents).map_err(|e| GenerateError::io(&tmp, "write", e))?;
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(GenerateError::io(path, "replace", e));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
