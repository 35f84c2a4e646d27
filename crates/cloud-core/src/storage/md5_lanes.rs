//! MD5 (RFC 1321) with two independent states that can be run over the same bytes in
//! one pass.
//!
//! One MD5 state is a single chain of dependent additions and rotations: a core runs
//! it at a fraction of its width. Two states fed the same 64-byte chunk share the
//! chunk's loads and fill each other's idle slots, so hashing a block and the whole
//! upload it belongs to costs little more than hashing it once (about 1.2 times one
//! pass of the `md-5` crate's assembly, where two such passes cost 2 times).

/// The state before any byte.
const INIT: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];

/// Left rotations, by step.
const SHIFTS: [u32; 64] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, //
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, //
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, //
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];

/// The additive constants, by step (the integer part of `abs(sin(i + 1)) * 2^32`).
#[rustfmt::skip]
const SINES: [u32; 64] = [
    0xd76a_a478, 0xe8c7_b756, 0x2420_70db, 0xc1bd_ceee, 0xf57c_0faf, 0x4787_c62a, 0xa830_4613, 0xfd46_9501,
    0x6980_98d8, 0x8b44_f7af, 0xffff_5bb1, 0x895c_d7be, 0x6b90_1122, 0xfd98_7193, 0xa679_438e, 0x49b4_0821,
    0xf61e_2562, 0xc040_b340, 0x265e_5a51, 0xe9b6_c7aa, 0xd62f_105d, 0x0244_1453, 0xd8a1_e681, 0xe7d3_fbc8,
    0x21e1_cde6, 0xc337_07d6, 0xf4d5_0d87, 0x455a_14ed, 0xa9e3_e905, 0xfcef_a3f8, 0x676f_02d9, 0x8d2a_4c8a,
    0xfffa_3942, 0x8771_f681, 0x6d9d_6122, 0xfde5_380c, 0xa4be_ea44, 0x4bde_cfa9, 0xf6bb_4b60, 0xbebf_bc70,
    0x289b_7ec6, 0xeaa1_27fa, 0xd4ef_3085, 0x0488_1d05, 0xd9d4_d039, 0xe6db_99e5, 0x1fa2_7cf8, 0xc4ac_5665,
    0xf429_2244, 0x432a_ff97, 0xab94_23a7, 0xfc93_a039, 0x655b_59c3, 0x8f0c_cc92, 0xffef_f47d, 0x8584_5dd1,
    0x6fa8_7e4f, 0xfe2c_e6e0, 0xa301_4314, 0x4e08_11a1, 0xf753_7e82, 0xbd3a_f235, 0x2ad7_d2bb, 0xeb86_d391,
];

/// The function of round `0` to `3` on `$b`, `$c`, `$d`.
macro_rules! mix {
    (0, $b:expr, $c:expr, $d:expr) => {
        $d ^ ($b & ($c ^ $d))
    };
    (1, $b:expr, $c:expr, $d:expr) => {
        $c ^ ($d & ($b ^ $c))
    };
    (2, $b:expr, $c:expr, $d:expr) => {
        $b ^ $c ^ $d
    };
    (3, $b:expr, $c:expr, $d:expr) => {
        $c ^ ($b | !$d)
    };
}

/// Sixteen steps of round `$r` (0 to 3), steps `16 * $r ..`, reading message words
/// `$g`, on every lane's registers `[$a, $b, $c, $d]`. Each step is written out (no
/// loop, no table of functions), so the lanes' instructions interleave.
macro_rules! round {
    ($r:tt, $m:ident, [$($g:expr),*], $lanes:tt) => {
        let mut step = 16 * $r;
        $(
            let w = $m[$g].wrapping_add(SINES[step]);
            round!(@lanes $r, w, SHIFTS[step], $lanes);
            step += 1;
        )*
        let _ = step;
    };
    (@lanes $r:tt, $w:ident, $shift:expr, [$([$a:ident, $b:ident, $c:ident, $d:ident]),*]) => {
        $(
            let f = mix!($r, $b, $c, $d);
            let rotated = $a.wrapping_add(f).wrapping_add($w).rotate_left($shift);
            $a = $d;
            $d = $c;
            $c = $b;
            $b = $b.wrapping_add(rotated);
        )*
    };
}

/// All 64 steps on the given lanes' registers.
#[rustfmt::skip]
macro_rules! all_rounds {
    ($m:ident, $lanes:tt) => {
        round!(0, $m, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], $lanes);
        round!(1, $m, [1, 6, 11, 0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12], $lanes);
        round!(2, $m, [5, 8, 11, 14, 1, 4, 7, 10, 13, 0, 3, 6, 9, 12, 15, 2], $lanes);
        round!(3, $m, [0, 7, 14, 5, 12, 3, 10, 1, 8, 15, 6, 13, 4, 11, 2, 9], $lanes);
    };
}

/// The sixteen little-endian words of a chunk.
#[inline(always)]
fn words(chunk: &[u8; 64]) -> [u32; 16] {
    let mut m = [0u32; 16];
    for (word, bytes) in m.iter_mut().zip(chunk.as_chunks::<4>().0) {
        *word = u32::from_le_bytes(*bytes);
    }
    m
}

/// Adds a chunk's working registers into its state.
#[inline(always)]
fn add_into(state: &mut [u32; 4], regs: [u32; 4]) {
    for (s, r) in state.iter_mut().zip(regs) {
        *s = s.wrapping_add(r);
    }
}

/// One state through one chunk.
#[inline(never)]
fn compress_one(state: &mut [u32; 4], chunk: &[u8; 64]) {
    let m = words(chunk);
    let [mut a, mut b, mut c, mut d] = *state;
    all_rounds!(m, [[a, b, c, d]]);
    add_into(state, [a, b, c, d]);
}

/// Two states through the same chunk, their steps interleaved. Kept out of line:
/// inlined into the chunk loop of `Md5Lane::feed`, the pass took about 15% longer.
#[inline(never)]
fn compress_two(first: &mut [u32; 4], second: &mut [u32; 4], chunk: &[u8; 64]) {
    let m = words(chunk);
    let [mut a, mut b, mut c, mut d] = *first;
    let [mut a2, mut b2, mut c2, mut d2] = *second;
    all_rounds!(m, [[a, b, c, d], [a2, b2, c2, d2]]);
    add_into(first, [a, b, c, d]);
    add_into(second, [a2, b2, c2, d2]);
}

/// One MD5 computation: its state, the bytes of a chunk not yet full, and the count.
#[derive(Debug, Clone)]
pub(crate) struct Md5Lane {
    state: [u32; 4],
    pending: [u8; 64],
    pending_len: usize,
    len: u64,
}

impl Default for Md5Lane {
    fn default() -> Self {
        Md5Lane {
            state: INIT,
            pending: [0; 64],
            pending_len: 0,
            len: 0,
        }
    }
}

impl Md5Lane {
    /// Feeds `bytes` to this lane alone.
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.feed(bytes, compress_one);
    }

    /// Counts `bytes`, hands `compress` this lane's state with every whole chunk they
    /// complete (the pending one first, then those read in place), and keeps the rest
    /// pending.
    #[inline(always)]
    fn feed(&mut self, bytes: &[u8], mut compress: impl FnMut(&mut [u32; 4], &[u8; 64])) {
        self.len = self.len.wrapping_add(bytes.len() as u64);
        let rest = self.take_pending(bytes);
        if self.pending_len == 64 {
            let chunk = self.pending;
            compress(&mut self.state, &chunk);
            self.pending_len = 0;
        }
        let (chunks, tail) = rest.as_chunks::<64>();
        for chunk in chunks {
            compress(&mut self.state, chunk);
        }
        self.take_pending(tail);
    }

    /// The digest of every byte fed.
    pub(crate) fn finish(mut self) -> [u8; 16] {
        let bits = self.len.wrapping_mul(8);
        let mut tail = [0u8; 128];
        tail[..self.pending_len].copy_from_slice(&self.pending[..self.pending_len]);
        tail[self.pending_len] = 0x80;
        let padded = if self.pending_len < 56 { 64 } else { 128 };
        tail[padded - 8..padded].copy_from_slice(&bits.to_le_bytes());
        let (chunks, _) = tail[..padded].as_chunks::<64>();
        for chunk in chunks {
            compress_one(&mut self.state, chunk);
        }
        let mut digest = [0u8; 16];
        for (out, word) in digest.chunks_exact_mut(4).zip(self.state) {
            out.copy_from_slice(&word.to_le_bytes());
        }
        digest
    }

    /// Copies into the pending chunk the part of `bytes` it takes: all of them when a
    /// chunk was started or they are fewer than 64, none when they can be hashed in
    /// place. Returns the rest.
    fn take_pending<'b>(&mut self, bytes: &'b [u8]) -> &'b [u8] {
        let room = if self.pending_len == 0 && bytes.len() >= 64 {
            0
        } else {
            64 - self.pending_len
        };
        let (now, rest) = bytes.split_at(bytes.len().min(room));
        self.pending[self.pending_len..self.pending_len + now.len()].copy_from_slice(now);
        self.pending_len += now.len();
        rest
    }
}

/// Feeds `bytes` to both lanes; in one pass when they stand at the same offset within
/// a chunk (as a block and the upload it starts at a multiple of 64 bytes do).
pub(crate) fn update_both(first: &mut Md5Lane, second: &mut Md5Lane, bytes: &[u8]) {
    if first.pending_len != second.pending_len {
        first.update(bytes);
        second.update(bytes);
        return;
    }
    let other = &mut second.state;
    first.feed(bytes, |state, chunk| compress_two(state, other, chunk));
    // In step, the two lanes were fed the same bytes since their last whole chunk.
    second.len = second.len.wrapping_add(bytes.len() as u64);
    second.pending = first.pending;
    second.pending_len = first.pending_len;
}

#[cfg(test)]
#[path = "md5_lanes_tests.rs"]
mod tests;
