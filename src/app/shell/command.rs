//! What the window asks for, as one type: every panel's action, menu item and shortcut
//! becomes a [`Command`], and the shell applies the frame's commands in one place.

use std::path::PathBuf;

use super::file_chooser::{Chosen, FileTask};
use crate::app::data_panel::{DataAction, DataPanel};
use crate::app::diagram::DiagramAction;
use crate::app::heatmap::MapClick;
use crate::app::inspector::InspectorAction;
use crate::app::network_panel::NetworkPanel;
use crate::app::transport::TransportAction;
use crate::experiment::Variation;

/// One thing the user asked for.
#[derive(Debug)]
#[must_use]
pub enum Command {
    /// Play, pause, step or reset (the transport bar, Space).
    Transport(TransportAction),
    /// The training panel's settings changed: train with them from the next batch on.
    Configure,
    /// The network editor changed the shape; `previous` is the editor as it was.
    EditNetwork {
        /// The editor before the change, restored when the change is refused.
        previous: NetworkPanel,
    },
    /// The data panel changed or asks for something; `previous` is the panel as it was.
    EditData {
        /// What the panel asks for.
        action: DataAction,
        /// The panel before the change, restored when the change is refused.
        previous: Box<DataPanel>,
    },
    /// The diagram asks for an edit.
    Diagram(DiagramAction),
    /// A click on the map.
    Map(MapClick),
    /// The step inspector asks for a step.
    Inspector(InspectorAction),
    /// Continue from the rewind slider's moment `i`.
    RewindTo(usize),
    /// Ask for a file (a menu item, a shortcut, a panel's button).
    AskFile(FileTask),
    /// A file was chosen (or not) in a dialog or the path field.
    Chosen(Chosen),
    /// Open a model or import data named by a path (dropped on the window).
    OpenPath(PathBuf),
    /// Ask for a TF Playground link to open (File ▸ Open TF Playground link…).
    AskLink,
    /// Open a TF Playground link (pasted).
    OpenLink(String),
    /// Copy the experiment as a TF Playground link (File ▸ Copy as TF Playground link).
    CopyLink,
    /// Open a shipped lesson, by its file name (File ▸ Lessons).
    OpenShippedLesson(&'static str),
    /// The lesson panel's Next lesson or Close lesson (File ▸ Close lesson).
    Lesson(crate::app::lesson_panel::LessonAction),
    /// The answer to the question asked (discard the trained weights? train from the
    /// moment shown?).
    Answer(super::questions::Answer),
    /// The answer to "restore the last experiment?" (`true`: restore).
    Recover(bool),
    /// Undo the last edit (Ctrl+Z).
    Undo,
    /// Redo the last undone edit (Ctrl+Shift+Z).
    Redo,
    /// Open the race window.
    ShowRace,
    /// Start a race of these variants.
    StartRace(Variation),
}
