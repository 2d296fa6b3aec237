//! The change report's data: one [`Change`] per difference, grouped per API in a [`Report`].
//!
//! The serde form of these types is the `--format json` output, documented in
//! `docs/DIFF-JSON.md`; keys are only ever added.

use serde::Serialize;
use std::fmt;

/// What a change means for a user of the generated crate, after Cargo's SemVer reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Wording only: docs of the generated items change, nothing else.
    Patch,
    /// Additions a user's code keeps compiling with.
    Minor,
    /// Breaks code written against the previous bindings (or against the API's contract).
    Major,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Patch => "patch",
            Class::Minor => "minor",
            Class::Major => "major",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of a change. The class usually follows from the kind, and from the side (request or
/// response) for fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    ApiAdded,
    ApiRemoved,
    /// The page now says the API is deprecated (or no longer does).
    ApiDeprecated,
    /// The page moved to another id (same method and path).
    ApiMoved,
    MethodChanged,
    PathChanged,
    FieldAdded,
    FieldRemoved,
    FieldRetyped,
    /// A removed field next to an added one of the same type in the same object.
    FieldPossiblyRenamed,
    RequiredChanged,
    EnumValueAdded,
    EnumValueRemoved,
    ErrorAdded,
    ErrorRemoved,
    ErrorChanged,
    TokenAdded,
    TokenRemoved,
    ScopeAdded,
    ScopeRemoved,
    BodyKindChanged,
    IdentifierAdded,
    IdentifierRemoved,
    /// An event or callback page added, removed, or its type (or kind) changed.
    EventAdded,
    EventRemoved,
    EventTypeChanged,
    /// Wording, examples or other text that only reaches the generated docs.
    Prose,
}

impl Kind {
    /// A short human label (`field added`).
    pub fn label(self) -> &'static str {
        match self {
            Kind::ApiAdded => "API added",
            Kind::ApiRemoved => "API removed",
            Kind::ApiDeprecated => "deprecation",
            Kind::ApiMoved => "API moved",
            Kind::MethodChanged => "method changed",
            Kind::PathChanged => "path changed",
            Kind::FieldAdded => "field added",
            Kind::FieldRemoved => "field removed",
            Kind::FieldRetyped => "field retyped",
            Kind::FieldPossiblyRenamed => "possible rename",
            Kind::RequiredChanged => "required changed",
            Kind::EnumValueAdded => "enum value added",
            Kind::EnumValueRemoved => "enum value removed",
            Kind::ErrorAdded => "error code added",
            Kind::ErrorRemoved => "error code removed",
            Kind::ErrorChanged => "error code changed",
            Kind::TokenAdded => "token kind added",
            Kind::TokenRemoved => "token kind removed",
            Kind::ScopeAdded => "scope added",
            Kind::ScopeRemoved => "scope removed",
            Kind::BodyKindChanged => "body kind changed",
            Kind::IdentifierAdded => "identifier added",
            Kind::IdentifierRemoved => "identifier removed",
            Kind::EventAdded => "event added",
            Kind::EventRemoved => "event removed",
            Kind::EventTypeChanged => "event type changed",
            Kind::Prose => "wording",
        }
    }
}

/// One difference between the old and the new IR of an API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: Kind,
    pub class: Class,
    /// Where: `body.message.sender.id`, `query.user_id_type`, `errors.1002`, `scopes`, `path`,
    /// `identifiers`, `title`, ...
    pub location: String,
    /// The old value, when there is one worth showing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The new value, when there is one worth showing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// Why the class is what it is, or what a user must do (`users must re-authorise`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Change {
    pub fn new(kind: Kind, class: Class, location: impl Into<String>) -> Self {
        Change {
            kind,
            class,
            location: location.into(),
            old: None,
            new: None,
            note: None,
        }
    }

    pub fn old(mut self, v: impl Into<String>) -> Self {
        self.old = Some(v.into());
        self
    }

    pub fn new_value(mut self, v: impl Into<String>) -> Self {
        self.new = Some(v.into());
        self
    }

    pub fn note(mut self, v: impl Into<String>) -> Self {
        self.note = Some(v.into());
        self
    }
}

/// Whether an API was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Added,
    Removed,
    Changed,
}

/// The changes of one API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiChanges {
    /// `service/version/resource/method` (the new id when the API moved).
    pub id: String,
    pub service: String,
    pub status: Status,
    /// The page title (new side, or old side for a removed API).
    pub title: String,
    /// The highest class among the changes (wording included).
    pub class: Class,
    /// The highest class among the changes of the docs themselves, leaving out the generated
    /// identifiers they rename (`patch` for a reworded error whose variant name follows the
    /// wording).
    pub docs_class: Class,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_source: Option<String>,
    /// The changes; wording changes only with `--prose`.
    pub changes: Vec<Change>,
    /// How many wording (patch) changes the API has, listed or not.
    pub prose_changes: usize,
    /// Set for an event or callback (its documented type, `im.message.receive_v1`); the
    /// entry is an API's otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
}

/// Counts over the whole report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    pub major: usize,
    pub minor: usize,
    pub patch: usize,
    pub apis_added: usize,
    pub apis_removed: usize,
    pub apis_changed: usize,
    pub apis_unchanged: usize,
    /// Event and callback pages, counted apart from the APIs (keys left out while zero).
    #[serde(skip_serializing_if = "is_zero")]
    pub events_added: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub events_removed: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub events_changed: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub events_unchanged: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    /// Counts `changes` by class.
    pub fn count(&mut self, changes: &[Change]) {
        for c in changes {
            match c.class {
                Class::Major => self.major += 1,
                Class::Minor => self.minor += 1,
                Class::Patch => self.patch += 1,
            }
        }
    }

    /// The highest class present, if anything changed.
    pub fn worst(&self) -> Option<Class> {
        if self.major > 0 {
            Some(Class::Major)
        } else if self.minor > 0 {
            Some(Class::Minor)
        } else if self.patch > 0 {
            Some(Class::Patch)
        } else {
            None
        }
    }
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The JSON format's name and version: `feishu-codegen-diff/1`.
    pub schema: &'static str,
    /// How the old side was named on the command line.
    pub old: String,
    pub new: String,
    pub summary: Summary,
    /// The version the bindings have now, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<String>,
    /// The version the changes call for, when the current one is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_version: Option<String>,
    /// Whether wording changes are listed (they are always counted).
    pub prose_listed: bool,
    /// Added, removed and changed APIs, sorted by id.
    pub apis: Vec<ApiChanges>,
}

/// The `schema` value of the JSON output.
pub const SCHEMA: &str = "feishu-codegen-diff/1";
