//! Architectures that import infrastructure as code (docs/import.md): an architecture file's
//! `sources`, and its own components laid over the imported ones. The result is checked as a
//! file would be; an error points into the architecture file for what it declared, and at the
//! resource in the IaC file for what was imported.
//!
//! The overlay: a declared component with the id of an imported one overrides or adds its
//! fields, field by field (objects such as `deployment` or `backup` merge key by key; lists
//! are replaced, except `depends_on`, whose declared edges are added, and replace an imported
//! edge to the same component). Other declared components are added as they are.
//!
//! Its parts: `sources` (the entries and their problems), `imported` (what the importer hands
//! over), `top` (the file's top level), `overlay` (declared over imported, then checked),
//! `streamed` (imported alone, each component made as it is checked and written), `place`
//! (where a problem is shown) and `ordered` (the written order).

mod imported;
mod ordered;
mod overlay;
mod place;
mod sources;
mod streamed;
mod top;

pub use imported::{Credit, Imported, ImportedComponent};
pub use overlay::{Composed, Overlaid, overlay_imported};
pub use sources::{Source, SourceKind, source_error, sources};
pub use streamed::{Streamed, stream_imported};

use super::{InputError, LoadOptions};

/// The architecture file with the imported components, overlaid and checked, and the file it
/// amounts to.
pub fn compose(
    bytes: &[u8],
    source_name: &str,
    options: &LoadOptions,
    imported: Imported,
) -> Result<Composed, InputError> {
    overlay_imported(bytes, source_name, options, imported)?.compose(options)
}
