//! The table printed after fuzzing: per target, the inputs it started from, how many
//! inputs libFuzzer ran, for how long, and whether the target held.

use std::time::Duration;

/// How one target's run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The time ran out with no failure.
    Clean,
    /// The target failed; why, in a few words.
    Failed(String),
    /// Ctrl-C stopped the run.
    Interrupted,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetResult {
    /// `crate/target`.
    pub id: String,
    /// Files in the starting corpus.
    pub seeds: usize,
    /// Inputs executed, when libFuzzer said.
    pub runs: Option<u64>,
    /// Seconds libFuzzer reported fuzzing for, when it said.
    pub fuzz_seconds: Option<u64>,
    /// Wall time of the whole run, start-up and corpus loading included.
    pub wall: Duration,
    /// How it ended.
    pub outcome: Outcome,
}

impl TargetResult {
    /// Inputs per second over the fuzzing time (the wall time when libFuzzer gave none).
    pub fn runs_per_second(&self) -> Option<u64> {
        let runs = self.runs?;
        let secs = self
            .fuzz_seconds
            .filter(|&s| s > 0)
            .unwrap_or_else(|| self.wall.as_secs().max(1));
        Some(runs / secs)
    }
}

/// The table, one line per target under a header line.
pub fn table(results: &[TargetResult]) -> String {
    let width = results
        .iter()
        .map(|r| r.id.len())
        .chain(std::iter::once("target".len()))
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{:<width$}  {:>6}  {:>10}  {:>7}  {:>6}  result\n",
        "target", "seeds", "runs", "runs/s", "wall"
    );
    for r in results {
        let runs = r.runs.map_or("?".to_string(), |n| n.to_string());
        let rate = r
            .runs_per_second()
            .map_or("?".to_string(), |n| n.to_string());
        let result = match &r.outcome {
            Outcome::Clean => "ok".to_string(),
            Outcome::Failed(why) => format!("FAILED: {why}"),
            Outcome::Interrupted => "interrupted".to_string(),
        };
        out.push_str(&format!(
            "{:<width$}  {:>6}  {:>10}  {:>7}  {:>5}s  {result}\n",
            r.id,
            r.seeds,
            runs,
            rate,
            r.wall.as_secs()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lines_up_and_shows_failures() {
        let results = [
            TargetResult {
                id: "cloud-ec2/parse_responses".into(),
                seeds: 750,
                runs: Some(120_000),
                fuzz_seconds: Some(20),
                wall: Duration::from_secs(23),
                outcome: Outcome::Clean,
            },
            TargetResult {
                id: "cloud-gogrid/parsers".into(),
                seeds: 40,
                runs: None,
                fuzz_seconds: None,
                wall: Duration::from_secs(2),
                outcome: Outcome::Failed("panicked at src/model.rs:1:1".into()),
            },
        ];
        let table = table(&results);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("target   "));
        assert!(lines[1].contains("750") && lines[1].contains("120000"));
        assert!(lines[1].contains("6000") && lines[1].ends_with("23s  ok"));
        assert!(lines[2].contains("?") && lines[2].contains("FAILED: panicked at"));
        let seeds_column =
            |line: &str| line["cloud-ec2/parse_responses  ".len()..][..6].to_string();
        assert_eq!(seeds_column(lines[0]), " seeds");
        assert_eq!(seeds_column(lines[1]), "   750");
        assert_eq!(seeds_column(lines[2]), "    40");
    }

    #[test]
    fn rate_falls_back_to_wall_time() {
        let mut r = TargetResult {
            id: "a/b".into(),
            seeds: 0,
            runs: Some(100),
            fuzz_seconds: Some(0),
            wall: Duration::from_secs(4),
            outcome: Outcome::Clean,
        };
        assert_eq!(r.runs_per_second(), Some(25));
        r.runs = None;
        assert_eq!(r.runs_per_second(), None);
    }
}
