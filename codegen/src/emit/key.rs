//! The identity of a nested type: a structured, ordered key computed from the IR alone
//! (never from names or prose), so that every pass that meets a type finds the same key.
//!
//! - a documented named object: its type name and its shape;
//! - an anonymous object: its shape;
//! - an open enum: its field name, whether its values are integers, and the values.
//!
//! A shape is the struct's fields in order: wire name, type (a nested type by its key) and
//! whether it may be absent. [`NamedShapes`] holds the one rule that relates keys: an
//! anonymous object with the shape of a documented named type is that type.
use crate::ir::{EnumValue, Type};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The identity of a nested type. Cheap to clone; ordered by its structure.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct TypeKey(Arc<KeyKind>);

/// What a [`TypeKey`] identifies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum KeyKind {
    /// An object without a documented type name.
    Anonymous(Shape),
    /// An open enum: the type identifier of its field's name, whether its values are
    /// integers, and its values in documented order.
    Enum {
        field: String,
        int: bool,
        values: Vec<String>,
    },
    /// An object of a documented type: the type identifier of its name.
    Named { name: String, shape: Shape },
}

/// The fields of a struct, in order (duplicate wire names keep the first row).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Shape(Vec<ShapeField>);

/// One field of a [`Shape`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ShapeField {
    pub(crate) wire: String,
    pub(crate) ty: ShapeType,
    pub(crate) optional: bool,
}

/// The type of a field in a [`Shape`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ShapeType {
    /// A wire type that makes no type of its own (its leaf, never an array or a map).
    Plain(Type),
    /// A generated struct or enum.
    Nested(TypeKey),
    List(Box<ShapeType>),
    Map(Box<ShapeType>),
}

impl ShapeType {
    /// The nested type at the leaf, if any.
    pub(crate) fn nested(&self) -> Option<&TypeKey> {
        match self {
            ShapeType::Nested(k) => Some(k),
            ShapeType::List(t) | ShapeType::Map(t) => t.nested(),
            ShapeType::Plain(_) => None,
        }
    }
}

impl Shape {
    pub(crate) fn new(fields: Vec<ShapeField>) -> Self {
        Shape(fields)
    }

    pub(crate) fn fields(&self) -> &[ShapeField] {
        &self.0
    }
}

impl TypeKey {
    pub(crate) fn new(kind: KeyKind) -> Self {
        TypeKey(Arc::new(kind))
    }

    pub(crate) fn kind(&self) -> &KeyKind {
        &self.0
    }

    /// Whether it is an open enum's key.
    pub(crate) fn is_enum(&self) -> bool {
        matches!(self.kind(), KeyKind::Enum { .. })
    }

    /// The shape of an object's key.
    pub(crate) fn shape(&self) -> Option<&Shape> {
        match self.kind() {
            KeyKind::Anonymous(s) | KeyKind::Named { shape: s, .. } => Some(s),
            KeyKind::Enum { .. } => None,
        }
    }

    /// The keys of the nested types an object's fields hold, by wire name.
    pub(crate) fn children(&self) -> BTreeMap<String, TypeKey> {
        self.shape()
            .into_iter()
            .flat_map(|s| s.fields())
            .filter_map(|f| Some((f.wire.clone(), f.ty.nested()?.clone())))
            .collect()
    }
}

/// The documented named types of a set of keys by shape, so that an anonymous object of
/// such a shape counts as that type: where several named types have one shape, the
/// smallest key.
#[derive(Debug, Default)]
pub(crate) struct NamedShapes<'k> {
    named: BTreeMap<&'k Shape, &'k TypeKey>,
}

impl<'k> NamedShapes<'k> {
    pub(crate) fn new(keys: impl IntoIterator<Item = &'k TypeKey>) -> Self {
        let mut named: BTreeMap<&Shape, &TypeKey> = BTreeMap::new();
        for k in keys {
            if let KeyKind::Named { shape, .. } = k.kind() {
                let e = named.entry(shape).or_insert(k);
                if k < *e {
                    *e = k;
                }
            }
        }
        NamedShapes { named }
    }

    /// The documented named type the anonymous object `key` is; `None` for any other key.
    pub(crate) fn named(&self, key: &TypeKey) -> Option<&'k TypeKey> {
        match key.kind() {
            KeyKind::Anonymous(shape) => self.named.get(shape).copied(),
            _ => None,
        }
    }
}

/// Whether `values` make an enum: some values, and for an integer enum integers only.
pub(crate) fn makes_enum(values: &[(&str, &str)], int: bool) -> bool {
    !values.is_empty() && (!int || values.iter().all(|(v, _)| v.parse::<i64>().is_ok()))
}

/// Enum values as `(value, description)`, deduplicated by value, in documented order.
pub(crate) fn unique_values(values: &[EnumValue]) -> Vec<(&str, &str)> {
    let mut seen = BTreeSet::new();
    values
        .iter()
        .map(|v| (v.value.trim(), v.description.trim()))
        .filter(|(v, _)| !v.is_empty() && seen.insert(*v))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(wire: &str, ty: ShapeType) -> ShapeField {
        ShapeField {
            wire: wire.to_owned(),
            ty,
            optional: true,
        }
    }

    fn named(name: &str, shape: &Shape) -> TypeKey {
        TypeKey::new(KeyKind::Named {
            name: name.to_owned(),
            shape: shape.clone(),
        })
    }

    #[test]
    fn an_anonymous_shape_is_the_smallest_named_type_of_that_shape() {
        let shape = Shape::new(vec![field("id", ShapeType::Plain(Type::String))]);
        let other = Shape::new(vec![field("name", ShapeType::Plain(Type::String))]);
        let (user, member) = (named("User", &shape), named("Member", &shape));
        let keys = [user.clone(), member.clone(), named("Other", &other)];
        let shapes = NamedShapes::new(&keys);
        let anon = TypeKey::new(KeyKind::Anonymous(shape));
        assert_eq!(shapes.named(&anon), Some(&member));
        assert_eq!(shapes.named(&user), None);
        let unnamed = TypeKey::new(KeyKind::Anonymous(Shape::default()));
        assert_eq!(shapes.named(&unnamed), None);
    }

    #[test]
    fn children_are_read_from_the_shape() {
        let e = TypeKey::new(KeyKind::Enum {
            field: "Kind".to_owned(),
            int: false,
            values: vec!["a".to_owned()],
        });
        let list = ShapeType::List(Box::new(ShapeType::Nested(e.clone())));
        let shape = Shape::new(vec![
            field("kinds", list),
            field("id", ShapeType::Plain(Type::String)),
        ]);
        let key = TypeKey::new(KeyKind::Anonymous(shape));
        assert_eq!(
            key.children(),
            BTreeMap::from([("kinds".to_owned(), e.clone())])
        );
        assert!(e.children().is_empty() && e.is_enum() && !key.is_enum());
    }
}
