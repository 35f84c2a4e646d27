//! The MD5s a staged upload sends (one per block, one for the whole upload) over 64 MiB
//! in 8 MiB blocks: [`BlockMd5`]'s single pass against two passes of the `md-5` crate
//! (built with its assembly core), and one such pass alone for scale.

use cloud_core::storage::BlockMd5;
use criterion::{Criterion, Throughput, criterion_main};
use md5::{Digest, Md5};

const BLOCK: usize = 8 * 1024 * 1024;
const BLOCKS: usize = 8;

fn bench(c: &mut Criterion) {
    let data: Vec<u8> = (0..(BLOCK * BLOCKS) as u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut group = c.benchmark_group("upload_md5s");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.sample_size(10);
    group.bench_function("block_md5_one_pass", |b| {
        b.iter(|| {
            let mut md5 = BlockMd5::new();
            let mut blocks = Vec::with_capacity(BLOCKS);
            for block in data.chunks(BLOCK) {
                md5.update(std::hint::black_box(block));
                blocks.push(md5.end_block());
            }
            (blocks, md5.finish())
        })
    });
    group.bench_function("md5_crate_two_passes", |b| {
        b.iter(|| {
            let mut whole = Md5::new();
            let mut blocks = Vec::with_capacity(BLOCKS);
            for block in data.chunks(BLOCK) {
                let block = std::hint::black_box(block);
                whole.update(block);
                blocks.push(<[u8; 16]>::from(Md5::digest(block)));
            }
            (blocks, <[u8; 16]>::from(whole.finalize()))
        })
    });
    group.bench_function("md5_crate_one_pass", |b| {
        b.iter(|| Md5::digest(std::hint::black_box(&data)))
    });
    group.finish();
}

fn benches() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
}

criterion_main!(benches);
