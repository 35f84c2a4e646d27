//! What the emulator itself spends on a transfer, read from Linux's `/proc`: its CPU
//! time (all threads, from `/proc/PID/stat`) and its peak resident set (`VmHWM` in
//! `/proc/PID/status`, reset before each transfer through `/proc/PID/clear_refs`).

use std::path::Path;
use std::time::Duration;

/// Clock ticks per second of `/proc/PID/stat`'s CPU times (`USER_HZ`, 100 on every
/// architecture Linux exposes to user space with a fixed value).
const TICKS_PER_SEC: u64 = 100;

/// User plus system CPU ticks from the text of `/proc/PID/stat` (fields 14 and 15; the
/// command name in field 2 may hold spaces and parentheses, so fields are counted
/// after its last `)`).
pub fn cpu_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state): field N is at index N - 3.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// `VmHWM` (peak resident set) in bytes from the text of `/proc/PID/status`.
pub fn vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let mut words = line["VmHWM:".len()..].split_whitespace();
    let value: u64 = words.next()?.parse().ok()?;
    match words.next() {
        Some("kB") => Some(value * 1024),
        _ => None,
    }
}

/// Whether the NUL-separated `cmdline` of a process runs `program` with `-port PORT`.
pub fn runs_on_port(cmdline: &[u8], program: &Path, port: u16) -> bool {
    let args: Vec<&[u8]> = cmdline
        .split(|&b| b == 0)
        .filter(|a| !a.is_empty())
        .collect();
    let program = program.as_os_str().as_encoded_bytes();
    let port = port.to_string();
    args.first() == Some(&program)
        && args
            .windows(2)
            .any(|w| w[0] == b"-port" && w[1] == port.as_bytes())
}

/// The id of the running process that runs `program` with `-port PORT`, if any.
pub fn find_pid(program: &Path, port: u16) -> Option<u32> {
    std::fs::read_dir("/proc")
        .ok()?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .find(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| runs_on_port(&c, program, port))
        })
}

/// What a process used between [`Meter::start`] and [`Meter::finish`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spent {
    /// User plus system CPU time.
    pub cpu: Duration,
    /// Peak resident set since the start, bytes (`None` when the kernel would not
    /// reset the mark, so it would include earlier peaks).
    pub peak_rss: Option<u64>,
}

/// A measurement of process `pid` under way.
#[derive(Debug)]
pub struct Meter {
    pid: u32,
    ticks: u64,
    peak_reset: bool,
}

impl Meter {
    /// Resets the process's peak-RSS mark and notes its CPU time so far; `None` when
    /// its `/proc` entry cannot be read (the process is gone).
    pub fn start(pid: u32) -> Option<Self> {
        let peak_reset = std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok();
        let ticks = cpu_ticks(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)?;
        Some(Meter {
            pid,
            ticks,
            peak_reset,
        })
    }

    /// What the process used since [`Meter::start`].
    pub fn finish(self) -> Option<Spent> {
        let pid = self.pid;
        let ticks = cpu_ticks(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)?;
        let peak_rss = self
            .peak_reset
            .then(|| std::fs::read_to_string(format!("/proc/{pid}/status")).ok())
            .flatten()
            .and_then(|s| vm_hwm(&s));
        Some(Spent {
            cpu: ticks_to_duration(ticks.saturating_sub(self.ticks)),
            peak_rss,
        })
    }
}

fn ticks_to_duration(ticks: u64) -> Duration {
    Duration::from_millis(ticks * 1000 / TICKS_PER_SEC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_ticks_are_counted_after_the_command_name() {
        let stat = "4242 (fake gcs) (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 \
                    250 31 0 0 20 0 12 0 999 123 456";
        assert_eq!(cpu_ticks(stat), Some(281));
        assert_eq!(cpu_ticks("4242 (short) S 1"), None);
        assert_eq!(ticks_to_duration(281), Duration::from_millis(2810));
    }

    #[test]
    fn the_peak_rss_line_is_read_in_bytes() {
        let status = "Name:\tfake-gcs\nVmPeak:\t 9000 kB\nVmHWM:\t    5120 kB\nVmRSS:\t 100 kB\n";
        assert_eq!(vm_hwm(status), Some(5120 * 1024));
        assert_eq!(vm_hwm("Name:\tx\n"), None);
        assert_eq!(vm_hwm("VmHWM:\t12 pages\n"), None);
    }

    #[test]
    fn the_emulator_is_told_apart_by_program_and_port() {
        let program = Path::new("/e/fake-gcs-server");
        let cmd = b"/e/fake-gcs-server\0-host\x00127.0.0.1\0-port\x004443\0-scheme\0http\0";
        assert!(runs_on_port(cmd, program, 4443));
        assert!(!runs_on_port(cmd, program, 4444));
        assert!(!runs_on_port(cmd, Path::new("/other"), 4443));
        assert!(!runs_on_port(
            b"/e/fake-gcs-server\0-host\x004443\0",
            program,
            4443
        ));
    }

    #[test]
    fn this_process_can_be_metered() {
        let meter = Meter::start(std::process::id()).expect("our own /proc entry");
        let start = std::time::Instant::now();
        let mut x = 0u64;
        while start.elapsed() < Duration::from_millis(300) {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(1));
        }
        let spent = meter.finish().expect("still running");
        assert!(spent.cpu > Duration::ZERO, "{spent:?}");
        assert!(spent.cpu < Duration::from_secs(60), "{spent:?}");
        if let Some(peak) = spent.peak_rss {
            assert!(peak > 0);
        }
    }

    #[test]
    fn a_child_is_found_by_its_program_and_port() {
        let port = 20_000 + (std::process::id() % 40_000) as u16;
        let mut child = std::process::Command::new("/bin/sh")
            // `read`, a builtin, waits on the pipe without a child of its own.
            .args(["-c", "read line", "-port"])
            .arg(port.to_string())
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("sh");
        // Right after the spawn the child may not have reached `exec` yet.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let mut found = None;
        while found.is_none() && std::time::Instant::now() < deadline {
            found = find_pid(Path::new("/bin/sh"), port);
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(found, Some(child.id()));
        assert_eq!(find_pid(Path::new("/bin/sh"), port), None);
    }
}
