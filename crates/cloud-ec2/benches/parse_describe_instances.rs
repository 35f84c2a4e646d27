//! Parsing one `DescribeInstances` page of 1,000 instances, each shaped like a real
//! AWS answer (network interface, block device, tags, security group, metadata
//! options).

use criterion::{Criterion, Throughput, criterion_main};

#[path = "../src/model/sample_page.rs"]
mod sample_page;

/// Instances on the page.
const INSTANCES: usize = 1000;

fn bench(c: &mut Criterion) {
    let body = sample_page::describe_instances_page(INSTANCES);
    let parsed = cloud_ec2::model::describe_instances_page(body.as_bytes())
        .expect("the generated page parses");
    assert_eq!(parsed.items.len(), INSTANCES);
    assert_eq!(parsed.items[7].name, "web-7");
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("describe_instances_page/1000", |b| {
        b.iter(|| {
            cloud_ec2::model::describe_instances_page(std::hint::black_box(body.as_bytes()))
                .expect("parses")
        })
    });
    group.finish();
}

/// The criterion group, kept private so its generated function needs no docs.
mod group {
    criterion::criterion_group!(benches, super::bench);
}

criterion_main!(group::benches);
