//! The JSON output of SPEC §6.
