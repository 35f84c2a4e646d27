//! Large test files written and compared without holding them in memory, and the peak
//! memory of one run of the binary.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use wait4::Wait4;

use super::Run;

const BLOCK: usize = 1024 * 1024;

/// Writes `len` bytes: one pseudo-random MiB seeded by `seed`, repeated, with every
/// MiB's first eight bytes replaced by its index, so that a block lost, repeated or
/// moved (a segment out of order, say) changes the contents.
pub fn write_sample(path: &Path, len: u64, seed: u64) {
    let mut block = vec![0u8; BLOCK];
    let mut x = seed | 1;
    for word in block.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        word.copy_from_slice(&x.to_le_bytes()[..word.len()]);
    }
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let mut left = len;
    let mut index: u64 = 0;
    while left > 0 {
        block[..8].copy_from_slice(&index.to_le_bytes());
        let n = left.min(BLOCK as u64) as usize;
        file.write_all(&block[..n]).expect("write");
        left -= n as u64;
        index += 1;
    }
    file.flush().expect("flush");
}

/// Whether the two files hold the same bytes, read a MiB at a time.
pub fn same_contents(a: &Path, b: &Path) -> bool {
    let open = |p: &Path| std::fs::File::open(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let (mut fa, mut fb) = (open(a), open(b));
    if fa.metadata().expect("stat").len() != fb.metadata().expect("stat").len() {
        return false;
    }
    let (mut ba, mut bb) = (vec![0u8; BLOCK], vec![0u8; BLOCK]);
    loop {
        let n = fill(&mut fa, &mut ba);
        if n != fill(&mut fb, &mut bb) || ba[..n] != bb[..n] {
            return false;
        }
        if n == 0 {
            return true;
        }
    }
}

/// Reads until `buf` is full or the file ends; the number of bytes read.
fn fill(file: &mut std::fs::File, buf: &mut [u8]) -> usize {
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..]).expect("read") {
            0 => break,
            n => got += n,
        }
    }
    got
}

/// Runs `cmd` to completion; its output and its peak resident set size in bytes.
///
/// The figure is the kernel's `ru_maxrss` of the child. Linux counts in it the address
/// space the child had between `fork` and `exec`, a copy of this test process, so it
/// can only overstate the binary's own peak: keep the test process small (no large
/// buffers) and a bound checked against it stays honest.
pub fn run_with_peak_rss(mut cmd: Command) -> (Run, u64) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn libcloud");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let err_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        stderr.read_to_end(&mut text).map(|_| text)
    });
    let mut out = Vec::new();
    stdout.read_to_end(&mut out).expect("read stdout");
    let used = child.wait4().expect("wait4");
    let err = err_reader
        .join()
        .expect("stderr reader")
        .expect("read stderr");
    let run = Run {
        code: used.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    };
    (run, used.rusage.maxrss)
}
