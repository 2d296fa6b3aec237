//! Stage 4: tokens → `syn::File` → prettyplease text.
