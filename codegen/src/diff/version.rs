//! The next version of the bindings after changes of a given class, following Cargo's SemVer
//! rules: before 1.0.0 the leftmost non-zero component is the "major" one.

use super::model::Class;

/// `current` bumped for `worst`; `None` when `current` is not `MAJOR.MINOR.PATCH`.
/// Without changes the version stays.
pub fn next_version(current: &str, worst: Option<Class>) -> Option<String> {
    let core = current.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() {
        return None;
    }
    let Some(worst) = worst else {
        return Some(format!("{major}.{minor}.{patch}"));
    };
    let bumped = match (major, minor, worst) {
        (0, 0, _) => (0, 0, patch + 1),
        (0, _, Class::Major) => (0, minor + 1, 0),
        (0, _, _) => (0, minor, patch + 1),
        (_, _, Class::Major) => (major + 1, 0, 0),
        (_, _, Class::Minor) => (major, minor + 1, 0),
        (_, _, Class::Patch) => (major, minor, patch + 1),
    };
    Some(format!("{}.{}.{}", bumped.0, bumped.1, bumped.2))
}

/// The `version` of the `[package]` table of a Cargo manifest's text.
pub fn package_version(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        if let Some(rest) = line.strip_prefix("version") {
            let value = rest.trim_start().strip_prefix('=')?.trim();
            return Some(value.trim_matches('"').to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_follow_cargo_semver() {
        assert_eq!(
            next_version("0.2.3", Some(Class::Major)).as_deref(),
            Some("0.3.0")
        );
        assert_eq!(
            next_version("0.2.3", Some(Class::Minor)).as_deref(),
            Some("0.2.4")
        );
        assert_eq!(
            next_version("0.2.3", Some(Class::Patch)).as_deref(),
            Some("0.2.4")
        );
        assert_eq!(
            next_version("0.0.3", Some(Class::Major)).as_deref(),
            Some("0.0.4")
        );
        assert_eq!(
            next_version("1.2.3", Some(Class::Major)).as_deref(),
            Some("2.0.0")
        );
        assert_eq!(
            next_version("1.2.3", Some(Class::Minor)).as_deref(),
            Some("1.3.0")
        );
        assert_eq!(
            next_version("1.2.3", Some(Class::Patch)).as_deref(),
            Some("1.2.4")
        );
        assert_eq!(next_version("1.2.3", None).as_deref(), Some("1.2.3"));
        assert_eq!(next_version("1.2", Some(Class::Patch)), None);
    }

    #[test]
    fn reads_the_package_version_only() {
        let m =
            "[workspace]\nversion = \"9.9.9\"\n\n[package]\nname = \"x\"\nversion = \"0.1.0\"\n";
        assert_eq!(package_version(m).as_deref(), Some("0.1.0"));
        assert_eq!(package_version("[package]\nname = \"x\"\n"), None);
    }
}
