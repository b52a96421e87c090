//! What the page keeps in the browser's local storage: the code being
//! edited (so that a reload, or a crash, loses nothing), the code a shared
//! link replaced, and whether an analysis was under way when the page last
//! stopped.
//!
//! Nothing else is stored and nothing is sent anywhere. Storage may be
//! unavailable (private modes, quotas): every function then does nothing.

const CODE_KEY: &str = "assoc-explorer:code:v1";
const RUNNING_KEY: &str = "assoc-explorer:analysing:v1";
const KEPT_KEY: &str = "assoc-explorer:code-before-link:v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The code saved by an earlier visit.
pub fn saved_code() -> Option<String> {
    storage()?.get_item(CODE_KEY).ok().flatten()
}

/// Saves the code (best effort: a full quota keeps the older copy).
pub fn save_code(code: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(CODE_KEY, code);
    }
}

/// Keeps `code` aside (the code a shared link replaced), in case the
/// page is closed before it is brought back.
pub fn keep_aside(code: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEPT_KEY, code);
    }
}

/// Marks an analysis as running (`true`) or finished (`false`). If the
/// page dies during an analysis, the mark stays, and the next visit does
/// not run that analysis again by itself.
pub fn mark_running(running: bool) {
    if let Some(s) = storage() {
        let _ = if running {
            s.set_item(RUNNING_KEY, "1")
        } else {
            s.remove_item(RUNNING_KEY)
        };
    }
}

/// Whether the previous visit stopped during an analysis.
pub fn stopped_while_running() -> bool {
    storage()
        .and_then(|s| s.get_item(RUNNING_KEY).ok().flatten())
        .is_some()
}
