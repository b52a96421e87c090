//! `assoc`: the command-line front end over the same engine as the page.
//!
//! ```text
//! assoc json FILE...    the strict result in the oracle's JSON schema
//! assoc check FILE...   every diagnostic, with a code frame; exit 1 on error
//! ```

use std::process::ExitCode;

use assoc_explorer::engine::{self, oracle_json::oracle_json, SourceFile};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, paths)) = args.split_first() else {
        eprintln!("usage: assoc <json|check> FILE...");
        return ExitCode::from(2);
    };
    let mut files = Vec::new();
    for p in paths {
        match std::fs::read(p) {
            Ok(bytes) => files.push(SourceFile::new(p.clone(), String::from_utf8_lossy(&bytes).into_owned())),
            Err(e) => {
                eprintln!("assoc: cannot read {p}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let analysis = engine::analyse(&files);
    match command.as_str() {
        "json" => {
            println!("{}", serde_json::to_string_pretty(&oracle_json(&analysis)).unwrap_or_default());
            ExitCode::SUCCESS
        }
        "check" => {
            for d in &analysis.diagnostics {
                let f = &files[d.span.file as usize];
                let lc = engine::LineIndex::new(&f.text).line_col(&f.text, d.span.start);
                println!("{}:{}:{}: {}: {}", f.name, lc.line, lc.column, d.severity.as_str(), d.message);
                if let Some(h) = &d.help {
                    println!("  help: {h}");
                }
            }
            if analysis.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        _ => {
            eprintln!("assoc: unknown command {command}");
            ExitCode::from(2)
        }
    }
}
