//! Decoding speed over the whole installed OTP corpus: every `.beam` file is read into
//! memory once, then each iteration decodes all of them (literals included).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("/usr/lib/erlang/lib")
        .map(|apps| {
            apps.flatten()
                .filter_map(|app| std::fs::read_dir(app.path().join("ebin")).ok())
                .flat_map(|entries| entries.flatten().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "beam"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .filter_map(|path| std::fs::read(path).ok())
        .collect()
}

fn read_corpus(c: &mut Criterion) {
    let files = corpus();
    assert!(
        !files.is_empty(),
        "no .beam files under /usr/lib/erlang/lib: run `scripts/setup` to install Erlang/OTP"
    );
    let total_bytes: usize = files.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("read_corpus");
    group.throughput(Throughput::Bytes(total_bytes as u64));
    group.sample_size(10);
    group.bench_function(format!("all_{}_modules", files.len()), |b| {
        b.iter(|| {
            for bytes in &files {
                let module = beamwasm::beam::read(black_box(bytes)).expect("corpus decodes");
                black_box(&module);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, read_corpus);
criterion_main!(benches);
