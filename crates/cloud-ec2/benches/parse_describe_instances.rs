//! Parsing one `DescribeInstances` page of 1,000 instances, each shaped like a real
//! AWS answer (network interface, block device, tags, security group, metadata
//! options), and the same page tokenized alone, by the scanner the parser reads with
//! and by quick-xml.

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

    // The floor under the parser: the same bytes tokenized and dropped, by the scanner
    // it reads with and by quick-xml.
    let mut group = c.benchmark_group("tokenize");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("cloud_core_scan/1000", |b| {
        b.iter(|| scan_all(std::hint::black_box(body.as_bytes())))
    });
    group.bench_function("quick_xml/1000", |b| {
        b.iter(|| quick_xml_all(std::hint::black_box(body.as_bytes())))
    });
    group.finish();
}

/// Every token of `xml` from `cloud_core::xml::scan`, dropped; how many.
fn scan_all(xml: &[u8]) -> usize {
    use cloud_core::xml::scan::{Scanner, Token};
    let mut scanner = Scanner::new(xml).expect("UTF-8");
    let mut n = 0;
    while scanner.next().expect("well-formed") != Token::End {
        n += 1;
    }
    n
}

/// Every event of `xml` from quick-xml, dropped; how many.
fn quick_xml_all(xml: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut n = 0;
    loop {
        match reader.read_event().expect("well-formed") {
            quick_xml::events::Event::Eof => return n,
            event => {
                std::hint::black_box(&event);
                n += 1;
            }
        }
    }
}

/// The criterion group, kept private so its generated function needs no docs.
mod group {
    criterion::criterion_group!(benches, super::bench);
}

criterion_main!(group::benches);
