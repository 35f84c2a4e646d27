use md5::{Digest, Md5};

use super::*;
use crate::storage::BlockMd5;

fn lane_digest(pieces: &[&[u8]]) -> [u8; 16] {
    let mut lane = Md5Lane::default();
    for piece in pieces {
        lane.update(piece);
    }
    lane.finish()
}

/// Bytes that do not repeat with any short period.
fn data(len: usize, seed: u32) -> Vec<u8> {
    (0..len as u32)
        .map(|i| (i.wrapping_add(seed).wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

#[test]
fn the_rfc_1321_test_suite_passes() {
    let suite: [(&str, &str); 7] = [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        (
            "abcdefghijklmnopqrstuvwxyz",
            "c3fcd3d76192e4007dfb496cca67e13b",
        ),
        (
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            "d174ab98d277d9f5a5611c2c9f419d9f",
        ),
        (
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            "57edf4a22be3c955ac49da2e2107b67a",
        ),
    ];
    for (input, want) in suite {
        assert_eq!(
            hex::encode(lane_digest(&[input.as_bytes()])),
            want,
            "{input:?}"
        );
    }
}

#[test]
fn every_length_around_the_padding_edges_matches_the_md5_crate() {
    let bytes = data(300, 1);
    for len in 0..=bytes.len() {
        let input = &bytes[..len];
        assert_eq!(
            lane_digest(&[input]),
            <[u8; 16]>::from(Md5::digest(input)),
            "{len}"
        );
    }
}

#[test]
fn the_way_bytes_are_split_does_not_change_the_digest() {
    let bytes = data(1_000, 2);
    let want: [u8; 16] = Md5::digest(&bytes).into();
    for step in [1, 3, 63, 64, 65, 127, 128, 999] {
        let pieces: Vec<&[u8]> = bytes.chunks(step).collect();
        assert_eq!(lane_digest(&pieces), want, "pieces of {step}");
    }
    // Uneven pieces, including empty ones.
    let cuts = [0, 0, 5, 64, 64, 70, 200, 201, 600, 1_000];
    let pieces: Vec<&[u8]> = cuts.windows(2).map(|w| &bytes[w[0]..w[1]]).collect();
    assert_eq!(lane_digest(&pieces), want);
}

#[test]
fn two_lanes_fed_together_match_each_fed_alone() {
    let bytes = data(5_000, 3);
    // The second lane starts at byte `lead` of the bytes, at every offset within a
    // chunk: in step (one pass) when that offset is a multiple of 64.
    for lead in [0, 1, 17, 63, 64, 100, 128] {
        let mut first = Md5Lane::default();
        let mut second = Md5Lane::default();
        first.update(&bytes[..lead]);
        for piece in bytes[lead..].chunks(333) {
            update_both(&mut first, &mut second, piece);
        }
        assert_eq!(
            first.finish(),
            <[u8; 16]>::from(Md5::digest(&bytes)),
            "{lead}"
        );
        assert_eq!(
            second.finish(),
            <[u8; 16]>::from(Md5::digest(&bytes[lead..])),
            "{lead}"
        );
    }
}

#[test]
fn block_digests_and_the_whole_digest_match_the_md5_crate() {
    let bytes = data(40_000, 4);
    // Blocks of a multiple of 64 bytes, then of sizes that put later blocks out of
    // step with the whole, fed in pieces that straddle block ends.
    for block_size in [4_096, 1_000, 777, 64, 63] {
        let mut md5 = BlockMd5::new();
        let mut blocks = Vec::new();
        for block in bytes.chunks(block_size) {
            for piece in block.chunks(501) {
                md5.update(piece);
            }
            blocks.push(md5.end_block());
        }
        let want: Vec<[u8; 16]> = bytes
            .chunks(block_size)
            .map(|b| Md5::digest(b).into())
            .collect();
        assert_eq!(blocks, want, "blocks of {block_size}");
        assert_eq!(md5.finish(), <[u8; 16]>::from(Md5::digest(&bytes)));
    }
}

#[test]
fn an_empty_block_has_the_empty_digest() {
    let mut md5 = BlockMd5::new();
    assert_eq!(
        hex::encode(md5.end_block()),
        "d41d8cd98f00b204e9800998ecf8427e"
    );
    md5.update(b"abc");
    assert_eq!(
        hex::encode(md5.end_block()),
        "900150983cd24fb0d6963f7d28e17f72"
    );
    assert_eq!(
        hex::encode(md5.finish()),
        "900150983cd24fb0d6963f7d28e17f72"
    );
}
