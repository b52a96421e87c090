//! Association calls that never ran: written inside a function that
//! nothing calls, so Sequelize never sees them either.

use crate::engine::fast_hash::HashSet;

use oxc_ast::ast::{CallExpression, Expression, Program, Statement};
use oxc_ast_visit::{walk, Visit};

use super::diagnostics::{Diagnostic, DiagnosticKind};
use super::source::Span;

const METHODS: &[&str] = &["hasOne", "belongsTo", "hasMany", "belongsToMany"];

/// Deeper than this the walk stops: left-nested chains (`1+1+…`) are as
/// deep as they are long, and the evaluator gave up on them already.
const MAX_WALK_DEPTH: u32 = 400;

struct Finder<'s> {
    file: u32,
    depth: u32,
    executed: &'s HashSet<Span>,
    out: Vec<Diagnostic>,
}

impl<'a> Visit<'a> for Finder<'_> {
    fn visit_expression(&mut self, e: &Expression<'a>) {
        if self.depth < MAX_WALK_DEPTH {
            self.depth += 1;
            walk::walk_expression(self, e);
            self.depth -= 1;
        }
    }

    fn visit_statement(&mut self, s: &Statement<'a>) {
        if self.depth < MAX_WALK_DEPTH {
            self.depth += 1;
            walk::walk_statement(self, s);
            self.depth -= 1;
        }
    }

    fn visit_call_expression(&mut self, call: &CallExpression<'a>) {
        if let Some(member) = call.callee.as_member_expression() {
            if let Some(name) = member.static_property_name() {
                let span = Span::new(self.file, call.span.start, call.span.end);
                if METHODS.contains(&name) && !self.executed.contains(&span) {
                    self.out.push(
                        Diagnostic::info(
                            DiagnosticKind::NeverRun,
                            span,
                            format!("This {name} never runs: nothing calls the function it is in, so Sequelize never sees it"),
                        )
                        .with_help("Call the function, or move the association to the top level or into a model's static associate()."),
                    );
                }
            }
        }
        walk::walk_call_expression(self, call);
    }
}

pub fn never_run(programs: &[&Program<'_>], executed: &HashSet<Span>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, program) in programs.iter().enumerate() {
        let mut finder = Finder {
            file: u32::try_from(i).unwrap_or(u32::MAX),
            depth: 0,
            executed,
            out: Vec::new(),
        };
        finder.visit_program(program);
        out.extend(finder.out);
    }
    out
}
