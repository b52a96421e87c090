//! The strict result in exactly the oracle's JSON schema
//! (`../shared/oracle/README.md`): what `assoc json` prints.
