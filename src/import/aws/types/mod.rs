//! Every AWS resource type drplan reads: one row each (`row.rs` says what a row holds), in
//! three files by what the type is to drplan. Adding a type is a row in one of them and, when
//! it has facts, a function in `facts/`.

use std::sync::LazyLock;

use super::row::*;

mod components;
mod informs;
mod members;

/// Every type drplan reads, in one list: a handle's row is a place in it.
pub static TYPES: LazyLock<Vec<Type>> =
    LazyLock::new(|| [components::ROWS, members::ROWS, informs::ROWS].concat());
