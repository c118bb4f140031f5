//! The task panel beside the map while a lesson is open: the title, the task (a small
//! Markdown subset), the goals ticking as they are met, Next lesson and Close lesson.

use crate::app::i18n::{tr, trf};
use egui::text::LayoutJob;

use crate::app::shell::OpenLesson;
use crate::experiment::lesson::tiers;

/// What the panel asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonAction {
    /// Open the next lesson.
    Next,
    /// Close the lesson: back to the user's own experiment.
    Close,
}

/// Draws the panel; returns what it asks for.
pub fn ui(ui: &mut egui::Ui, open: &OpenLesson) -> Option<LessonAction> {
    let mut action = None;
    let lesson = &open.lesson;
    egui::ScrollArea::vertical().show(ui, |ui| {
        let (title, task) = lesson.text_in(crate::app::i18n::current().code());
        ui.heading(title);
        task_ui(ui, task);
        ui.separator();
        ui.strong(tr("Goals"));
        for ((tier, goals), (_, met)) in tiers(&lesson.goals).iter().zip(&open.progress.met) {
            let words: Vec<String> = goals
                .iter()
                .map(|g| g.describe_as(tr(g.metric.label())))
                .collect();
            let text = trf!("Tier {}: {}", tier, words.join(tr(" and ")));
            if met.is_some() {
                ui.label(egui::RichText::new(text).strong());
            } else {
                ui.label(text);
            }
            if let Some(epoch) = met {
                ui.label(trf!("    met at epoch {}", epoch));
            }
        }
        ui.separator();
        ui.horizontal(|ui| {
            if lesson.next.is_some() && ui.button(tr("Next lesson")).clicked() {
                action = Some(LessonAction::Next);
            }
            if ui
                .button(tr("Close lesson"))
                .on_hover_text(tr("Back to your own experiment and settings, as they were"))
                .clicked()
            {
                action = Some(LessonAction::Close);
            }
        });
    });
    action
}

/// A piece of a line: its text, and bold, italic or code.
#[derive(Debug, PartialEq)]
enum Span<'a> {
    Plain(&'a str),
    Bold(&'a str),
    Italic(&'a str),
    Code(&'a str),
}

/// A line's spans: `**bold**`, `*italic*`, `` `code` ``; an unclosed mark is plain text.
fn spans(line: &str) -> Vec<Span<'_>> {
    let mut out = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let next = ["**", "*", "`"]
            .iter()
            .filter_map(|m| rest.find(m).map(|at| (at, *m)))
            .min_by_key(|(at, m)| (*at, usize::MAX - m.len()));
        let Some((at, mark)) = next else {
            out.push(Span::Plain(rest));
            break;
        };
        let after = &rest[at + mark.len()..];
        let Some(end) = after.find(mark) else {
            out.push(Span::Plain(rest));
            break;
        };
        if at > 0 {
            out.push(Span::Plain(&rest[..at]));
        }
        let inner = &after[..end];
        out.push(match mark {
            "**" => Span::Bold(inner),
            "*" => Span::Italic(inner),
            _ => Span::Code(inner),
        });
        rest = &after[end + mark.len()..];
    }
    out
}

/// The task: paragraphs (blank lines between), `- ` list items, spans in each.
fn task_ui(ui: &mut egui::Ui, text: &str) {
    for paragraph in text.split("\n\n") {
        for line in paragraph.lines() {
            let (bullet, line) = match line.strip_prefix("- ") {
                Some(item) => (true, item),
                None => (false, line),
            };
            let mut job = LayoutJob::default();
            let style = ui.style().clone();
            let mut add = |text: egui::RichText| {
                text.append_to(
                    &mut job,
                    &style,
                    egui::FontSelection::Default,
                    egui::Align::LEFT,
                );
            };
            if bullet {
                add(egui::RichText::new("•  "));
            }
            for span in spans(line) {
                add(match span {
                    Span::Plain(t) => egui::RichText::new(t),
                    Span::Bold(t) => egui::RichText::new(t).strong(),
                    Span::Italic(t) => egui::RichText::new(t).italics(),
                    Span::Code(t) => egui::RichText::new(t).code(),
                });
            }
            ui.label(job);
        }
        ui.add_space(4.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markdown_subset_reads_bold_italic_and_code() {
        assert_eq!(
            spans("Press **Play**, see *one* step: `0.25`."),
            [
                Span::Plain("Press "),
                Span::Bold("Play"),
                Span::Plain(", see "),
                Span::Italic("one"),
                Span::Plain(" step: "),
                Span::Code("0.25"),
                Span::Plain("."),
            ]
        );
        assert_eq!(
            spans("a * b"),
            [Span::Plain("a * b")],
            "an unclosed mark is text"
        );
        assert_eq!(spans(""), []);
    }
}
