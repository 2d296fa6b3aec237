//! The rename heuristic: in one object, a removed field next to an added field of the same
//! type is probably the same field renamed. Pairs are made in document order, each field used
//! once; a field with no partner of its type stays a plain removal or addition.

use crate::ir::Field;

/// Matched `(removed, added)` pairs, then the removals and additions left unpaired.
pub type Paired<'a> = (Vec<(&'a Field, &'a Field)>, Vec<&'a Field>, Vec<&'a Field>);

pub fn pair<'a>(removed: &[&'a Field], added: &[&'a Field]) -> Paired<'a> {
    let mut taken = vec![false; added.len()];
    let mut pairs = Vec::new();
    let mut lone_removed = Vec::new();
    for &o in removed {
        let partner = added
            .iter()
            .zip(taken.iter_mut())
            .find(|(n, t)| !**t && n.ty == o.ty);
        match partner {
            Some((&n, t)) => {
                *t = true;
                pairs.push((o, n));
            }
            None => lone_removed.push(o),
        }
    }
    let lone_added = added
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(n, _)| *n)
        .collect();
    (pairs, lone_removed, lone_added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Type;

    #[test]
    fn pairs_same_type_in_order_and_leaves_the_rest() {
        let a = Field::new("user_id", Type::String);
        let b = Field::new("count", Type::Integer);
        let x = Field::new("open_id", Type::String);
        let y = Field::new("flag", Type::Boolean);
        let (pairs, r, n) = pair(&[&a, &b], &[&y, &x]);
        assert_eq!(pairs.len(), 1);
        assert_eq!(
            (pairs[0].0.name.as_str(), pairs[0].1.name.as_str()),
            ("user_id", "open_id")
        );
        assert_eq!(
            r.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["count"]
        );
        assert_eq!(
            n.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["flag"]
        );
    }
}
