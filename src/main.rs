//! The page: mounts the app, nothing else (the app is [`assoc_explorer::ui`]).

fn main() {
    assoc_explorer::ui::mount();
}
