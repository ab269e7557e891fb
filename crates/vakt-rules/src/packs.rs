//! The built-in rule packs (SPEC §5), embedded from the top-level `rules/`
//! folder.

use vakt_model::Pack;

/// Every built-in pack.
pub const PACKS: &[Pack] = &[
    Pack {
        name: "core",
        text: include_str!("../../../rules/core.vakt"),
    },
    Pack {
        name: "gdpr",
        text: include_str!("../../../rules/gdpr.vakt"),
    },
    Pack {
        name: "kommune",
        text: include_str!("../../../rules/kommune.vakt"),
    },
];
