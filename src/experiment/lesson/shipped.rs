//! The lessons that come with scratchnet (`assets/lessons`), in order: the seed article's
//! plane regression three ways, a learning rate too large, then beyond the article.

/// Each shipped lesson: its file name and its text.
pub const SHIPPED: [(&str, &str); 9] = [
    (
        "01-plane-online.json",
        include_str!("../../../assets/lessons/01-plane-online.json"),
    ),
    (
        "02-plane-mini-batch.json",
        include_str!("../../../assets/lessons/02-plane-mini-batch.json"),
    ),
    (
        "03-plane-full-batch.json",
        include_str!("../../../assets/lessons/03-plane-full-batch.json"),
    ),
    (
        "04-learning-rate-too-large.json",
        include_str!("../../../assets/lessons/04-learning-rate-too-large.json"),
    ),
    (
        "05-xor-needs-a-hidden-layer.json",
        include_str!("../../../assets/lessons/05-xor-needs-a-hidden-layer.json"),
    ),
    (
        "06-circle-with-squares.json",
        include_str!("../../../assets/lessons/06-circle-with-squares.json"),
    ),
    (
        "07-spiral-depth-against-features.json",
        include_str!("../../../assets/lessons/07-spiral-depth-against-features.json"),
    ),
    (
        "08-overfitting-and-l2.json",
        include_str!("../../../assets/lessons/08-overfitting-and-l2.json"),
    ),
    (
        "09-several-classes.json",
        include_str!("../../../assets/lessons/09-several-classes.json"),
    ),
];

/// A shipped lesson by its file name (a lesson's `next`).
pub fn shipped(name: &str) -> Option<&'static str> {
    SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    use super::super::{judge_run, parse_lesson};
    use super::*;

    #[test]
    fn every_shipped_lesson_reads_and_names_a_next_one_that_ships() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/lessons");
        let files = std::fs::read_dir(dir).unwrap().count();
        assert_eq!(
            files,
            SHIPPED.len(),
            "every file in assets/lessons is listed"
        );
        for (k, (name, text)) in SHIPPED.iter().enumerate() {
            let lesson = parse_lesson(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                !lesson.goals.is_empty() && lesson.solution.is_some(),
                "{name}"
            );
            match SHIPPED.get(k + 1) {
                Some((next, _)) => assert_eq!(lesson.next.as_deref(), Some(*next)),
                None => assert_eq!(lesson.next, None),
            }
        }
    }

    #[test]
    fn each_reference_solution_meets_every_goal_and_the_start_meets_none() {
        for (name, text) in SHIPPED {
            let lesson = parse_lesson(text).unwrap();
            let start = judge_run(&lesson, &[], 0).unwrap();
            assert!(
                start.met.iter().all(|(_, e)| e.is_none()),
                "{name}: the start meets {:?}",
                start.met
            );
            let solution = lesson.solution.as_ref().unwrap();
            let solved = judge_run(&lesson, &solution.flags, solution.epochs).unwrap();
            assert!(solved.all_met(), "{name}: {:?}", solved.met);
        }
    }
}
